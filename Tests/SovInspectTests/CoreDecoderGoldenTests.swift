import SovInspect
import SovJSON
import SovPrimitives
import SovTestSupport
import Testing

/// `sov decode` must print exactly what `bitcoin-cli decoderawtransaction` / `decodescript` printed.
@Suite(.needsSharedData) struct CoreDecoderGoldenTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let file: String
        let kind: DecodeKind
        let network: Network
        var testDescription: String { "\(file) as \(kind) on \(network)" }
    }

    static let cases: [Case] = [
        Case(file: "fixtures/regtest/decoded/regtest-txs.jsonl", kind: .tx, network: .regtest),
        Case(file: "fixtures/regtest-busy/decoded/regtest-txs.jsonl", kind: .tx, network: .regtest),
        Case(file: "fixtures/regtest/decoded/scripts.jsonl", kind: .script, network: .regtest),
        Case(file: "fixtures/regtest-busy/decoded/scripts.jsonl", kind: .script, network: .regtest),
        Case(file: "blocks/mainnet-413567-decoded.jsonl", kind: .tx, network: .main),
    ]

    @Test(arguments: cases)
    func matchesBitcoinCoreByteForByte(_ c: Case) throws {
        let inspector = Inspector(network: c.network)
        let lines = try SharedFixtures.jsonLines(c.file)
        #expect(!lines.isEmpty)
        var mismatches = 0
        for line in lines {
            let hex = try #require(line["hex"]?.stringValue)
            let expected = try #require(line["bitcoin_cli"]?.stringValue)
            let output = try inspector.decode(.text(hex), as: c.kind).pretty + "\n"
            if output != expected {
                mismatches += 1
                if mismatches <= 3 { Issue.record("\(c.file): \(hex.prefix(64))…\nexpected:\n\(expected)\ngot:\n\(output)") }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(lines.count) differ from Core")
    }

    /// Detection picks the transaction kind for every fixture transaction.
    @Test func detectsTransactions() throws {
        let inspector = Inspector(network: .regtest)
        var transactionsChecked = 0
        for line in try SharedFixtures.jsonLines("fixtures/regtest/decoded/regtest-txs.jsonl") {
            transactionsChecked += 1
            #expect(try inspector.detect(.text(line["hex"]!.stringValue!)) == .tx)
        }
        #expect(transactionsChecked > 0, "the fixture gave nothing to check")
    }

    /// Binary input decodes the same as its hex.
    @Test func binaryInputEqualsHexInput() throws {
        let inspector = Inspector(network: .main)
        let lines = try SharedFixtures.jsonLines("blocks/mainnet-413567-decoded.jsonl")
        for line in lines.prefix(50) {
            let hex = line["hex"]!.stringValue!
            let binary = DecodeInput.from(bytes: try Hex.decode(hex))
            #expect(try inspector.decode(binary).pretty + "\n" == line["bitcoin_cli"]!.stringValue!)
        }
    }
}
