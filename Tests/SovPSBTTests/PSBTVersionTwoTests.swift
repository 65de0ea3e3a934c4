import SovPrimitives
import SovPSBT
import SovTestSupport
import Testing

/// BIP370 (PSBT version 2) vectors at the parser: invalid ones fail for their reason, valid ones round-trip.
@Suite struct PSBTVersionTwoTests {
    @Test func invalidVectorsFailForTheirReason() {
        #expect(BIP370Vectors.invalid.count == 6)
        for vector in BIP370Vectors.invalid {
            do {
                _ = try PSBT(base64: vector.base64)
                Issue.record("accepted: \(vector.name)")
            } catch {
                #expect(error.reason == vector.message, "\(vector.name)")
            }
        }
    }

    @Test func validVectorsParseAndRoundTrip() throws {
        for text in [BIP370Vectors.requiredFieldsOnly, BIP370Vectors.sequenceAndAllLocktimes, BIP370Vectors.outputsModifiable] {
            let psbt = try PSBT(base64: text)
            #expect(psbt.version == 2)
            #expect(psbt.unsignedTransaction == nil)
            #expect(psbt.inputs.count == 1 && psbt.outputs.count == 2)
            #expect(psbt.base64 == text)
        }
    }
}
