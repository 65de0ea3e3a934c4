import SovPrimitives

extension AddressIndex {
    /// The history, unspent outputs and balances of the script whose Electrum script hash is `scriptHash`, confirmed from the index and, when given, unconfirmed from `mempool`. With `limit`, a history
    /// longer than that many entries is refused rather than read whole.
    public func history(scriptHash: ScriptHash, mempool: MempoolView? = nil, limit: Int? = nil) throws(IndexError) -> ScriptHashHistory {
        // Only txids are kept, never whole transactions: a history of 100,000 entries costs a few MB.
        var txids: [TxPosition: Txid] = [:]
        func txid(_ p: TxPosition) throws(IndexError) -> Txid {
            if let t = txids[p] { return t }
            let t = try transaction(at: p).txid
            txids[p] = t
            return t
        }
        var candidates: [TxPosition] = []
        store.scan(prefix: IndexSchema.fundingPrefix(scriptHash)) { key, _ in
            candidates.append(IndexSchema.position(suffixOf: Array(key)))
            return true
        }
        if let limit, candidates.count > limit {
            throw .historyTooLarge(scriptHash: scriptHash, limit: limit)
        }
        struct Funding { var position: TxPosition; var vout: UInt32; var value: Int64; var spentBy: TxPosition? }
        var fundings: [Funding] = []
        var positions = Set<TxPosition>()
        for p in candidates {
            let (tx, id) = try transaction(at: p)
            txids[p] = id
            for (vout, output) in tx.outputs.enumerated() where ScriptHash(script: output.scriptPubKey.bytes) == scriptHash {
                var spentBy: TxPosition?
                do {
                    if let v = try store.get(IndexSchema.spendKey(p, vout: UInt32(vout))), v.count == IndexSchema.positionLength {
                        spentBy = IndexSchema.position(suffixOf: v)
                    }
                } catch { throw .store(error) }
                fundings.append(Funding(position: p, vout: UInt32(vout), value: output.value, spentBy: spentBy))
                positions.insert(p)
                if let spentBy { positions.insert(spentBy) }
            }
            if let limit, positions.count > limit {
                throw .historyTooLarge(scriptHash: scriptHash, limit: limit)
            }
        }
        var history: [ScriptHashHistory.Entry] = []
        for p in positions.sorted() {
            history.append(.init(txid: try txid(p), height: .confirmed(Int(p.height)), position: Int(p.index), fee: nil))
        }
        var unspent: [ScriptHashHistory.Unspent] = []
        var confirmed: Int64 = 0
        for f in fundings where f.spentBy == nil {
            let id = try txid(f.position)
            confirmed += f.value
            unspent.append(.init(txid: id, vout: f.vout, height: .confirmed(Int(f.position.height)), value: Amount(satoshis: f.value)))
        }
        var result = ScriptHashHistory(scriptHash: scriptHash, history: history, unspent: unspent,
                                       confirmedBalance: Amount(satoshis: confirmed), unconfirmedBalance: .zero)
        mempool?.overlay(on: &result)
        return result
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
