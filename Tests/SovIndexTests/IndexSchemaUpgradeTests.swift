import Foundation
import SovIndex
import SovNodeDouble
import SovPrimitives
import SovTestSupport
import Testing

/// Schema 3's transaction tables against the fixture chains' blocks, and the upgrade of a schema-2 index in
/// place: refused to readers, resumed after an interruption, and ending where a fresh build ends.
@Suite(.serialized, .needsSharedData) struct IndexSchemaUpgradeTests {
    static func blocksDirectory(_ fixture: String) -> String {
        FixtureChain.directory(named: fixture).appendingPathComponent("blocks").path
    }

    /// A schema-3 index of `fixture`'s block files (their most-work chain).
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
            let table = try PreparedBlock(height: 0, raw: raw, source: .node).table
            #expect(table.txids == block.transactions.map(\.txid))
            var count = ByteWriter(capacity: 9)
            count.writeCompactSize(block.transactions.count)
            #expect(table.offsets.first == UInt32(80 + count.bytes.count))
            #expect(table.offsets.last == UInt32(raw.count))
            for (i, tx) in block.transactions.enumerated() {
                // Each range holds that transaction's serialization, witness included, and nothing else.
                #expect(Array(raw[table.range(of: i)]) == tx.serialized())
            }
            transactions += table.count
            // Stored as chunks of 64 transactions, each describing its run of the block, which join back whole.
            let chunks = table.chunks
            #expect(chunks.count == (table.count + 63) / 64)
            for chunk in chunks {
                #expect(chunk.first % BlockTransactionTable.chunkSize == 0 && chunk.count <= BlockTransactionTable.chunkSize)
                for position in chunk.positions {
                    #expect(chunk.txid(position) == table.txid(position) && chunk.range(of: position) == table.range(of: position))
                }
                let encoded = chunk.encoded
                #expect(try BlockTransactionTable(encoded: encoded, first: chunk.first) == chunk)
                // Cut short or followed by stray bytes, a stored chunk is refused, never misread.
                #expect(throws: DecodingError.self) { try BlockTransactionTable(encoded: Array(encoded.dropLast()), first: chunk.first) }
                #expect(throws: DecodingError.self) { try BlockTransactionTable(encoded: encoded + [0], first: chunk.first) }
            }
            #expect(try BlockTransactionTable(joining: chunks) == table)
            if chunks.count > 1 { #expect(throws: DecodingError.self) { try BlockTransactionTable(joining: Array(chunks.dropFirst())) } }
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

        // Now every reader opens it, and it holds what a fresh schema-3 build of the same chain holds.
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
}
