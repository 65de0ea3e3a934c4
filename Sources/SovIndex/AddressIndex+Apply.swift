import SovPrimitives

extension AddressIndex {
    /// Writes `blocks` (consecutive, continuing the tip) in one atomic batch that also moves the tip.
    public func apply(_ blocks: [PreparedBlock]) throws(IndexError) {
        guard let first = blocks.first else { return }
        let expected = (tip?.height ?? -1) + 1
        guard first.height == expected else { throw .data("block \(first.height) does not continue the index tip \(expected - 1)") }
        if let tip, first.header.previousBlockHash != tip.hash {
            throw .data("block \(first.height) does not build on the indexed tip \(Hex.encodeReversed(tip.hash))")
        }
        // Rows are collected, sorted and then written in key order: the memtable's skip list inserts sorted
        // keys far faster than random ones.
        var rows: [(key: [UInt8], value: [UInt8])] = []
        rows.reserveCapacity(blocks.reduce(0) { $0 + $1.transactions.count } * 6)
        // Positions of transactions created in this batch, for spends within it.
        var pending: [TxidKey: TxPosition] = [:]
        for (i, block) in blocks.enumerated() {
            if i > 0 {
                guard block.height == blocks[i - 1].height + 1, block.header.previousBlockHash == blocks[i - 1].hash else {
                    throw .data("block \(block.height) does not build on block \(blocks[i - 1].height)")
                }
            }
            guard block.transactions.count <= IndexSchema.maximumTransactionsPerBlock else {
                throw .data("block \(block.height) has \(block.transactions.count) transactions, more than a valid block can")
            }
            rows.append((IndexSchema.blockKey(height: block.height), block.record.encoded))
            for (index, tx) in block.transactions.enumerated() {
                let position = TxPosition(height: block.height, index: index)
                let txid = block.txids[index]
                rows.append((IndexSchema.txidKey(txid: txid, position), []))
                pending[TxidKey(txid)] = position
                // The genesis coinbase cannot be spent and is not indexed (as every Electrum server does).
                if block.height > 0 || index > 0 {
                    for scriptHash in block.outputScriptHashes[index] {
                        rows.append((IndexSchema.fundingKey(scriptHash: scriptHash, position), []))
                    }
                }
                if index == 0 && tx.isCoinbase { continue }
                for input in tx.inputs {
                    let funding = try resolve(input.previousOutput.txid, pending: pending)
                    rows.append((IndexSchema.spendKey(funding, vout: input.previousOutput.index), IndexSchema.positionValue(position)))
                }
            }
        }
        let last = blocks[blocks.count - 1]
        rows.append((IndexSchema.metaTip, AddressIndex.tipValue(height: last.height, hash: last.hash)))
        let batch = WriteBatch()
        for i in AddressIndex.sortedOrder(rows.map(\.key)) { batch.put(rows[i].key, rows[i].value) }
        do { try store.write(batch) } catch { throw .store(error.message) }
        setTip((last.height, last.hash))
        lock.lock()
        if txidCache.count + pending.count > AddressIndex.txidCacheLimit { txidCache.removeAll(keepingCapacity: true) }
        txidCache.merge(pending) { _, new in new }
        lock.unlock()
    }

    /// Indices of `keys` in byte order. Keys of up to 16 bytes (all the index writes) sort as two big-endian
    /// words, much faster than comparing arrays.
    static func sortedOrder(_ keys: [[UInt8]]) -> [Int] {
        guard keys.allSatisfy({ $0.count <= 16 }) else {
            return keys.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
        }
        struct Packed { var high: UInt64; var low: UInt64; var length: UInt8; var index: Int32 }
        var packed: [Packed] = []
        packed.reserveCapacity(keys.count)
        for (i, key) in keys.enumerated() {
            var high: UInt64 = 0, low: UInt64 = 0
            for (j, byte) in key.enumerated() {
                if j < 8 { high |= UInt64(byte) << (56 - 8 * UInt64(j)) } else { low |= UInt64(byte) << (56 - 8 * UInt64(j - 8)) }
            }
            packed.append(Packed(high: high, low: low, length: UInt8(key.count), index: Int32(i)))
        }
        packed.sort { ($0.high, $0.low, $0.length) < ($1.high, $1.low, $1.length) }
        return packed.map { Int($0.index) }
    }

    /// The position of the transaction a spend refers to: this batch, the cache, or the store.
    func resolve(_ txid: [UInt8], pending: [TxidKey: TxPosition]) throws(IndexError) -> TxPosition {
        if let p = pending[TxidKey(txid)] { return p }
        if let p = try position(ofTxid: txid) { return p }
        throw .data("spent transaction \(Hex.encodeReversed(txid)) is not in the index: the blocks are not a valid chain")
    }

    /// Undoes blocks above `height`, newest first, one atomic batch per block. Each block's bytes are read
    /// back from the block source (block files keep stale blocks; the node serves them by hash).
    public func rollback(to height: Int) throws(IndexError) {
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
                    let funding = try resolve(input.previousOutput.txid, pending: created)
                    batch.delete(IndexSchema.spendKey(funding, vout: input.previousOutput.index))
                }
            }
            batch.delete(IndexSchema.blockKey(height: tip.height))
            var newTip: (height: Int, hash: [UInt8])?
            if tip.height == 0 {
                batch.delete(IndexSchema.metaTip)
            } else {
                guard let previous = try blockRecord(height: tip.height - 1) else { throw .data("no record for block \(tip.height - 1)") }
                batch.put(IndexSchema.metaTip, AddressIndex.tipValue(height: tip.height - 1, hash: previous.hash))
                newTip = (tip.height - 1, previous.hash)
            }
            do { try store.write(batch) } catch { throw .store(error.message) }
            setTip(newTip)
            forgetRecord(height: tip.height)
            lock.lock()
            for key in created.keys { txidCache[key] = nil }
            lock.unlock()
        }
    }
}
