import Foundation
import SovIndex
import SovPrimitives
import Testing

/// The batched writer (packed rows, sorted, one table file per batch) against the schema's key functions,
/// on small hand-built chains: spends within a batch, a transaction whose many outputs are spent out of
/// order, outputs paying one script twice, and a batch that fails halfway.
@Suite struct IndexBatchWriteTests {
    static let zeroHash = [UInt8](repeating: 0, count: 32)
    static let genesisParent = BlockHash(.zero)

    static func coinbase(height: Int, outputs: [Script]) -> Transaction {
        Transaction(inputs: [TxInput(previousOutput: OutPoint(txid: Txid(.zero), index: .max), scriptSig: Script([0x03, UInt8(height & 0xff), UInt8(height >> 8), 0]))],
                    outputs: outputs.map { TxOutput(value: 1_000, scriptPubKey: $0) })
    }

    static func spend(_ outpoints: [(txid: Txid, vout: UInt32)], to outputs: [Script]) -> Transaction {
        Transaction(inputs: outpoints.map { TxInput(previousOutput: OutPoint(txid: $0.txid, index: $0.vout)) },
                    outputs: outputs.map { TxOutput(value: 10, scriptPubKey: $0) })
    }

    static func block(height: Int, previous: BlockHash, _ transactions: [Transaction]) throws -> PreparedBlock {
        let header = BlockHeader(version: 4, previousBlockHash: previous, merkleRoot: zeroHash, time: UInt32(1_600_000_000 + height), bits: 0x207f_ffff, nonce: 0)
        var w = ByteWriter(capacity: 1_000)
        w.write(bytes: header.serialized)
        w.writeCompactSize(transactions.count)
        for tx in transactions { tx.write(to: &w) }
        return try PreparedBlock(height: height, raw: w.bytes, source: .node)
    }

