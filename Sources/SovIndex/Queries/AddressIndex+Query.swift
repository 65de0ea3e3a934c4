import FoundationEssentials
import SovPrimitives

extension AddressIndex {
    /// The history, unspent outputs and balances of the script whose Electrum script hash is `scriptHash`,
    /// confirmed from the index and, when given, unconfirmed from `mempool`. With `limit`, a history longer than
    /// that many entries is refused rather than read whole.
    ///
    /// A cold read costs two prefix scans (the script's funding rows, and the spend rows of outputs paying
    /// it), one chunk of a block's transaction table per 64 transactions involved (where each lies), and one
    /// read of block bytes per run of nearby transactions: the paying ones, whose outputs are checked against
    /// the script (so a prefix collision never answers wrongly) and which are hashed for their txids, then
    /// the spending ones, hashed for theirs. Many transactions are read in as many parts as there are cores,
    /// each a run of whole blocks.
    public func history(scriptHash: ScriptHash, mempool: MempoolView? = nil, limit: Int? = nil) throws(IndexError) -> ScriptHashHistory {
        var candidates: [TxPosition] = []
        store.scan(prefix: IndexSchema.fundingPrefix(scriptHash)) { key, _ in
            candidates.append(IndexSchema.position(suffixOf: key))
            return true
        }
        if let limit, candidates.count > limit {
            throw .historyTooLarge(scriptHash: scriptHash, limit: limit)
        }
        // Funding rows sort by prefix, then position: one script's rows come in chain order.
        var outputs = try payingOutputs(scriptHash, in: candidates)
        try findSpends(of: &outputs, paying: scriptHash)
        var paying: [(position: TxPosition, txid: Txid)] = []
        paying.reserveCapacity(outputs.count)
        var spenders: [TxPosition] = []
        for output in outputs {
            if paying.last?.position != output.position { paying.append((output.position, output.txid)) }
            if let spender = output.spentBy { spenders.append(spender) }
        }
        spenders.sort()
        // Spenders that also pay the script are hashed already.
        spenders = Self.subtracting(paying.lazy.map(\.position), from: spenders)
        if let limit, paying.count + spenders.count > limit {
            throw .historyTooLarge(scriptHash: scriptHash, limit: limit)
        }
        let spenderTxids = try inParts(spenders) { part throws(IndexError) in try txids(at: part) }
        var history: [ScriptHashHistory.Entry] = []
        history.reserveCapacity(paying.count + spenders.count)
        var i = 0, j = 0
        while i < paying.count || j < spenders.count {
            if j == spenders.count || (i < paying.count && paying[i].position < spenders[j]) {
                history.append(.init(txid: paying[i].txid, height: .confirmed(Int(paying[i].position.height)), position: Int(paying[i].position.index), fee: nil))
                i += 1
            } else {
                history.append(.init(txid: spenderTxids[j], height: .confirmed(Int(spenders[j].height)), position: Int(spenders[j].index), fee: nil))
                j += 1
            }
        }
        var unspent: [ScriptHashHistory.Unspent] = []
        var confirmed: Int64 = 0
        for output in outputs where output.spentBy == nil {
            confirmed += output.value
            unspent.append(.init(txid: output.txid, vout: output.vout, height: .confirmed(Int(output.position.height)),
                                 value: Amount(satoshis: output.value)))
        }
        var result = ScriptHashHistory(scriptHash: scriptHash, history: history, unspent: unspent,
                                       confirmedBalance: Amount(satoshis: confirmed), unconfirmedBalance: .zero)
        mempool?.overlay(on: &result)
        return result
    }

    /// `b` (ascending) without the positions that are in `a` (ascending), each position once.
    static func subtracting(_ a: some Sequence<TxPosition>, from b: [TxPosition]) -> [TxPosition] {
        var kept: [TxPosition] = []
        kept.reserveCapacity(b.count)
        var other = a.makeIterator()
        var next = other.next()
        for p in b {
            while let n = next, n < p { next = other.next() }
            if next != p && kept.last != p { kept.append(p) }
        }
        return kept
    }

    /// Transactions from which a read is done in parts (below it, in one).
    static let parallelHistoryThreshold = 2_000

