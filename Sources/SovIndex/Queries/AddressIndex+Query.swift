import FoundationEssentials
import SovPrimitives

extension AddressIndex {
    /// The history, unspent outputs and balances of the script whose Electrum script hash is `scriptHash`,
    /// confirmed from the index and, when given, unconfirmed from `mempool`. With `limit`, a history longer than
    /// that many entries is refused rather than read whole.
    ///
    /// A cold read costs two prefix scans (the transactions paying the script, and the spends of outputs
    /// paying it), then one pass over those transactions and their spenders in chain order: one seek in the
    /// blocks' transaction tables per block (where each lies), and one read of block bytes per run of nearby
    /// transactions. Each is hashed for its txid; the outputs of the paying ones are checked against the
    /// script, so a prefix collision never answers wrongly. Many transactions are read in as many parts as
    /// there are cores, each a run of whole blocks.
    public func history(scriptHash: ScriptHash, mempool: MempoolView? = nil, limit: Int? = nil) throws(IndexError) -> ScriptHashHistory {
        // Funding rows sort by prefix, then position: one script's rows come in chain order.
        var candidates: [TxPosition] = []
        store.scan(prefix: IndexSchema.fundingPrefix(scriptHash)) { key, _ in
            candidates.append(IndexSchema.position(suffixOf: key))
            return true
        }
        if let limit, candidates.count > limit {
            throw .historyTooLarge(scriptHash: scriptHash, limit: limit)
        }
        let spends = try spendRows(of: candidates, scriptHash: scriptHash)
        // Every transaction to read: the candidates, and the spenders of their outputs that are not candidates.
        let transactions = Self.mergeDistinct(candidates, Self.sortedDistinct(spends.map(\.spender)))
        var (txids, outputs): ([Txid], [PayingOutput])
        if let limit, transactions.count > limit {
            // Perhaps too long (prefix collisions make `transactions` an upper bound): the paying transactions
            // first, then a refusal, or their spenders.
            let paid = try readTransactions(at: candidates, checkingOutputsOf: candidates, paying: scriptHash)
            outputs = paid.outputs
            var spending: [TxPosition] = []
            Self.match(spends, to: outputs) { _, spender in spending.append(spender) }
            let paying = Self.mergeDistinct(outputs.map(\.position), [])
            if Self.mergeDistinct(paying, Self.sortedDistinct(spending)).count > limit {
                throw .historyTooLarge(scriptHash: scriptHash, limit: limit)
            }
            let others = Self.subtracting(candidates, from: transactions)
            let spent = try readTransactions(at: others, checkingOutputsOf: [], paying: scriptHash)
            txids = Self.merged(candidates, paid.txids, others, spent.txids)
        } else {
            (txids, outputs) = try readTransactions(at: transactions, checkingOutputsOf: candidates, paying: scriptHash)
        }
        // Which transactions are in the history: those paying the script, and those spending one of the
        // outputs that pay it (rows of other scripts sharing the prefix match no verified output).
        var inHistory = [Bool](repeating: false, count: transactions.count)
        var outputTransaction: [Int] = []
        outputTransaction.reserveCapacity(outputs.count)
        var at = 0
        for output in outputs {
            while transactions[at] != output.position { at += 1 }
            inHistory[at] = true
            outputTransaction.append(at)
        }
        Self.match(spends, to: outputs) { k, spender in
            outputs[k].spentBy = spender
            inHistory[Self.index(of: spender, in: transactions)] = true
        }
        let entries = inHistory.reduce(0) { $0 + ($1 ? 1 : 0) }
        if let limit, entries > limit {
            throw .historyTooLarge(scriptHash: scriptHash, limit: limit)
        }
        var history: [ScriptHashHistory.Entry] = []
        history.reserveCapacity(entries)
        for (i, p) in transactions.enumerated() where inHistory[i] {
            history.append(.init(txid: txids[i], height: .confirmed(Int(p.height)), position: Int(p.index), fee: nil))
        }
        var unspent: [ScriptHashHistory.Unspent] = []
        var confirmed: Int64 = 0
        for (k, output) in outputs.enumerated() where output.spentBy == nil {
            confirmed += output.value
            unspent.append(.init(txid: txids[outputTransaction[k]], vout: output.vout, height: .confirmed(Int(output.position.height)),
                                 value: Amount(satoshis: output.value)))
        }
        var result = ScriptHashHistory(scriptHash: scriptHash, history: history, unspent: unspent,
                                       confirmedBalance: Amount(satoshis: confirmed), unconfirmedBalance: .zero)
        mempool?.overlay(on: &result)
        return result
    }

