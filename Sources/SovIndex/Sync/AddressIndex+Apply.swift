import SovPrimitives

extension AddressIndex {
    /// Writes `blocks` (consecutive, continuing the tip) in one atomic batch that also moves the tip.
    public func apply(_ blocks: [PreparedBlock]) throws(IndexError) {
        guard let first = blocks.first else { return }
        guard !needsUpgrade else { throw .outdatedSchema(path: path, schema: storedSchema) }
        let expected = (tip?.height ?? -1) + 1
        guard first.height == expected else { throw .data("block \(first.height) does not continue the index tip \(expected - 1)") }
        if let tip, first.header.previousBlockHash != tip.hash {
            throw .data("block \(first.height) does not build on the indexed tip \(tip.hash)")
        }
        // Rows are collected flat, sorted, and written as one table file added to the store in one step.
        let transactionCount = blocks.reduce(0) { $0 + $1.transactions.count }
        var rows = IndexRows(capacity: transactionCount * 6 + blocks.count + 1)
        // The positions of this batch's transactions go straight into the txid cache, for spends within the
        // batch and after it; readers ignore positions above the stored tip until the batch is written.
        lock.lock()
        if txidCache.count + transactionCount > AddressIndex.txidCacheLimit { txidCache.removeAll(keepingCapacity: true) }
        lock.unlock()
        var cached = 0
        do throws(IndexError) {
            try collectRows(blocks, into: &rows, cached: &cached)
            let last = blocks[blocks.count - 1]
            rows.append(key: IndexSchema.metaTip, value: AddressIndex.tipValue(height: last.height, hash: last.hash))
            rows.sort()
            do {
                let file = try store.makeTableFile()
                rows.forEach(distinct: true) { key, value in file.put(key, value) }
                try store.ingest(file)
            } catch { throw .store(error) }
            setTip(ChainTip(height: last.height, hash: last.hash))
        } catch {
            forgetTransactions(of: blocks, count: cached)
            lock.lock()
            for block in blocks { outputPrefixes.remove(height: block.height) }
            lock.unlock()
            throw error
        }
    }

    /// Adds the rows of `blocks` to `rows` and their txids to the cache (counting them in `cached`).
    private func collectRows(_ blocks: [PreparedBlock], into rows: inout IndexRows, cached: inout Int) throws(IndexError) {
        let txidTag = UInt64(UInt8(ascii: "T")) << 56, fundingTag = UInt64(UInt8(ascii: "F")) << 56
        let spendTag = UInt64(UInt8(ascii: schemaTwoRows ? "O" : "S")) << 56
        for (i, block) in blocks.enumerated() {
            if i > 0 {
                guard block.height == blocks[i - 1].height + 1, block.header.previousBlockHash == blocks[i - 1].hash else {
                    throw .data("block \(block.height) does not build on block \(blocks[i - 1].height)")
                }
            }
            guard block.transactions.count <= IndexSchema.maximumTransactionsPerBlock else {
                throw .data("block \(block.height) has \(block.transactions.count) transactions, more than a valid block can")
            }
            rows.append(key: IndexSchema.blockKey(height: block.height), value: block.record.encoded)
            lock.lock()
            outputPrefixes.insert(block)
            lock.unlock()
            if !schemaTwoRows {
                for chunk in block.table.chunks {
                    rows.append(key: IndexSchema.transactionsKey(height: block.height, chunk: chunk.first / BlockTransactionTable.chunkSize),
                                value: chunk.encoded)
                }
            }
            let height = UInt64(UInt32(truncatingIfNeeded: block.height))
            for (index, tx) in block.transactions.enumerated() {
                let position = TxPosition(height: block.height, index: index)
                // Keys of T and F rows: tag, 6-byte prefix, height, position (13 bytes); of O rows: tag,
                // funding height and position, 3-byte output index (10 bytes). See IndexSchema.
                let positionLow = (height & 0xff_ffff) << 40 | UInt64(index) << 24
                let txid = block.txids[index]
                rows.append(high: txidTag | IndexSchema.prefix(of: txid) << 8 | height >> 24, low: positionLow, keyLength: 13)
                lock.lock()
                txidCache[TxidKey(txid)] = position
                lock.unlock()
                cached += 1
                // The genesis coinbase cannot be spent and is not indexed (as every Electrum server does).
                if block.height > 0 || index > 0 {
                    for scriptHash in block.outputScriptHashes[index] {
                        rows.append(high: fundingTag | IndexSchema.prefix(of: scriptHash) << 8 | height >> 24, low: positionLow, keyLength: 13)
                    }
                }
                if index == 0 && tx.isCoinbase { continue }
                for input in tx.inputs {
                    let vout = UInt64(input.previousOutput.index & 0xff_ffff)
                    if schemaTwoRows {
                        let funding = try resolve(input.previousOutput.txid)
                        rows.append(high: spendTag | UInt64(funding.height) << 24 | UInt64(funding.index & 0xffff) << 8 | vout >> 16,
                                    low: (vout & 0xffff) << 48, keyLength: 10, positionValue: position)
                        continue
                    }
                    // Keys of S rows: tag, 4-byte prefix of the spent output's script hash, its transaction's
                    // height and position, its index (14 bytes).
                    let (funding, prefix) = try spentOutput(input.previousOutput)
                    rows.append(high: spendTag | (prefix >> 16) << 24 | UInt64(funding.height) >> 8,
                                low: UInt64(funding.height & 0xff) << 56 | UInt64(funding.index & 0xffff) << 40 | vout << 16,
                                keyLength: IndexSchema.spendKeyLength, positionValue: position)
                }
            }
        }
    }

