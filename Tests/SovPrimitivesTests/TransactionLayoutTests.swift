import SovTestSupport
import Testing
import SovJSON
@testable import SovPrimitives

/// `TransactionLayout`, the raw walk behind `Transaction.skip`, `forEachOutput` and `txid`, against
/// `ByteReader`'s walk, which it stands in for: on every transaction of Core's vectors, of both recorded chains
/// and of mainnet block 413567, and on their truncations and bit flips, the two must end at the same byte, see
/// the same outputs and hash the same txid, or both refuse. The recorded transactions' txids are Core's own.
@Suite(.needsSharedData) struct TransactionLayoutTests {
    struct Walked: Equatable {
        var txid: Txid
        var end: Int
        var outputs: [String]
    }

    /// `bytes` followed by `trailing` (a transaction inside a block ends before its buffer does), walked from
    /// 0 by the public entry (the raw walk, falling back to the reader) or by the reader alone.
    static func walk(_ bytes: [UInt8], trailing: [UInt8], readerOnly: Bool) -> Walked? {
        let buffer = bytes + trailing
        var r = ByteReader(buffer)
        var outputs: [String] = []
        let body = { (vout: Int, value: Int64, script: Range<Int>) in outputs.append("\(vout):\(value):\(buffer[script].hex)") }
        let txid = readerOnly ? try? Transaction.txidByReader(&r, forEachOutput: body) : try? Transaction.txid(&r, forEachOutput: body)
        return txid.map { Walked(txid: $0, end: r.position, outputs: outputs) }
    }

    /// Whether the two walks agree on `bytes`, alone and with bytes after it; `skip` must end where they do.
    static func agree(_ bytes: [UInt8], _ context: @autoclosure () -> String) -> Walked? {
        var first: Walked?
        for (n, trailing) in ([[], [0x00], [0xfd, 0xff, 0xff, 0x01, 0x02, 0x03]] as [[UInt8]]).enumerated() {
            let fast = walk(bytes, trailing: trailing, readerOnly: false)
            let reader = walk(bytes, trailing: trailing, readerOnly: true)
            #expect(fast == reader, "raw walk and ByteReader walk differ on \(context()) with \(trailing.count) bytes after it")
            var r = ByteReader(bytes + trailing)
            let skipped = (try? Transaction.skip(&r)).map { r.position }
            #expect(skipped == reader?.end, "skip ends elsewhere than the walk on \(context())")
            if n == 0 { first = reader }
        }
        return first
    }

    static func recorded(_ folder: String) throws -> [(hex: [UInt8], txid: String)] {
        try Fixtures.jsonLines("fixtures/\(folder)/decoded/regtest-txs.jsonl").map { line in
            let hex = try Hex.decode(try #require(line["hex"]?.stringValue))
            let decoded = try JSONParser.parse(try #require(line["bitcoin_cli"]?.stringValue))
            return (hex, try #require(decoded["txid"]?.stringValue))
        }
    }

    @Test(arguments: ["regtest", "regtest-busy"]) func recordedTransactionsHaveCoresTxids(_ folder: String) throws {
        let transactions = try Self.recorded(folder)
        #expect(transactions.count > 100)
        var fast = 0
        for (n, tx) in transactions.enumerated() {
            let walked = Self.agree(tx.hex, "\(folder) transaction \(n)")
            #expect(walked?.txid.hex == tx.txid, "\(folder) transaction \(n)")
            #expect(walked?.end == tx.hex.count)
            if tx.hex.withUnsafeBytes({ TransactionLayout($0, from: 0, to: tx.hex.count) }) != nil { fast += 1 }
        }
        // Every recorded transaction is well formed: all take the raw walk.
        #expect(fast == transactions.count)
        let sampled = transactions.enumerated().filter { $0.offset % 7 == 0 }
        for (n, tx) in sampled {
            Mutations.forEach(tx.hex, flips: 6, seed: 0x1a70_0001, everyUpTo: 0, sampled: 24) { mutated, how in
                _ = Self.agree(mutated, "\(folder) transaction \(n) \(how)")
            }
        }
    }

    @Test func vectorAndMainnetTransactions() throws {
        var inputs = try ParserMutationTests.vectorBinaries()
        let block = try Block(bytes: try Fixtures.bytes("blocks/mainnet-413567.raw"))
        for (n, tx) in block.transactions.enumerated() { inputs.append(("mainnet tx \(n)", tx.serialized())) }
        var parsed = 0
        for (name, bytes) in inputs {
            let walked = Self.agree(bytes, name)
            // Where the full parser takes the bytes as exactly one transaction, the walk's txid is its txid.
            if let tx = try? Transaction(bytes: bytes) {
                parsed += 1
                #expect(walked?.txid == tx.txid, "\(name)")
            }
        }
        #expect(parsed > 1_000)
        for (name, bytes) in inputs.enumerated().filter({ $0.offset % 5 == 0 }).map(\.element) {
            Mutations.forEach(bytes, flips: 4, seed: 0x1a70_0002, everyUpTo: 0, sampled: 16) { mutated, how in
                _ = Self.agree(mutated, "\(name) \(how)")
            }
        }
    }

    /// Sizes the raw walk leaves to the reader: non-canonical, over Core's limit, 9-byte; and a flag other
    /// than 1 after the segwit marker. The reader refuses or takes them; the two still agree.
    @Test func unusualEncodingsFallBackToTheReader() throws {
        // A one-input, one-output transaction whose output script length is written as `size`.
        func transaction(scriptLength size: [UInt8], script: [UInt8]) -> [UInt8] {
            [1, 0, 0, 0, 1] + [UInt8](repeating: 7, count: 36) + [0] + [0xff, 0xff, 0xff, 0xff]
                + [1] + [0x10, 0, 0, 0, 0, 0, 0, 0] + size + script + [0, 0, 0, 0]
        }
        // (name, bytes, whether the reader takes them, whether the raw walk does)
        let cases: [(String, [UInt8], Bool, Bool)] = [
            ("canonical", transaction(scriptLength: [3], script: [0x51, 0x52, 0x53]), true, true),
            ("0xfd for 3", transaction(scriptLength: [0xfd, 3, 0], script: [0x51, 0x52, 0x53]), false, false),
            ("0xfd for 253", transaction(scriptLength: [0xfd, 0xfd, 0], script: [UInt8](repeating: 0x51, count: 253)), true, true),
            ("0xfe for 253", transaction(scriptLength: [0xfe, 0xfd, 0, 0, 0], script: [UInt8](repeating: 0x51, count: 253)), false, false),
            ("0xfe for 2^16", transaction(scriptLength: [0xfe, 0, 0, 1, 0], script: [UInt8](repeating: 0x51, count: 65_536)), true, true),
            ("0xff for 3", transaction(scriptLength: [0xff, 3, 0, 0, 0, 0, 0, 0, 0], script: [0x51, 0x52, 0x53]), false, false),
            ("over 2^25", transaction(scriptLength: [0xfe, 1, 0, 0, 2], script: []), false, false),
            ("marker, flag 2", [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0], false, false),
            // Core reads this as no inputs and no outputs; the raw walk leaves it to the reader.
            ("marker, flag 0", [2, 0, 0, 0, 0, 0, 0, 0, 0, 0], true, false),
        ]
        for (name, bytes, readerTakes, rawTakes) in cases {
            let walked = Self.agree(bytes, name)
            #expect((walked != nil) == readerTakes, "\(name)")
            let raw = bytes.withUnsafeBytes { TransactionLayout($0, from: 0, to: bytes.count) } != nil
            #expect(raw == rawTakes, "\(name): raw walk taken \(raw)")
        }
    }
}