    /// A script per output: `OP_n` pushes, so that some repeat.
    static func script(_ n: Int) -> Script { Script([0x01, UInt8(n % 7), 0x75, 0x51]) }

    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sov-index-batch-\(UUID().uuidString)").path
    }

    /// Every key the schema says `blocks` add (block records and metadata aside), with its value.
    static func expectedRows(_ blocks: [PreparedBlock]) -> [[UInt8]: [UInt8]] {
        var rows: [[UInt8]: [UInt8]] = [:]
        var positions: [Txid: TxPosition] = [:]
        var scripts: [Txid: [Script]] = [:]
        for block in blocks {
            for (chunk, row) in transactionTableRows(block.transactions).enumerated() {
                rows[IndexSchema.transactionsKey(height: block.height, chunk: chunk)] = row
            }
            for (i, tx) in block.transactions.enumerated() {
                let position = TxPosition(height: block.height, index: i)
                positions[block.txids[i]] = position
                scripts[block.txids[i]] = tx.outputs.map(\.scriptPubKey)
                rows[IndexSchema.txidKey(txid: block.txids[i], position)] = []
                if block.height > 0 || i > 0 {
                    for output in tx.outputs { rows[IndexSchema.fundingKey(scriptHash: ScriptHash(script: output.scriptPubKey.bytes), position)] = [] }
                }
                if tx.isCoinbase { continue }
                for input in tx.inputs {
                    let spent = scripts[input.previousOutput.txid]![Int(input.previousOutput.index)]
                    rows[IndexSchema.spendKey(scriptPrefix: IndexSchema.prefix(of: ScriptHash(script: spent.bytes)),
                                              positions[input.previousOutput.txid]!, vout: input.previousOutput.index)] = IndexSchema.positionValue(position)
                }
            }
        }
        return rows
    }

    /// A block's `X` rows as the schema describes them: per 64 transactions, the count, the txids, the first
    /// transaction's offset in the block and each transaction's size, the numbers in LEB128.
    static func transactionTableRows(_ transactions: [Transaction]) -> [[UInt8]] {
        func leb128(_ n: Int) -> [UInt8] {
            var n = n, out: [UInt8] = []
            repeat {
                out.append(UInt8(n & 0x7f) | (n >= 0x80 ? 0x80 : 0))
                n >>= 7
            } while n > 0
            return out
        }
        var count = ByteWriter(capacity: 9)
        count.writeCompactSize(transactions.count)
        var offset = 80 + count.bytes.count
        return stride(from: 0, to: transactions.count, by: 64).map { start in
            let chunk = transactions[start..<min(start + 64, transactions.count)]
            var row = leb128(chunk.count)
            row += leb128(offset)
            for tx in chunk {
                row += leb128(tx.serialized().count)
                offset += tx.serialized().count
            }
            return row
        }
    }

    static func storedRows(_ index: AddressIndex) -> [([UInt8], [UInt8])] {
        var rows: [([UInt8], [UInt8])] = []
        index.store.scan(prefix: []) { k, v in
            if let tag = k.first, tag != UInt8(ascii: "L"), tag != UInt8(ascii: "M") { rows.append((Array(k), Array(v))) }
            return true
        }
        return rows
    }

    @Test func oneBatchWritesExactlyTheSchemaRows() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let index = try AddressIndex(directory: directory, network: .regtest, create: true)
        let b0 = try Self.block(height: 0, previous: Self.genesisParent, [Self.coinbase(height: 0, outputs: [Self.script(0)])])
        // 40 outputs, 7 distinct scripts: the same funding row more than once for one transaction.
        let wide = Self.coinbase(height: 1, outputs: (0..<40).map(Self.script))
        let b1 = try Self.block(height: 1, previous: b0.hash, [wide])
        // Spends all 40 outputs in reverse order, then a spend of that spend, in the same block.
        let gather = Self.spend((0..<40).reversed().map { (wide.txid, UInt32($0)) }, to: [Self.script(3), Self.script(3)])
        let chained = Self.spend([(gather.txid, 1), (gather.txid, 0)], to: [Self.script(5)])
        let b2 = try Self.block(height: 2, previous: b1.hash, [Self.coinbase(height: 2, outputs: [Self.script(1)]), gather, chained])
        try index.apply([b0, b1, b2])

        #expect(index.tip?.height == 2)
        #expect(index.tip?.hash == b2.hash)
        let stored = Self.storedRows(index)
        let expected = Self.expectedRows([b0, b1, b2])
        #expect(stored.count == expected.count)
        for (key, value) in stored { #expect(expected[key] == value, "unexpected row \(Hex.encode(key))") }
        // Keys come back in byte order, once each.
        #expect(zip(stored, stored.dropFirst()).allSatisfy { $0.0.lexicographicallyPrecedes($1.0) })
        for height in 0...2 { #expect(try index.blockRecord(height: height)?.hash == [b0, b1, b2][height].hash) }
        #expect(try index.position(ofTxid: chained.txid) == TxPosition(height: 2, index: 2))
    }

    @Test func aFailedBatchLeavesNoTrace() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let index = try AddressIndex(directory: directory, network: .regtest, create: true)
        let b0 = try Self.block(height: 0, previous: Self.genesisParent, [Self.coinbase(height: 0, outputs: [Self.script(0)])])
        let funding = Self.coinbase(height: 1, outputs: [Self.script(1), Self.script(2)])
        let b1 = try Self.block(height: 1, previous: b0.hash, [funding])
        try index.apply([b0, b1])
        let before = Self.storedRows(index)

        // Block 2 is fine; block 3 spends a transaction no block has.
        let good = Self.spend([(funding.txid, 0)], to: [Self.script(4)])
        let b2 = try Self.block(height: 2, previous: b1.hash, [Self.coinbase(height: 2, outputs: [Self.script(3)]), good])
        let orphan = Self.spend([(Txid(bytes: [UInt8](repeating: 7, count: 32))!, 0)], to: [Self.script(5)])
        let b3 = try Self.block(height: 3, previous: b2.hash, [Self.coinbase(height: 3, outputs: [Self.script(6)]), orphan])
        #expect(throws: IndexError.self) { try index.apply([b2, b3]) }
        #expect(index.tip?.height == 1)
        #expect(try index.position(ofTxid: good.txid) == nil)
        #expect(Self.storedRows(index).map(\.0) == before.map(\.0))

        // The index carries on from where it was.
        try index.apply([b2])
        #expect(index.tip?.height == 2)
        #expect(try index.position(ofTxid: good.txid) == TxPosition(height: 2, index: 1))
        let expected = Self.expectedRows([b0, b1, b2])
        let stored = Self.storedRows(index)
        #expect(stored.count == expected.count)
        for (key, value) in stored { #expect(expected[key] == value, "unexpected row \(Hex.encode(key))") }
    }
}
