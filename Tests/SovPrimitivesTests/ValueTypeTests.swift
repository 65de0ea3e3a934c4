import Foundation
import SovJSON
import SovPrimitives
import SovTestSupport
import Testing

/// The value types every layer passes around, checked against what Bitcoin Core recorded: txids and output
/// values of every decoded fixture transaction (`bitcoin-cli decoderawtransaction`), block hashes of the chain
/// (`checkpoints.json`), script hashes (`scripts.json`).
@Suite(.needsSharedData) struct ValueTypeTests {
    /// Core's decoder text of every fixture transaction, with the transaction.
    static func recordedTransactions() throws -> [(transaction: Transaction, core: String)] {
        try ["fixtures/regtest/decoded/regtest-txs.jsonl", "fixtures/regtest-busy/decoded/regtest-txs.jsonl"].flatMap { file in
            try SharedData.jsonLines(file).map { line in
                let hex = try #require(line["hex"]?.stringValue)
                return (try Transaction(bytes: try Hex.decode(hex)), try #require(line["bitcoin_cli"]?.stringValue))
            }
        }
    }

    @Test func txidsAreCoresAndOrderAsDisplayed() throws {
        let recorded = try Self.recordedTransactions()
        #expect(recorded.count > 300)
        var txids: [Txid] = []
        for (transaction, core) in recorded {
            let shown = try #require(try JSONParser.parse(core)["txid"]?.stringValue)
            let txid = transaction.txid
            #expect(txid.hex == shown)
            #expect(txid.description == shown)
            #expect(Txid(shown) == txid, "read back from its display form")
            #expect(Txid(shown.uppercased()) == txid)
            #expect(Txid(bytes: txid.bytes) == txid)
            #expect(txid.bytes == Hashes.hash256(transaction.serialized(includingWitness: false)))
            txids.append(txid)
        }
        // Ordered as the hex strings are (the Electrum protocol's mempool order); equal only when the same.
        let sorted = txids.sorted()
        #expect(sorted.map(\.hex) == txids.map(\.hex).sorted())
        #expect(Set(txids).count == Set(txids.map(\.hex)).count)
    }

    @Test func outputValuesPrintAsCorePrintsThem() throws {
        var checked = 0
        for (transaction, core) in try Self.recordedTransactions() {
            // The literal text Core wrote for each output's value, in order.
            let written = core.split(separator: "\n").filter { $0.contains("\"value\": ") }
                .map { String($0.split(separator: ":")[1].dropFirst().prefix { $0 != "," }) }
            #expect(written.count == transaction.outputs.count)
            for (output, text) in zip(transaction.outputs, written) {
                let amount = Amount(satoshis: output.value)
                #expect(amount.description == text)
                #expect(Amount(bitcoins: text) == amount)
                checked += 1
            }
        }
        #expect(checked > 600)
    }

    @Test func blockHashesAndTipsAreTheRecordedOnes() throws {
        for folder in ["regtest", "regtest-busy"] {
            let blocks = try SharedData.chain("fixtures/\(folder)/chain.hex")
            let checkpoints = try #require(try SharedData.json("fixtures/\(folder)/checkpoints.json").arrayValue)
            #expect(checkpoints.count >= 2)
            for checkpoint in checkpoints {
                let height = try #require(checkpoint["height"]?.intValue)
                let recorded = try #require(checkpoint["tip"]?.stringValue)
                guard height < blocks.count, try Block(bytes: blocks[height]).header.hash.hex == recorded else { continue }
                let tip = ChainTip(height: height, hash: try #require(BlockHash(recorded)))
                #expect(tip.hash == (try Block(bytes: blocks[height]).header.hash))
                #expect(tip.description == "\(height) \(recorded)")
            }
            // The final tip is the chain's last block.
            let last = try #require(checkpoints.last)
            #expect(try Block(bytes: blocks[blocks.count - 1]).header.hash.hex == last["tip"]?.stringValue)
        }
    }

    @Test func scriptHashesAreTheProtocols() throws {
        let scripts = try #require(try SharedData.json("fixtures/regtest/scripts.json")["scripthashes"]?.objectValue)
        #expect(scripts.entries.count > 50)
        for (key, record) in scripts.entries {
            let script = try Hex.decode(try #require(record["script"]?.stringValue))
            #expect(ScriptHash(script: script).hex == key)
            #expect(ScriptHash(key) == ScriptHash(script: script))
        }
    }

    @Test func hashesAreInlineAndRejectWrongLengths() {
        #expect(MemoryLayout<Txid>.size == 32)
        #expect(MemoryLayout<BlockHash>.size == 32)
        #expect(Txid(bytes: [UInt8](repeating: 1, count: 31)) == nil)
        #expect(Txid(bytes: [UInt8](repeating: 1, count: 33)) == nil)
        #expect(Txid(String(repeating: "0", count: 63)) == nil)
        #expect(Txid(String(repeating: "g", count: 64)) == nil)
        #expect(Txid(String(repeating: "0", count: 64)) == Txid(Hash32.zero))
    }

    @Test func amountArithmeticIsCheckedAndFormattingIsCores() {
        #expect(Amount(satoshis: 1).description == "0.00000001")
        #expect(Amount(satoshis: -1_000).description == "-0.00001000")
        #expect(Amount.maximum.description == "21000000.00000000")
        #expect(Amount(satoshis: .min).description == "-92233720368.54775808")
        #expect(Amount(satoshis: .max).adding(Amount(satoshis: 1)) == nil)
        #expect(Amount(satoshis: .min).subtracting(Amount(satoshis: 1)) == nil)
        #expect(Amount.sum([Amount(satoshis: .max), Amount(satoshis: 1)]) == nil)
        #expect(Amount.sum([Amount(satoshis: 5), Amount(satoshis: 7)]) == Amount(satoshis: 12))
        #expect(Amount.maximum.isValidOutputValue && !Amount(satoshis: Amount.maximum.satoshis + 1).isValidOutputValue)
        for bad in ["", "-", ".", "1.", ".5", "1.123456789", "1e3", "+1", "1.2.3", "92233720369"] {
            #expect(Amount(bitcoins: bad) == nil, "\(bad)")
        }
        #expect(Amount(bitcoins: "0.1") == Amount(satoshis: 10_000_000))
        #expect(Amount(bitcoins: "-21000000") == Amount(satoshis: -Amount.maximum.satoshis))
    }

    @Test func transactionHeightsOnTheWire() {
        #expect(TransactionHeight(wire: 1_264) == .confirmed(1_264))
        #expect(TransactionHeight(wire: 0) == .mempool)
        #expect(TransactionHeight(wire: -1) == .mempoolWithUnconfirmedParent)
        #expect(TransactionHeight(wire: -2) == nil)
        #expect(TransactionHeight(unconfirmedWithParent: true) == .mempoolWithUnconfirmedParent)
        for wire in [-1, 0, 1, 840_000] { #expect(TransactionHeight(wire: wire)?.wire == wire) }
        #expect(TransactionHeight.confirmed(7).isConfirmed && !TransactionHeight.mempool.isConfirmed)
    }
}
