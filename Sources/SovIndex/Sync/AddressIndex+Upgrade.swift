import Foundation
import SovPrimitives

extension AddressIndex {
    /// True when the index was opened (`allowingUpgrade`) at an older schema: `upgradeSchema` must run before
    /// anything reads or extends it.
    public var needsUpgrade: Bool { storedSchema < IndexSchema.version }

    /// Brings a schema-2 index to schema 3 in place: reads every indexed block back from the block source and
    /// writes its transaction table (`X` row), `blocksPerBatch` blocks per atomic batch, then records the new
    /// schema. Killed at any moment, it resumes after the last batch written (the schema still says 2 until the
    /// last table is in). Stops between batches when `shouldStop` says so, leaving the index at schema 2.
    /// Reports progress after every batch (`height`/`targetHeight` are heights of the indexed chain).
    public func upgradeSchema(blocksPerBatch: Int = 256, progress: (IndexProgress) -> Void = { _ in },
                              shouldStop: () -> Bool = { false }) throws(IndexError) {
        guard needsUpgrade else { return }
        let tipHeight = tip?.height ?? -1
        // Tables are written in height order: the last one written says where to resume.
        var height = 0
        if let last = store.last(prefix: [UInt8(ascii: "X")]), last.key.count == 5 {
            height = Int(IndexSchema.readUInt32(last.key, at: 1)) + 1
        }
        let started = Date()
        var done = IndexProgress(height: height - 1, targetHeight: tipHeight, blocks: 0, transactions: 0, bytes: 0, elapsed: 0)
        while height <= tipHeight {
            if shouldStop() { return }
            let heights = Array(height...min(tipHeight, height + max(1, blocksPerBatch) - 1))
            let raws = try heights.map { h throws(IndexError) in try rawBlock(height: h) }
            let tables = try Self.tables(of: raws, heights: heights)
            let batch = WriteBatch()
            for (h, table) in zip(heights, tables) { batch.put(IndexSchema.transactionsKey(height: h), table.encoded) }
            do { try store.write(batch) } catch { throw .store(error) }
            height = heights[heights.count - 1] + 1
            done.height = height - 1
            done.blocks += heights.count
            done.transactions += tables.reduce(0) { $0 + $1.count }
            done.bytes += raws.reduce(0) { $0 + $1.count }
            done.elapsed = Date().timeIntervalSince(started)
            progress(done)
        }
        try recordSchema(IndexSchema.version)
    }

    /// Records `version` as the index's schema (durably). The upgrade's last step; tests also use it to
    /// make an index of an older schema.
    public func recordSchema(_ version: UInt32) throws(IndexError) {
        let batch = WriteBatch()
        var value: [UInt8] = []
        IndexSchema.appendUInt32(version, to: &value)
        batch.put(IndexSchema.metaSchema, value)
        do { try store.write(batch, sync: true) } catch { throw .store(error) }
        storedSchema = version
    }

    /// The transaction tables of `raws` (blocks at `heights`), parsed on every core.
    private static func tables(of raws: [[UInt8]], heights: [Int]) throws(IndexError) -> [BlockTransactionTable] {
        let results = UnsafeMutableBufferPointer<Result<BlockTransactionTable, DecodingError>?>.allocate(capacity: raws.count)
        results.initialize(repeating: nil)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        nonisolated(unsafe) let slots = results.baseAddress!
        DispatchQueue.concurrentPerform(iterations: raws.count) { i in
            slots[i] = Result { () throws(DecodingError) -> BlockTransactionTable in try BlockTransactionTable(block: raws[i]) }
        }
        var tables: [BlockTransactionTable] = []
        tables.reserveCapacity(raws.count)
        for (i, result) in results.enumerated() {
            switch result! {
            case .success(let table): tables.append(table)
            case .failure(let error): throw .data("indexed block \(heights[i]) no longer reads back: \(error)")
            }
        }
        return tables
    }
}
