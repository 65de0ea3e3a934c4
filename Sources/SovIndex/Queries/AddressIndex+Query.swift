import FoundationEssentials
import SovPrimitives

extension AddressIndex {
    /// The history, unspent outputs and balances of the script whose Electrum script hash is `scriptHash`,
    /// confirmed from the index and, when given, unconfirmed from `mempool`. With `limit`, a history longer than
    /// that many entries is refused rather than read whole.
    ///
    /// A cold read costs two prefix scans (the script's funding rows, and the spend rows of outputs paying
    /// it), one chunk of a block's transaction table per 64 transactions involved (txids and where each lies),
    /// and one read of block bytes per run of nearby paying transactions: their outputs are checked against the script, so a
    /// prefix collision never answers wrongly. The paying transactions of a long history are read in as many
    /// parts as there are cores, each a run of whole blocks.
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
        var positions: [TxPosition] = []
        positions.reserveCapacity(outputs.count * 2)
        var spenders: [TxPosition] = []
        for output in outputs {
            if positions.last != output.position { positions.append(output.position) }
            if let spender = output.spentBy { spenders.append(spender) }
        }
        spenders.sort()
        positions = Self.mergeDistinct(positions, spenders)
        if let limit, positions.count > limit {
            throw .historyTooLarge(scriptHash: scriptHash, limit: limit)
        }
        var history: [ScriptHashHistory.Entry] = []
        history.reserveCapacity(positions.count)
        var chunk: (height: UInt32, table: BlockTransactionTable)?
        func txid(_ p: TxPosition) throws(IndexError) -> Txid {
            if chunk?.height != p.height || !chunk!.table.positions.contains(Int(p.index)) {
                chunk = (p.height, try transactionChunk(containing: p))
            }
            return chunk!.table.txid(Int(p.index))
        }
        for p in positions {
            history.append(.init(txid: try txid(p), height: .confirmed(Int(p.height)), position: Int(p.index), fee: nil))
        }
        var unspent: [ScriptHashHistory.Unspent] = []
        var confirmed: Int64 = 0
        for output in outputs where output.spentBy == nil {
            confirmed += output.value
            unspent.append(.init(txid: try txid(output.position), vout: output.vout, height: .confirmed(Int(output.position.height)),
                                 value: Amount(satoshis: output.value)))
        }
        var result = ScriptHashHistory(scriptHash: scriptHash, history: history, unspent: unspent,
                                       confirmedBalance: Amount(satoshis: confirmed), unconfirmedBalance: .zero)
        mempool?.overlay(on: &result)
        return result
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

    /// Paying transactions from which a history is read in parts (below it, in one).
    static let parallelHistoryThreshold = 2_000

    /// The outputs paying `scriptHash` among the transactions at `positions` (ascending), in order, each with
    /// the transaction spending it. Many positions are read in parts of whole blocks, one per core.
    func payingOutputs(_ scriptHash: ScriptHash, in positions: [TxPosition]) throws(IndexError) -> [PayingOutput] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard positions.count >= Self.parallelHistoryThreshold, cores > 1 else {
            return try outputs(paying: scriptHash, in: positions[...])
        }
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
            try outputs(paying: scriptHash, in: positions[cuts[part]..<cuts[part + 1]])
        }.flatMap { $0 }
    }

    /// Fills in the transaction spending each of `outputs` (ascending by position and output index) from the
    /// spend rows of outputs paying scripts with `scriptHash`'s prefix: one scan, merged with `outputs` (rows
    /// of other scripts sharing the prefix match none of them).
    func findSpends(of outputs: inout [PayingOutput], paying scriptHash: ScriptHash) throws(IndexError) {
        var next = 0
        var malformed = false
        store.scan(prefix: IndexSchema.spendPrefix(scriptHash)) { key, value in
            guard key.count == 16, value.count == IndexSchema.positionLength else {
                malformed = true
                return false
            }
            let funding = TxPosition(height: IndexSchema.readUInt32(key, at: 7), index: IndexSchema.readUInt16(key, at: 11))
            let vout = IndexSchema.readUInt24(key, at: 13)
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
        var vout: UInt32
        var value: Int64
        /// The transaction spending it, once looked up.
        var spentBy: TxPosition?
    }

    /// Transactions closer than this in a block are read together (one read instead of two), up to
    /// `readTogetherSpan` bytes at once (buffers the allocator reuses rather than maps afresh).
    static let readTogetherGap = 16 << 10
    static let readTogetherSpan = 96 << 10

    /// The outputs paying `scriptHash` among the transactions at `positions` (ascending), in order.
    func outputs(paying scriptHash: ScriptHash, in slice: ArraySlice<TxPosition>) throws(IndexError) -> [PayingOutput] {
        let positions = Array(slice)
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
        var first = 0
        while first < positions.count {
            let height = positions[first].height
            var end = first + 1
            while end < positions.count && positions[end].height == height { end += 1 }
            // Where each of the block's paying transactions lies (from the chunks of its table that describe them).
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(end - first)
            var chunk: BlockTransactionTable?
            for k in first..<end {
                let index = Int(positions[k].index)
                if chunk == nil || !chunk!.positions.contains(index) { chunk = try transactionChunk(containing: positions[k]) }
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
                let bytes = try blockBytes(height: Int(height), range: start..<ranges[runEnd - 1 - first].upperBound)
                for k in run..<runEnd {
                    let position = positions[k]
                    let range = ranges[k - first]
                    var r = ByteReader(bytes)
                    r.seek(to: range.lowerBound - start)
                    do {
                        try Transaction.forEachOutput(&r) { vout, value, script in
                            if pays(bytes[script]) { found.append(PayingOutput(position: position, vout: UInt32(vout), value: value)) }
                        }
                    } catch {
                        throw .data("transaction \(position.index) of indexed block \(height) does not parse: \(error)")
                    }
                    guard r.position == range.upperBound - start else {
                        throw .data("transaction \(position.index) of indexed block \(height) does not fill its place in the block")
                    }
                }
                run = runEnd
            }
            first = end
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
