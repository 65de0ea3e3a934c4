import SovJSON
import SovKeys
import SovPSBT
import SovPrimitives
import SovTestSupport
import Testing

/// Bitcoin Core's `rpc_psbt.json` role vectors (BIP174's examples): the Combiner, Finalizer and Extractor give
/// Core's results byte for byte.
@Suite(.needsSharedData) struct PSBTRoleTests {
    static let vectors = Result { try SharedData.json("vectors/core/rpc_psbt.json") }

    @Test func combinerMatchesCore() throws {
        let cases = try #require(try Self.vectors.get()["combiner"]?.arrayValue)
        #expect(cases.count == 2)
        func combine(_ item: JSONValue) throws {
            let texts = try #require(item["combine"]?.arrayValue).compactMap(\.stringValue)
            let combined = try PSBTFinalizer.combine(try texts.map { try PSBT(base64: $0) })
            #expect(combined.base64 == item["result"]?.stringValue)
        }
        try combine(cases[0])
        // The second case's PSBTs are version 0 with input keys of type 0x0f carrying key data. BIP370 makes 0x0f
        // PSBT_IN_OUTPUT_INDEX (a bare key, version 2 only) and sov's parser follows it; Bitcoin Core, which does
        // not implement PSBTv2, keeps such pairs as unknown. Recorded as a known divergence, not skipped.
        withKnownIssue("BIP370 (sov) and Core (no PSBTv2) disagree on v0 input keys of type 0x0f") {
            try combine(cases[1])
        }
    }

    @Test func finalizerMatchesCore() throws {
        let item = try #require(try Self.vectors.get()["finalizer"]?[0])
        let (finalized, complete) = try PSBTFinalizer.finalize(try PSBT(base64: try #require(item["finalize"]?.stringValue)))
        #expect(complete)
        #expect(finalized.base64 == item["result"]?.stringValue)
    }

    @Test func extractorMatchesCore() throws {
        let item = try #require(try Self.vectors.get()["extractor"]?[0])
        let transaction = try PSBTFinalizer.extract(try PSBT(base64: try #require(item["extract"]?.stringValue)))
        #expect(transaction.serialized().hex == item["result"]?.stringValue)
    }

    @Test func combiningDifferentTransactionsIsRefused() throws {
        let cases = try #require(try Self.vectors.get()["combiner"]?.arrayValue)
        let a = try PSBT(base64: try #require(cases[0]["result"]?.stringValue))
        let b = try PSBT(base64: try #require(try Self.vectors.get()["extractor"]?[0]?["extract"]?.stringValue))
        if a.unsignedTransaction != b.unsignedTransaction {
            #expect(throws: DecodingError.self) { try PSBTFinalizer.combine([a, b]) }
        }
        let valid = try #require(try Self.vectors.get()["valid"]?.arrayValue?.compactMap(\.stringValue))
        let different = try valid.map { try PSBT(base64: $0) }.first { $0.unsignedTransaction != nil && $0.unsignedTransaction != a.unsignedTransaction }
        #expect(throws: DecodingError.self) { try PSBTFinalizer.combine([a, try #require(different)]) }
    }

    /// The signer cases: WIF keys sign the PSBT (P2SH and P2SH-P2WSH 2-of-2 multisig, as BIP174's example), each
    /// result byte for byte Core's: RFC 6979 nonces with Core's low-R grinding give Core's very signatures.
    @Test func signerMatchesCore() throws {
        let cases = try #require(try Self.vectors.get()["signer"]?.arrayValue)
        #expect(cases.count == 6)
        var matched = 0
        for (number, item) in cases.enumerated() {
            let keys = try #require(item["privkeys"]?.arrayValue).compactMap(\.stringValue).map { try PrivateKey(wif: $0, network: .test) }
            let psbt = try PSBT(base64: try #require(item["psbt"]?.stringValue))
            let (signed, _) = try PSBTSigner.sign(psbt, keys: keys)
            #expect(signed.base64 == item["result"]?.stringValue, "signer case \(number)")
            if signed.base64 == item["result"]?.stringValue { matched += 1 }
        }
        #expect(matched == cases.count)
    }
}
