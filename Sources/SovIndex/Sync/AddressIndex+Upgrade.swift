import FoundationEssentials
import SovPrimitives

extension AddressIndex {
    /// True when the index was opened (`allowingUpgrade`) at an older schema: `upgradeSchema` must run before
    /// anything reads or extends it.
    public var needsUpgrade: Bool { storedSchema < IndexSchema.version }

    /// Brings a schema-2 index to schema 3 in place: reads every indexed block back from the block source,
    /// writes its transaction table (`X` row) and turns the spend rows of its outputs from schema 2's (`O`,
    /// keyed by the output) into schema 3's (`S`, keyed by the output's script first), `blocksPerBatch` blocks
    /// per atomic batch; then records the new schema. Killed at any moment, it resumes after the last batch
    /// written (the schema says 2 until the end). Stops between batches when `shouldStop` says so, leaving the
    /// index at schema 2. Reports progress after every batch (`height`/`targetHeight`: the indexed chain's).
    public func upgradeSchema(blocksPerBatch: Int = 256, progress: (IndexProgress) -> Void = { _ in },
                              shouldStop: () -> Bool = { false }) throws(IndexError) {
        guard needsUpgrade else { return }
        let tipHeight = tip?.height ?? -1
        // Blocks are done in height order: the last table written says where to resume.
        var height = 0
        if let last = store.last(prefix: [UInt8(ascii: "X")]), last.key.count == 7 {
            height = Int(IndexSchema.readUInt32(last.key, at: 1)) + 1
        }
        let started = Date()
        var done = IndexProgress(height: height - 1, targetHeight: tipHeight, blocks: 0, transactions: 0, bytes: 0, elapsed: 0)
        while height <= tipHeight {
            if shouldStop() { return }
            // Up to `blocksPerBatch` blocks, and no more than 64 MB of them.
            var inputs: [(height: Int, raw: [UInt8], source: BlockRecord.Source, file: UInt32, offset: UInt64)] = []
            var bytes = 0
            var h = height
            while h <= tipHeight, inputs.count < max(1, blocksPerBatch), inputs.isEmpty || bytes < 64 << 20 {
                guard let record = try blockRecord(height: h) else { throw .data("no record for indexed block \(h)") }
                inputs.append((h, try rawBlock(height: h), record.source, record.file, record.offset))
                bytes += Int(record.size)
                h += 1
            }
            let heights = inputs.map(\.height)
            let blocks: [PreparedBlock]
            do { blocks = try PreparedBlock.prepareAll(inputs) } catch { throw .data("an indexed block no longer reads back: \(error)") }
            let batch = WriteBatch()
            for block in blocks {
                guard block.hash == (try blockRecord(height: block.height))?.hash else {
                    throw .data("the block read back for height \(block.height) is not the indexed one")
                }
                for chunk in block.table.chunks {
                    batch.put(IndexSchema.transactionsKey(height: block.height, chunk: chunk.first / BlockTransactionTable.chunkSize), chunk.encoded)
                }
                try convertSpendRows(of: block, into: batch)
            }
            do { try store.write(batch) } catch { throw .store(error) }
            height = heights[heights.count - 1] + 1
            done.height = height - 1
            done.blocks += heights.count
            done.transactions += blocks.reduce(0) { $0 + $1.transactions.count }
            done.bytes += inputs.reduce(0) { $0 + $1.raw.count }
            done.elapsed = Date().timeIntervalSince(started)
            progress(done)
        }
        try recordSchema(IndexSchema.version)
    }

    /// Adds to `batch` the replacement of every schema-2 spend row of `block`'s outputs by its schema-3 row.
    private func convertSpendRows(of block: PreparedBlock, into batch: WriteBatch) throws(IndexError) {
        var heightKey: [UInt8] = [UInt8(ascii: "O")]
        IndexSchema.appendUInt32(UInt32(block.height), to: &heightKey)
        var failure: IndexError?
        store.scan(prefix: heightKey) { key, value in
            guard key.count == 10, case let (position, vout) = (IndexSchema.readUInt16(key, at: 5), IndexSchema.readUInt24(key, at: 7)),
                  Int(position) < block.outputScriptHashes.count, Int(vout) < block.outputScriptHashes[Int(position)].count else {
                failure = .data("a spend row of block \(block.height) names an output the block does not have")
                return false
            }
            let prefix = IndexSchema.prefix(of: block.outputScriptHashes[Int(position)][Int(vout)])
            batch.delete(Array(key))
            batch.put(IndexSchema.spendKey(scriptPrefix: prefix, TxPosition(height: UInt32(block.height), index: position), vout: vout), Array(value))
            return true
        }
        if let failure { throw failure }
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
}