    /// Where the transaction `outpoint` spends from is, and the script-hash prefix of the output it spends:
    /// from the caches, or from the store and that transaction's bytes, read once (to check its txid against
    /// the prefix rows' candidates, and to hash the output's script).
    func spentOutput(_ outpoint: OutPoint) throws(IndexError) -> (position: TxPosition, prefix: UInt64) {
        lock.lock()
        let cached = txidCache[TxidKey(outpoint.txid)]
        let cachedPrefix = cached.flatMap { outputPrefixes.prefix($0, vout: outpoint.index) }
        lock.unlock()
        if let cached, let cachedPrefix { return (cached, cachedPrefix) }
        if let cached { return (cached, try Self.scriptPrefix(ofOutput: outpoint.index, inTransaction: try rawTransaction(at: cached), at: cached)) }
        guard let (position, bytes) = try located(outpoint.txid) else {
            throw .data("spent transaction \(outpoint.txid) is not in the index: the blocks are not a valid chain")
        }
        return (position, try Self.scriptPrefix(ofOutput: outpoint.index, inTransaction: bytes, at: position))
    }

    /// Drops the first `count` transactions of `blocks` from the txid cache (after a batch failed).
    private func forgetTransactions(of blocks: [PreparedBlock], count: Int) {
        var left = count
        lock.lock()
        defer { lock.unlock() }
        for block in blocks {
            for txid in block.txids {
                guard left > 0 else { return }
                txidCache[TxidKey(txid)] = nil
                left -= 1
            }
        }
    }

    /// The position of the transaction a spend refers to: the cache (which holds the batch being written),
    /// or the store.
    func resolve(_ txid: Txid) throws(IndexError) -> TxPosition {
        lock.lock()
        let cached = txidCache[TxidKey(txid)]
        lock.unlock()
        if let cached { return cached }
        if let p = try position(ofTxid: txid) { return p }
        throw .data("spent transaction \(txid) is not in the index: the blocks are not a valid chain")
    }

    /// Undoes blocks above `height`, newest first, one atomic batch per block. Each block's bytes are read
    /// back from the block source (block files keep stale blocks; the node serves them by hash).
    public func rollback(to height: Int) throws(IndexError) {
        guard !needsUpgrade else { throw .outdatedSchema(path: path, schema: storedSchema) }
        while let tip, tip.height > height {
            guard let record = try blockRecord(height: tip.height) else { throw .data("no record for indexed block \(tip.height)") }
            let raw = try rawBlock(height: tip.height)
            let block: PreparedBlock
            do { block = try PreparedBlock(height: tip.height, raw: raw, source: record.source, file: record.file, offset: record.offset) } catch {
                throw .data("indexed block \(tip.height) no longer reads back: \(error)")
            }
            let batch = WriteBatch()
            var created: [TxidKey: TxPosition] = [:]
            for (index, txid) in block.txids.enumerated() { created[TxidKey(txid)] = TxPosition(height: tip.height, index: index) }
            for (index, tx) in block.transactions.enumerated() {
                let position = TxPosition(height: tip.height, index: index)
                batch.delete(IndexSchema.txidKey(txid: block.txids[index], position))
                for scriptHash in block.outputScriptHashes[index] {
                    batch.delete(IndexSchema.fundingKey(scriptHash: scriptHash, position))
                }
                if index == 0 && tx.isCoinbase { continue }
                for input in tx.inputs {
                    let funding: TxPosition
                    if let p = created[TxidKey(input.previousOutput.txid)] { funding = p } else { funding = try resolve(input.previousOutput.txid) }
                    let prefix = try scriptPrefix(ofOutput: input.previousOutput.index, of: funding)
                    batch.delete(IndexSchema.spendKey(scriptPrefix: prefix, funding, vout: input.previousOutput.index))
                }
            }
            batch.delete(IndexSchema.blockKey(height: tip.height))
            for chunk in stride(from: 0, to: block.transactions.count, by: BlockTransactionTable.chunkSize) {
                batch.delete(IndexSchema.transactionsKey(height: tip.height, chunk: chunk / BlockTransactionTable.chunkSize))
            }
            var newTip: ChainTip?
            if tip.height == 0 {
                batch.delete(IndexSchema.metaTip)
            } else {
                guard let previous = try blockRecord(height: tip.height - 1) else { throw .data("no record for block \(tip.height - 1)") }
                batch.put(IndexSchema.metaTip, AddressIndex.tipValue(height: tip.height - 1, hash: previous.hash))
                newTip = ChainTip(height: tip.height - 1, hash: previous.hash)
            }
            do { try store.write(batch) } catch { throw .store(error) }
            setTip(newTip)
            forgetRecord(height: tip.height)
            lock.lock()
            outputPrefixes.remove(height: tip.height)
            for key in created.keys { txidCache[key] = nil }
            lock.unlock()
        }
    }
}
