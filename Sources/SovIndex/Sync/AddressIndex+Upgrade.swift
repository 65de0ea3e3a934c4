import FoundationEssentials
import SovPrimitives

extension AddressIndex {
    /// True when the index was opened (`allowingUpgrade`) at an older schema: `upgradeSchema` must run before
    /// anything reads or extends it.
    public var needsUpgrade: Bool { storedSchema < IndexSchema.version }

    /// Brings an index of an older schema to the current one in place, `blocksPerBatch` blocks per atomic
    /// batch, then records the new schema. Killed at any moment, it resumes after the last batch written (the
    /// schema says the old one until the end). Stops between batches when `shouldStop` says so, leaving the
    /// index at the old schema. Reports progress after every batch (`height`/`targetHeight`: the indexed
    /// chain's).
    ///
    /// - Schema 2: reads every indexed block back from the block source, writes its transaction table (`X`
    ///   rows) and turns the spend rows of its outputs from schema 2's (`O`, keyed by the output) into the
    ///   current ones (`S`, keyed by the output's script first).
    /// - Schema 3: rewrites every `X` row without its txids, then every spend row with its shorter key; no
    ///   block is read.
    public func upgradeSchema(blocksPerBatch: Int = 256, spendRowsPerBatch: Int = 100_000, progress: (IndexProgress) -> Void = { _ in },
                              shouldStop: () -> Bool = { false }) throws(IndexError) {
        guard needsUpgrade else { return }
        if storedSchema == 3 {
            try upgradeSchemaThree(blocksPerBatch: blocksPerBatch, spendRowsPerBatch: spendRowsPerBatch, progress: progress, shouldStop: shouldStop)
            return
        }
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

    /// Schema 3 to 4: each block's `X` rows rewritten without txids, `blocksPerBatch` blocks per batch; then
    /// every spend row's key shortened (its script-hash prefix from 6 bytes to 4), in batches of
    /// `spendRowsPerBatch` (a progress report after each). A row already rewritten (by a run that was
    /// stopped) is left as it is: a table reads as schema 4's, a spend key has schema 4's length.
    private func upgradeSchemaThree(blocksPerBatch: Int, spendRowsPerBatch: Int, progress: (IndexProgress) -> Void, shouldStop: () -> Bool) throws(IndexError) {
        let tipHeight = tip?.height ?? -1
        let started = Date()
        var done = IndexProgress(height: -1, targetHeight: tipHeight, blocks: 0, transactions: 0, bytes: 0, elapsed: 0)
        var height = 0
        while height <= tipHeight {
            if shouldStop() { return }
            let batch = WriteBatch()
            let end = min(tipHeight + 1, height + max(1, blocksPerBatch))
            var failure: IndexError?
            for h in height..<end {
                store.scan(prefix: IndexSchema.transactionsPrefix(height: h)) { key, value in
                    guard key.count == 7 else { return true }
                    let bytes = Array(value)
                    let first = Int(IndexSchema.readUInt16(key, at: 5)) * BlockTransactionTable.chunkSize
                    if let chunk = try? BlockTransactionTable.schemaThreeOffsets(bytes, first: first) {
                        batch.put(Array(key), chunk.encoded)
                        done.transactions += chunk.count
                        done.bytes += bytes.count
                    } else if (try? BlockTransactionTable(encoded: bytes, first: first)) == nil {
                        failure = .data("the transaction table of block \(h) is corrupt")
                        return false
                    }
                    return true
                }
                if let failure { throw failure }
            }
            do { try store.write(batch) } catch { throw .store(error) }
            done.blocks += end - height
            done.height = end - 1
            done.elapsed = Date().timeIntervalSince(started)
            progress(done)
            height = end
        }
        // Spend rows: one pass over a snapshot of them (an iterator sees the store as it was when made), each
        // batch replacing old keys by new ones.
        let oldLength = IndexSchema.spendKeyLength + IndexSchema.prefixLength - IndexSchema.spendPrefixLength
        var batch = WriteBatch()
        var inBatch = 0
        var stopped = false
        var failure: StoreError?
        store.scan(prefix: [UInt8(ascii: "S")]) { key, value in
            guard key.count == oldLength else { return true }
            batch.delete(Array(key))
            batch.put(Array(key[0..<1 + IndexSchema.spendPrefixLength]) + key[(1 + IndexSchema.prefixLength)...], Array(value))
            inBatch += 1
            guard inBatch >= spendRowsPerBatch else { return true }
            do { try store.write(batch) } catch {
                failure = error as? StoreError ?? StoreError("\(error)")
                return false
            }
            batch = WriteBatch()
            inBatch = 0
            done.elapsed = Date().timeIntervalSince(started)
            progress(done)
            stopped = shouldStop()
            return !stopped
        }
        if let failure { throw .store(failure) }
        if stopped { return }
        do { try store.write(batch) } catch { throw .store(error) }
        try recordSchema(IndexSchema.version)
    }


    /// Adds to `batch` the replacement of every schema-2 spend row of `block`'s outputs by its current one.
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
