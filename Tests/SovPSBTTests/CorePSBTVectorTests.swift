import SovJSON
import SovPrimitives
import SovPSBT
import SovTestSupport
import Testing

/// Bitcoin Core's PSBT vectors (`src/test/data/rpc_psbt.json`, in ../shared/vectors/core) at the parser.
@Suite(.needsSharedData) struct CorePSBTVectorTests {
    /// Core's valid vectors parse and serialize back to the very same bytes.
    @Test func validVectorsRoundTrip() throws {
        let vectors = try JSONParser.parse(try SharedData.text("vectors/core/rpc_psbt.json"))
        let valid = try #require(vectors["valid"]?.arrayValue)
        #expect(valid.count >= 30)
        for item in valid {
            let text = try #require(item.stringValue)
            let psbt = try PSBT(base64: text)
            #expect(psbt.base64 == text)
        }
    }

    /// Core's invalid vectors are all rejected, those with a message with Core's message.
    @Test func invalidVectorsAreRejected() throws {
        let vectors = try JSONParser.parse(try SharedData.text("vectors/core/rpc_psbt.json"))
        let invalid = try #require(vectors["invalid"]?.arrayValue)
        let withMessage = try #require(vectors["invalid_with_msg"]?.arrayValue)
        #expect(invalid.count >= 40 && withMessage.count >= 20)
        for item in invalid {
            let text = try #require(item.stringValue)
            #expect(throws: DecodingError.self, "\(text)") { try PSBT(base64: text) }
        }
        for item in withMessage {
            let text = try #require(item[0]?.stringValue)
            let message = try #require(item[1]?.stringValue)
            do {
                _ = try PSBT(base64: text)
                Issue.record("accepted an invalid PSBT (\(message)): \(text)")
            } catch {
                #expect(error.reason.contains(message), "expected “\(message)”, got “\(error.reason)”")
            }
        }
    }
}
