import SovTestSupport
import Testing
import SovJSON
import SovPrimitives

/// Core's `tx_valid.json` and `tx_invalid.json`: every serialized transaction parses and re-serializes
/// byte for byte. Core's own test deserializes every entry of both files (the invalid ones fail script or
/// `CheckTransaction` checks, not deserialization), so none may be rejected as a serialization.
@Suite(.needsSharedData) struct TransactionVectorTests {
    static func transactions(_ file: String) throws -> [(String, String)] {
        try Fixtures.coreCases(file).enumerated().map { n, item in
            guard item.count == 3, let hex = item[1].stringValue, let flags = item[2].stringValue else {
                Issue.record("\(file) case \(n) is not [prevouts, tx, flags]")
                return ("", "")
            }
            return (hex, flags)
        }
    }

    @Test(arguments: ["vectors/core/tx_valid.json", "vectors/core/tx_invalid.json"])
    func everyTransactionRoundTrips(_ file: String) throws {
        let cases = try Self.transactions(file)
        #expect(cases.count > 80)
        for (hex, flags) in cases {
            let bytes = try Hex.decode(hex)
            do {
                let tx = try Transaction(bytes: bytes)
                #expect(tx.serialized().hex == hex, "\(file): \(hex.prefix(40))… (\(flags))")
            } catch {
                Issue.record("\(file): \(hex.prefix(40))… (\(flags)) did not parse: \(error)")
            }
        }
    }

    /// Structurally invalid serializations derived from the vectors: any strict prefix, a trailing byte, a
    /// segwit marker whose witnesses are all empty (Core: "Superfluous witness record"), an unknown flag bit
    /// (Core: "Unknown transaction optional data"). Core's stream deserializer rejects them all; the
    /// `decoderawtransaction` reading may still accept the bytes as a legacy transaction with zero inputs
    /// (Core's `DecodeTx` tries that too), and nothing else.
    @Test func structurallyInvalidSerializationsThrow() throws {
        let all = try Self.transactions("vectors/core/tx_valid.json") + Self.transactions("vectors/core/tx_invalid.json")
        var segwitCount = 0
        for (hex, _) in all {
            let bytes = try Hex.decode(hex)
            for length in 0..<bytes.count {
                Self.expectRejected(Array(bytes[..<length]), "prefix \(length) of \(hex.prefix(40))…")
            }
            Self.expectRejected(bytes + [0], "trailing byte after \(hex.prefix(40))…")

            let tx = try Transaction(bytes: bytes)
            guard tx.hasWitness else { continue }
            segwitCount += 1
            var flagged = bytes
            flagged[5] = 0x03  // marker 0x00 at 4, flag at 5
            Self.expectRejected(flagged, "unknown flag in \(hex.prefix(40))…")

            // Same transaction, every witness stack emptied, still written with marker and flag.
            var w = ByteWriter()
            w.write(tx.version)
            w.write(UInt8(0)); w.write(UInt8(1))
            w.writeCompactSize(tx.inputs.count)
            for input in tx.inputs {
                input.previousOutput.write(to: &w)
                w.writeVarBytes(input.scriptSig.bytes)
                w.write(input.sequence)
            }
            w.writeCompactSize(tx.outputs.count)
            for output in tx.outputs { output.write(to: &w) }
            for _ in tx.inputs { w.writeCompactSize(0) }
            w.write(tx.lockTime)
            Self.expectRejected(w.bytes, "superfluous witness in \(hex.prefix(40))…")
        }
        #expect(segwitCount > 20)
    }

    /// The stream reader (Core's `TX_WITH_WITNESS` deserialization, whole buffer) throws; the
    /// `decoderawtransaction` reading throws or finds a zero-input legacy transaction that round-trips.
    static func expectRejected(_ bytes: [UInt8], _ context: String) {
        #expect(throws: DecodingError.self, "\(context)") {
            var r = ByteReader(bytes)
            _ = try Transaction(from: &r, allowWitness: true)
            guard r.isAtEnd else { throw DecodingError(offset: r.position, "trailing bytes") }
        }
        if let tx = try? Transaction(bytes: bytes) {
            #expect(tx.inputs.isEmpty && tx.serialized() == bytes, "\(context)")
        }
    }
}