    /// Calls `body` with the index in `outputs` (ascending by position and output index) and the spender of
    /// each output that one of `spends` (in the same order) spends: rows of other scripts sharing the prefix
    /// match no verified output.
    static func match(_ spends: [SpendRow], to outputs: [PayingOutput], _ body: (_ k: Int, _ spender: TxPosition) -> Void) {
        var next = 0
        for spend in spends {
            while next < outputs.count, (outputs[next].position, outputs[next].vout) < (spend.funding, spend.vout) { next += 1 }
            guard next < outputs.count else { break }
            if outputs[next].position == spend.funding && outputs[next].vout == spend.vout { body(next, spend.spender) }
        }
    }

    /// `b` (ascending) without the positions that are in `a` (ascending).
    static func subtracting(_ a: [TxPosition], from b: [TxPosition]) -> [TxPosition] {
        var kept: [TxPosition] = []
        var i = 0
        for p in b {
            while i < a.count, a[i] < p { i += 1 }
            if i == a.count || a[i] != p { kept.append(p) }
        }
        return kept
    }

    /// The values of two disjoint ascending position lists, in the order of their union.
    static func merged<T>(_ a: [TxPosition], _ aValues: [T], _ b: [TxPosition], _ bValues: [T]) -> [T] {
        var values: [T] = []
        values.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) { values.append(aValues[i]); i += 1 } else { values.append(bValues[j]); j += 1 }
        }
        return values
    }

    /// The union of two ascending lists, each position once.
    static func mergeDistinct(_ a: [TxPosition], _ b: [TxPosition]) -> [TxPosition] {
        var merged: [TxPosition] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            let next: TxPosition
            if j == b.count || (i < a.count && a[i] <= b[j]) { next = a[i]; i += 1 } else { next = b[j]; j += 1 }
            if merged.last != next { merged.append(next) }
        }
        return merged
    }

    /// `positions` in ascending order, each once (sorted as packed integers: height, then index).
    static func sortedDistinct(_ positions: [TxPosition]) -> [TxPosition] {
        var keys = positions.map { UInt64($0.height) << 32 | UInt64($0.index) }
        keys.sort()
        var sorted: [TxPosition] = []
        sorted.reserveCapacity(keys.count)
        var last: UInt64?
        for key in keys where key != last {
            sorted.append(TxPosition(height: UInt32(truncatingIfNeeded: key >> 32), index: UInt32(truncatingIfNeeded: key)))
            last = key
        }
        return sorted
    }

    /// The first index of `sorted` (ascending) whose position is not below `position`: where it is, when
    /// `sorted` holds it.
    static func index(of position: TxPosition, in sorted: [TxPosition]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < position { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// A spend row: an output (its transaction's position, its index) and the transaction spending it.
    struct SpendRow {
        var funding: TxPosition
        var vout: UInt32
        var spender: TxPosition
    }

    /// The spend rows under `scriptHash`'s prefix whose spent output belongs to one of `candidates`
    /// (ascending), in key order (by the spent output): one prefix scan.
    func spendRows(of candidates: [TxPosition], scriptHash: ScriptHash) throws(IndexError) -> [SpendRow] {
        var rows: [SpendRow] = []
        var next = 0
        var malformed = false
        store.scan(prefix: IndexSchema.spendPrefix(scriptHash)) { key, value in
            guard key.count == IndexSchema.spendKeyLength, value.count == IndexSchema.positionLength else {
                malformed = true
                return false
            }
            let funding = TxPosition(height: IndexSchema.readUInt32(key, at: 5), index: IndexSchema.readUInt16(key, at: 9))
            while next < candidates.count, candidates[next] < funding { next += 1 }
            guard next < candidates.count else { return false }
            if candidates[next] == funding {
                rows.append(SpendRow(funding: funding, vout: IndexSchema.readUInt24(key, at: 11), spender: IndexSchema.position(suffixOf: value)))
            }
            return true
        }
        if malformed { throw .data("a spend row under the prefix of script \(scriptHash) is malformed") }
        return rows
    }

    /// Transactions from which a read is done in parts (below it, in one).
    static let parallelHistoryThreshold = 2_000

    /// `body` over `positions` (ascending), in order: in one part for few positions, otherwise in parts of
    /// whole blocks, four per core (so that a core slowed by other work does not hold up the answer).
    func inParts<T>(_ positions: [TxPosition], _ body: @Sendable (ArraySlice<TxPosition>) throws(IndexError) -> T) throws(IndexError) -> [T] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard positions.count >= Self.parallelHistoryThreshold, cores > 1 else { return [try body(positions[...])] }
        let parts = 4 * cores
        // Part boundaries fall between blocks, so no block's transactions are read by two parts.
        var bounds = [0]
        for part in 1..<parts {
            var cut = positions.count * part / parts
            while cut > bounds[bounds.count - 1], cut < positions.count, positions[cut].height == positions[cut - 1].height { cut += 1 }
            if cut > bounds[bounds.count - 1] && cut < positions.count { bounds.append(cut) }
        }
        bounds.append(positions.count)
        let cuts = bounds
        return try concurrentMap(count: cuts.count - 1) { part throws(IndexError) in
            try body(positions[cuts[part]..<cuts[part + 1]])
        }
    }

    /// An output paying a script: which transaction, which output, how much.
    struct PayingOutput {
        var position: TxPosition
        var vout: UInt32
        var value: Int64
        /// The transaction spending it, once looked up.
        var spentBy: TxPosition?
    }

    /// Transactions closer than this in a block are read together (one read instead of two), up to
    /// `readTogetherSpan` bytes at once (buffers the allocator reuses rather than maps afresh).
    static let readTogetherGap = 4 << 10
    static let readTogetherSpan = 96 << 10

    /// The txids of the transactions at `positions` (ascending), and the outputs paying `scriptHash` of
    /// those among them that are in `checked` (ascending), in order: read in parts.
    func readTransactions(at positions: [TxPosition], checkingOutputsOf checked: [TxPosition],
                          paying scriptHash: ScriptHash) throws(IndexError) -> (txids: [Txid], outputs: [PayingOutput]) {
        let parts = try inParts(positions) { part throws(IndexError) in
            try readTransactions(at: part, checkingOutputsOf: checked, paying: scriptHash)
        }
        if parts.count == 1 { return parts[0] }
        var txids: [Txid] = []
        txids.reserveCapacity(positions.count)
        var outputs: [PayingOutput] = []
        for part in parts {
            txids += part.txids
            outputs += part.outputs
        }
        return (txids, outputs)
    }

    /// The same, for one part.
    func readTransactions(at positions: ArraySlice<TxPosition>, checkingOutputsOf checked: [TxPosition],
                          paying scriptHash: ScriptHash) throws(IndexError) -> (txids: [Txid], outputs: [PayingOutput]) {
        var txids: [Txid] = []
        txids.reserveCapacity(positions.count)
        var found: [PayingOutput] = []
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
        // The first of `checked` at or after the part's first position.
        var nextChecked = positions.first.map { Self.index(of: $0, in: checked) } ?? 0
        try forEachTransaction(at: positions) { k, r throws(IndexError) in
            let position = positions[k]
            while nextChecked < checked.count, checked[nextChecked] < position { nextChecked += 1 }
            do {
                if nextChecked < checked.count, checked[nextChecked] == position {
                    let bytes = r.bytes
                    txids.append(try Transaction.txid(&r) { vout, value, script in
                        if pays(bytes[script]) { found.append(PayingOutput(position: position, vout: UInt32(vout), value: value)) }
                    })
                } else {
                    txids.append(try Transaction.txid(&r))
                }
            } catch {
                throw .data("transaction \(position.index) of indexed block \(position.height) does not parse: \(error)")
            }
        }
        return (txids, found)
    }

    /// Calls `body` with a reader at the start of each transaction at `positions` (ascending), in order; the
    /// reader must end at the transaction's end. Nearby transactions of a block are read at once.
    func forEachTransaction(at positions: ArraySlice<TxPosition>,
                            _ body: (_ k: Int, _ reader: inout ByteReader) throws(IndexError) -> Void) throws(IndexError) {
        let done: Void? = try store.withCursor { cursor throws(IndexError) in
            try forEachTransaction(at: positions, tables: cursor, body)
        }
        guard done != nil else { throw .store(StoreError("the index is closed")) }
    }

    private func forEachTransaction(at positions: ArraySlice<TxPosition>, tables cursor: StoreCursor,
                                    _ body: (_ k: Int, _ reader: inout ByteReader) throws(IndexError) -> Void) throws(IndexError) {
        var ranges: [Range<Int>] = []
        var buffer: [UInt8] = []
        var first = positions.startIndex
        while first < positions.endIndex {
            let height = positions[first].height
            var end = first + 1
            while end < positions.endIndex && positions[end].height == height { end += 1 }
            // Where each of the block's transactions lies: the chunks of its table from the first needed to the
            // last, read with one seek.
            ranges.removeAll(keepingCapacity: true)
            try transactionRanges(of: positions[first..<end], tables: cursor, into: &ranges)
            let block = try BlockReader(index: self, height: Int(height))
            // Runs of nearby transactions, each read at once.
            var run = first
            while run < end {
                var runEnd = run + 1
                let start = ranges[run - first].lowerBound
                while runEnd < end, ranges[runEnd - first].lowerBound - ranges[runEnd - 1 - first].upperBound < Self.readTogetherGap,
                      ranges[runEnd - first].upperBound - start <= Self.readTogetherSpan {
                    runEnd += 1
                }
                try block.read(start..<ranges[runEnd - 1 - first].upperBound, into: &buffer)
                var r = ByteReader(buffer)
                for k in run..<runEnd {
                    let range = ranges[k - first]
                    r.seek(to: range.lowerBound - start)
                    try body(k, &r)
                    guard r.position == range.upperBound - start else {
                        throw .data("transaction \(positions[k].index) of indexed block \(height) does not fill its place in the block")
                    }
                }
                run = runEnd
            }
            first = end
        }
    }

    /// Appends to `ranges` where each of `positions` (ascending, all in one block) lies in its block, from the
    /// block's table chunks read in order from the cursor, each decoded only as far as needed.
    private func transactionRanges(of positions: ArraySlice<TxPosition>, tables cursor: StoreCursor,
                                   into ranges: inout [Range<Int>]) throws(IndexError) {
        let height = Int(positions[positions.startIndex].height)
        let chunkSize = BlockTransactionTable.chunkSize
        cursor.seek(IndexSchema.transactionsKey(height: height, chunk: Int(positions[positions.startIndex].index) / chunkSize))
        var k = positions.startIndex
        while k < positions.endIndex {
            let index = Int(positions[k].index)
            guard let (key, value) = cursor.row, key.count == 7, IndexSchema.readUInt32(key, at: 1) == UInt32(height), key[0] == UInt8(ascii: "X"),
                  case let number = Int(IndexSchema.readUInt16(key, at: 5)), number * chunkSize <= index else {
                throw .data("no transaction at height \(height) position \(index)")
            }
            var end = k
            while end < positions.endIndex, Int(positions[end].index) < (number + 1) * chunkSize { end += 1 }
            if end > k {
                do {
                    try BlockTransactionTable.ranges(inChunk: value, first: number * chunkSize, of: positions[k..<end].lazy.map { Int($0.index) }, into: &ranges)
                } catch {
                    throw .data("corrupt transaction table at height \(height): \(error)")
                }
                k = end
            }
            if k < positions.endIndex { cursor.next() }
        }
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