    /// `body` over `positions` (ascending), joined in order: in one part for few positions, otherwise in one
    /// part of whole blocks per core.
    func inParts<T>(_ positions: [TxPosition], _ body: @Sendable (ArraySlice<TxPosition>) throws(IndexError) -> [T]) throws(IndexError) -> [T] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard positions.count >= Self.parallelHistoryThreshold, cores > 1 else { return try body(positions[...]) }
        // Part boundaries fall between blocks, so no block's transactions are read by two parts.
        var bounds = [0]
        for part in 1..<cores {
            var cut = positions.count * part / cores
            while cut > bounds[bounds.count - 1], cut < positions.count, positions[cut].height == positions[cut - 1].height { cut += 1 }
            if cut > bounds[bounds.count - 1] && cut < positions.count { bounds.append(cut) }
        }
        bounds.append(positions.count)
        let cuts = bounds
        return try concurrentMap(count: cuts.count - 1) { part throws(IndexError) in
            try body(positions[cuts[part]..<cuts[part + 1]])
        }.flatMap { $0 }
    }

    /// The outputs paying `scriptHash` among the transactions at `positions` (ascending), in order, each with
    /// its transaction's txid.
    func payingOutputs(_ scriptHash: ScriptHash, in positions: [TxPosition]) throws(IndexError) -> [PayingOutput] {
        try inParts(positions) { part throws(IndexError) in try outputs(paying: scriptHash, in: part) }
    }

    /// Fills in the transaction spending each of `outputs` (ascending by position and output index) from the
    /// spend rows of outputs paying scripts with `scriptHash`'s prefix: one scan, merged with `outputs` (rows
    /// of other scripts sharing the prefix match none of them).
    func findSpends(of outputs: inout [PayingOutput], paying scriptHash: ScriptHash) throws(IndexError) {
        var next = 0
        var malformed = false
        store.scan(prefix: IndexSchema.spendPrefix(scriptHash)) { key, value in
            guard key.count == IndexSchema.spendKeyLength, value.count == IndexSchema.positionLength else {
                malformed = true
                return false
            }
            let funding = TxPosition(height: IndexSchema.readUInt32(key, at: 5), index: IndexSchema.readUInt16(key, at: 9))
            let vout = IndexSchema.readUInt24(key, at: 11)
            while next < outputs.count, (outputs[next].position, outputs[next].vout) < (funding, vout) { next += 1 }
            guard next < outputs.count else { return false }
            if outputs[next].position == funding && outputs[next].vout == vout {
                outputs[next].spentBy = IndexSchema.position(suffixOf: value)
            }
            return true
        }
        if malformed { throw .data("a spend row under the prefix of script \(scriptHash) is malformed") }
    }

    /// An output paying a script: which transaction, which output, how much.
    struct PayingOutput {
        var position: TxPosition
        var txid: Txid
        var vout: UInt32
        var value: Int64
        /// The transaction spending it, once looked up.
        var spentBy: TxPosition?
    }

    /// Transactions closer than this in a block are read together (one read instead of two), up to
    /// `readTogetherSpan` bytes at once (buffers the allocator reuses rather than maps afresh).
    static let readTogetherGap = 16 << 10
    static let readTogetherSpan = 96 << 10

    /// Calls `body` with a reader at the start of each transaction at `positions` (ascending), in order, and
    /// where that transaction ends in the reader's bytes. Nearby transactions of a block are read at once.
    func forEachTransaction(at positions: ArraySlice<TxPosition>,
                            _ body: (_ k: Int, _ reader: inout ByteReader, _ end: Int) throws(IndexError) -> Void) throws(IndexError) {
        let done: Void? = try store.withCursor { cursor throws(IndexError) in
            try forEachTransaction(at: positions, tables: cursor, body)
        }
        guard done != nil else { throw .store(StoreError("the index is closed")) }
    }

    private func forEachTransaction(at positions: ArraySlice<TxPosition>, tables cursor: StoreCursor,
                                    _ body: (_ k: Int, _ reader: inout ByteReader, _ end: Int) throws(IndexError) -> Void) throws(IndexError) {
        var first = positions.startIndex
        while first < positions.endIndex {
            let height = positions[first].height
            var end = first + 1
            while end < positions.endIndex && positions[end].height == height { end += 1 }
            // Where each of the block's transactions lies: the chunks of its table from the first needed to the
            // last, read with one seek.
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(end - first)
            let chunkSize = BlockTransactionTable.chunkSize
            let lastChunk = Int(positions[end - 1].index) / chunkSize
            cursor.seek(IndexSchema.transactionsKey(height: Int(height), chunk: Int(positions[first].index) / chunkSize))
            var chunk: BlockTransactionTable?
            for k in first..<end {
                let index = Int(positions[k].index)
                while chunk == nil || !chunk!.positions.contains(index) {
                    guard let (key, value) = cursor.row, key.count == 7, key.starts(with: IndexSchema.transactionsPrefix(height: Int(height))),
                          case let number = Int(IndexSchema.readUInt16(key, at: 5)), number <= lastChunk, number * chunkSize <= index else {
                        throw .data("no transaction at height \(height) position \(index)")
                    }
                    if index < (number + 1) * chunkSize {
                        do { chunk = try BlockTransactionTable(encoded: Array(value), first: number * chunkSize) } catch {
                            throw .data("corrupt transaction table at height \(height): \(error)")
                        }
                    }
                    cursor.next()
                }
                ranges.append(chunk!.range(of: index))
            }
            // Runs of nearby transactions, each read at once.
            var run = first
            while run < end {
                var runEnd = run + 1
                let start = ranges[run - first].lowerBound
                while runEnd < end, ranges[runEnd - first].lowerBound - ranges[runEnd - 1 - first].upperBound < Self.readTogetherGap,
                      ranges[runEnd - first].upperBound - start <= Self.readTogetherSpan {
                    runEnd += 1
                }
                var r = ByteReader(try blockBytes(height: Int(height), range: start..<ranges[runEnd - 1 - first].upperBound))
                for k in run..<runEnd {
                    let range = ranges[k - first]
                    r.seek(to: range.lowerBound - start)
                    try body(k, &r, range.upperBound - start)
                    guard r.position == range.upperBound - start else {
                        throw .data("transaction \(positions[k].index) of indexed block \(height) does not fill its place in the block")
                    }
                }
                run = runEnd
            }
            first = end
        }
    }

    /// The txids of the transactions at `positions` (ascending), in order: their bytes, read and hashed.
    func txids(at positions: ArraySlice<TxPosition>) throws(IndexError) -> [Txid] {
        var txids: [Txid] = []
        txids.reserveCapacity(positions.count)
        try forEachTransaction(at: positions) { k, r, _ throws(IndexError) in
            do { txids.append(try Transaction.txid(&r)) } catch {
                throw .data("transaction \(positions[k].index) of indexed block \(positions[k].height) does not parse: \(error)")
            }
        }
        return txids
    }

    /// The outputs paying `scriptHash` among the transactions at `positions` (ascending), in order.
    func outputs(paying scriptHash: ScriptHash, in positions: ArraySlice<TxPosition>) throws(IndexError) -> [PayingOutput] {
        var found: [PayingOutput] = []
        found.reserveCapacity(positions.count)
        // Once one output is seen to pay the script, its bytes are known: any other output pays it exactly
        // when its bytes are the same (two scripts of one SHA-256 would be a collision), so most outputs are
        // compared rather than hashed.
        var script: ArraySlice<UInt8>?
        func pays(_ candidate: ArraySlice<UInt8>) -> Bool {
            if let script { return candidate.elementsEqual(script) }
            guard candidate.withUnsafeBytes({ ScriptHash(script: $0) }) == scriptHash else { return false }
            script = candidate
            return true
        }
        try forEachTransaction(at: positions) { k, r, _ throws(IndexError) in
            let position = positions[k]
            let before = found.count
            let bytes = r.bytes
            do {
                let txid = try Transaction.txid(&r) { vout, value, script in
                    if pays(bytes[script]) { found.append(PayingOutput(position: position, txid: Txid(Hash32.zero), vout: UInt32(vout), value: value)) }
                }
                for i in before..<found.count { found[i].txid = txid }
            } catch {
                throw .data("transaction \(position.index) of indexed block \(position.height) does not parse: \(error)")
            }
        }
        return found
    }
}

extension AddressIndex {
    /// How many transactions pay the script (by the index's funding rows, counting prefix collisions), up to
    /// `limit`: a cheap measure of how big its history is, read before deciding how to compute it.
    public func fundingCount(scriptHash: ScriptHash, limit: Int) -> Int {
        var count = 0
        store.scan(prefix: IndexSchema.fundingPrefix(scriptHash)) { _, _ in
            count += 1
            return count < limit
        }
        return count
    }
}
