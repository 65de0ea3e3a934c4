import Foundation
import SovIndex
import SovNodeDouble
import SovPrimitives
import SovTestSupport
import Testing

/// Schema 4's transaction tables against the fixture chains' blocks, and the upgrade of a schema-2 or schema-3
/// index in place: refused to readers, resumed after an interruption, and ending where a fresh build ends.
@Suite(.serialized, .needsSharedData) struct IndexSchemaUpgradeTests {
    static func blocksDirectory(_ fixture: String) -> String {
        FixtureChain.directory(named: fixture).appendingPathComponent("blocks").path
    }

    /// A current-schema index of `fixture`'s block files (their most-work chain).
    static func build(_ fixture: String, into directory: String) throws {
        let index = try AddressIndex(directory: directory, network: .regtest, create: true)
        let blocks = blocksDirectory(fixture)
        let sync = IndexSync(index: index, files: BlockFileSlices(directory: blocks), node: nil)
        sync.batchBlocks = 16
        _ = try sync.sync(to: try ChainPlanner.targetChain(sync: sync, blocksDirectory: blocks, network: .regtest, reorgLimit: 100))
        index.store.close()
    }

    static func rows(withTag tag: Character, in index: AddressIndex) -> [[UInt8]: [UInt8]] {
        var rows: [[UInt8]: [UInt8]] = [:]
        index.store.scan(prefix: [tag.asciiValue!]) { k, v in
            rows[Array(k)] = Array(v)
            return true
        }
        return rows
    }

    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sov-index-upgrade-\(UUID().uuidString)").path
    }

    @Test(arguments: ["regtest", "regtest-busy"])
    func tablesDescribeEveryTransactionOfEveryBlock(_ fixture: String) throws {
        let chain = try FixtureChain(name: fixture)
        var transactions = 0
        for raw in chain.blocks + chain.staleBlocks.map(\.raw) {
            let block = try Block(bytes: raw)
            let prepared = try PreparedBlock(height: 0, raw: raw, source: .node)
            let table = prepared.table
            #expect(prepared.txids == block.transactions.map(\.txid))
            var count = ByteWriter(capacity: 9)
            count.writeCompactSize(block.transactions.count)
            #expect(table.offsets.first == UInt32(80 + count.bytes.count))
            #expect(table.offsets.last == UInt32(raw.count))
            for (i, tx) in block.transactions.enumerated() {
                // Each range holds that transaction's serialization, witness included, and nothing else.
                #expect(Array(raw[table.range(of: i)]) == tx.serialized())
                // Hashed straight from those bytes (witness left out), it is the txid of the parsed transaction.
                var r = ByteReader(Array(raw[table.range(of: i)]))
                #expect(try Transaction.txid(&r) == tx.txid && r.isAtEnd)
            }
            transactions += table.count
            // Stored as chunks of 64 transactions, each describing its run of the block, which join back whole.
            let chunks = table.chunks
            #expect(chunks.count == (table.count + 63) / 64)
            for chunk in chunks {
                #expect(chunk.first % BlockTransactionTable.chunkSize == 0 && chunk.count <= BlockTransactionTable.chunkSize)
                for position in chunk.positions { #expect(chunk.range(of: position) == table.range(of: position)) }
                let encoded = chunk.encoded
                #expect(try BlockTransactionTable(encoded: encoded, first: chunk.first) == chunk)
                // Cut short or followed by stray bytes, a stored chunk is refused, never misread.
                #expect(throws: DecodingError.self) { try BlockTransactionTable(encoded: Array(encoded.dropLast()), first: chunk.first) }
                #expect(throws: DecodingError.self) { try BlockTransactionTable(encoded: encoded + [0], first: chunk.first) }
            }
            // The chunks follow each other: together they describe the whole block, each transaction once.
            for (a, b) in zip(chunks, chunks.dropFirst()) { #expect(b.first == a.first + a.count && b.offsets.first == a.offsets.last) }
            #expect(chunks.first?.first == 0 && chunks.last.map { $0.first + $0.count } == table.count)
        }
        #expect(transactions > chain.blocks.count)
    }

    @Test func aSchemaTwoIndexIsRefusedToReadersAndUpgradedInPlaceResumingAfterAStop() throws {
        let fixture = "regtest-busy"
        let old = Self.temporaryDirectory(), fresh = Self.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: old)
            try? FileManager.default.removeItem(atPath: fresh)
        }
        try SchemaTwoIndex.build(blocksDirectory: Self.blocksDirectory(fixture), into: old)
        try Self.build(fixture, into: fresh)
        do {
            // Schema 2 keyed spends by the spent output alone, and had no transaction tables.
            let stored = try AddressIndex(directory: old, network: .regtest, create: true, allowingUpgrade: true)
            #expect(Self.rows(withTag: "X", in: stored).isEmpty && Self.rows(withTag: "S", in: stored).isEmpty)
            #expect(!Self.rows(withTag: "O", in: stored).isEmpty)
            stored.store.close()
        }

        // A reader, and a writer that does not upgrade, get the one error that says what to do.
        #expect(throws: IndexError.outdatedSchema(path: old, schema: 2)) {
            _ = try AddressIndex(directory: old, network: .regtest, create: false, readOnly: true)
        }
        #expect(throws: IndexError.outdatedSchema(path: old, schema: 2)) {
            _ = try AddressIndex(directory: old, network: .regtest, create: true)
        }
        #expect(IndexError.outdatedSchema(path: old, schema: 2).description.contains("sov index build"))

        // A writer upgrades part of the way and is stopped: the index still says schema 2 and cannot be extended.
        var index = try AddressIndex(directory: old, network: .regtest, create: true, allowingUpgrade: true)
        index.blockSource = BlockFileSlices(directory: Self.blocksDirectory(fixture))
        #expect(index.needsUpgrade)
        let tipHeight = try #require(index.tip?.height)
        var reports: [IndexProgress] = []
        try index.upgradeSchema(blocksPerBatch: 10, progress: { reports.append($0) }, shouldStop: { reports.count >= 2 })
        #expect(index.needsUpgrade)
        #expect(reports.map(\.height) == [9, 19])
        #expect(throws: IndexError.self) { try index.rollback(to: 0) }
        index.store.close()
        #expect(throws: IndexError.outdatedSchema(path: old, schema: 2)) {
            _ = try AddressIndex(directory: old, network: .regtest, create: false, readOnly: true)
        }

        // Opened again, it resumes after the last batch written and finishes.
        index = try AddressIndex(directory: old, network: .regtest, create: true, allowingUpgrade: true)
        index.blockSource = BlockFileSlices(directory: Self.blocksDirectory(fixture))
        reports = []
        try index.upgradeSchema(blocksPerBatch: 10, progress: { reports.append($0) })
        #expect(!index.needsUpgrade)
        #expect(reports.first?.blocks == min(10, tipHeight + 1 - 20))
        #expect(reports.last?.height == tipHeight)
        #expect(reports.last.map { $0.blocks } == tipHeight + 1 - 20)
        index.store.close()

        // Now every reader opens it, and it holds what a fresh build of the same chain holds.
        let upgraded = try AddressIndex(directory: old, network: .regtest, create: false, readOnly: true)
        upgraded.blockSource = BlockFileSlices(directory: Self.blocksDirectory(fixture))
        let built = try AddressIndex(directory: fresh, network: .regtest, create: false, readOnly: true)
        for tag: Character in ["X", "T", "F", "S", "O", "L"] {
            let a = Self.rows(withTag: tag, in: upgraded), b = Self.rows(withTag: tag, in: built)
            #expect(a == b, "\(tag) rows differ")
            if tag == "X" { #expect(a.count == tipHeight + 1) }
            if tag == "S" { #expect(a.count > tipHeight) }
            if tag == "O" { #expect(a.isEmpty) }
        }
        try IndexExpectations.check(index: upgraded, mempool: nil, record: try ScriptsRecord(fixture: fixture))
    }

    @Test func aSchemaThreeIndexDropsItsStoredTxidsInPlaceResumingAfterAStop() throws {
        let fixture = "regtest-busy"
        let old = Self.temporaryDirectory(), fresh = Self.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: old)
            try? FileManager.default.removeItem(atPath: fresh)
        }
        try Self.build(fixture, into: fresh)
        try Self.build(fixture, into: old)
        // Made into what schema 3 stored: each transaction-table row held its transactions' txids after the
        // count (LEB128; one byte for a chunk of at most 64), before the offsets; each spend row's key began
        // with 6 bytes of the spent output's script hash, not 4.
        var index = try AddressIndex(directory: old, network: .regtest, create: true)
        index.blockSource = BlockFileSlices(directory: Self.blocksDirectory(fixture))
        let tipHeight = try #require(index.tip?.height)
        let batch = WriteBatch()
        for (key, value) in Self.rows(withTag: "X", in: index) {
            let height = Int(key[1]) << 24 | Int(key[2]) << 16 | Int(key[3]) << 8 | Int(key[4])
            let first = (Int(key[5]) << 8 | Int(key[6])) * BlockTransactionTable.chunkSize
            let txids = try Block(bytes: try index.rawBlock(height: height)).transactions.map(\.txid)
            #expect(Int(value[0]) <= BlockTransactionTable.chunkSize)
            batch.put(key, [value[0]] + txids[first..<first + Int(value[0])].flatMap(\.bytes) + value.dropFirst())
        }
        var spendRows = 0
        for (key, value) in Self.rows(withTag: "S", in: index) {
            #expect(key.count == 14)
            let height = Int(key[5]) << 24 | Int(key[6]) << 16 | Int(key[7]) << 8 | Int(key[8])
            let position = Int(key[9]) << 8 | Int(key[10]), vout = Int(key[11]) << 16 | Int(key[12]) << 8 | Int(key[13])
            let spent = try Block(bytes: try index.rawBlock(height: height)).transactions[position].outputs[vout]
            let scriptHash = ScriptHash(script: spent.scriptPubKey.bytes).bytes
            #expect(Array(key[1..<5]) == Array(scriptHash[0..<4]))
            batch.delete(key)
            batch.put([key[0]] + scriptHash[0..<6] + key[5...], value)
            spendRows += 1
        }
        try index.store.write(batch)
        try index.recordSchema(3)
        index.store.close()
        #expect(throws: IndexError.outdatedSchema(path: old, schema: 3)) {
            _ = try AddressIndex(directory: old, network: .regtest, create: false, readOnly: true)
        }

        // Stopped after two batches of tables, it still says schema 3; opened again, it goes on from where it
        // was, and is stopped again after the tables and one batch of spend rows; the third run finishes.
        index = try AddressIndex(directory: old, network: .regtest, create: true, allowingUpgrade: true)
        var reports: [IndexProgress] = []
        try index.upgradeSchema(blocksPerBatch: 10, spendRowsPerBatch: spendRows / 3, progress: { reports.append($0) },
                                shouldStop: { reports.count >= 2 })
        #expect(index.needsUpgrade && reports.map(\.height) == [9, 19])
        index.store.close()
        let tableBatches = (tipHeight + 10) / 10
        index = try AddressIndex(directory: old, network: .regtest, create: true, allowingUpgrade: true)
        reports = []
        try index.upgradeSchema(blocksPerBatch: 10, spendRowsPerBatch: spendRows / 3, progress: { reports.append($0) },
                                shouldStop: { reports.count > tableBatches })
        #expect(index.needsUpgrade && reports.count == tableBatches + 1)
        let mixed = Self.rows(withTag: "S", in: index).keys
        #expect(mixed.count == spendRows && mixed.contains { $0.count == 14 } && mixed.contains { $0.count == 16 })
        index.store.close()
        index = try AddressIndex(directory: old, network: .regtest, create: true, allowingUpgrade: true)
        #expect(index.needsUpgrade)
        reports = []
        try index.upgradeSchema(blocksPerBatch: 10, spendRowsPerBatch: spendRows / 3, progress: { reports.append($0) })
        #expect(!index.needsUpgrade && reports.last?.height == tipHeight)
        index.store.close()

        let upgraded = try AddressIndex(directory: old, network: .regtest, create: false, readOnly: true)
        upgraded.blockSource = BlockFileSlices(directory: Self.blocksDirectory(fixture))
        let built = try AddressIndex(directory: fresh, network: .regtest, create: false, readOnly: true)
        for tag: Character in ["X", "T", "F", "S", "L"] {
            #expect(Self.rows(withTag: tag, in: upgraded) == Self.rows(withTag: tag, in: built), "\(tag) rows differ")
        }
        try IndexExpectations.check(index: upgraded, mempool: nil, record: try ScriptsRecord(fixture: fixture))
    }
}
