import SovPrimitives

extension MempoolView {
    /// The scripts (Electrum script hashes) whose unconfirmed history or balance differs
    /// between `self` and `other`: a transaction paying to or spending from them appeared, left, or changed
    /// whether it has an unconfirmed parent (height 0 or -1 in Electrum's terms).
    public func scriptHashesChanged(comparedTo other: MempoolView) -> Set<ScriptHash> {
        var changed = Set<ScriptHash>()
        for sh in Set(fundings.keys).union(other.fundings.keys).union(spends.keys).union(other.spends.keys) {
            if signature(of: sh) != other.signature(of: sh) { changed.insert(sh) }
        }
        return changed
    }

    /// Every script the mempool touches.
    public var scriptHashes: Set<ScriptHash> { Set(fundings.keys).union(spends.keys) }

    private func signature(of scriptHash: ScriptHash) -> [String] {
        var items: [String] = []
        for f in fundings[scriptHash] ?? [] {
            items.append("f" + f.entry.hex + ":\(f.vout):" + flag(f.entry))
        }
        for s in spends[scriptHash] ?? [] {
            items.append("s" + s.entry.hex + ":\(s.counts):" + flag(s.entry))
        }
        return items.sorted()
    }

    private func flag(_ txid: Txid) -> String {
        entries[txid]?.hasUnconfirmedParent == true ? "-1" : "0"
    }
}

extension AddressIndex {
    /// The scripts (Electrum script hashes) a block of the index pays to or spends from:
    /// whose confirmed history that block changed. Spent outputs are found through the index, so call it
    /// while the block (and what it spends) is indexed.
    public func scriptHashesTouched(byBlockAt height: Int) throws(IndexError) -> Set<ScriptHash> {
        let block: Block
        do { block = try Block(bytes: try rawBlock(height: height)) } catch let e as IndexError { throw e } catch { throw .data("block \(height): \(error)") }
        var touched = Set<ScriptHash>()
        for tx in block.transactions {
            for output in tx.outputs { touched.insert(ScriptHash(script: output.scriptPubKey.bytes)) }
            if tx.isCoinbase { continue }
            for input in tx.inputs {
                guard let position = try position(ofTxid: input.previousOutput.txid) else { continue }
                let funding = try transaction(at: position).tx
                let vout = Int(input.previousOutput.index)
                if vout < funding.outputs.count { touched.insert(ScriptHash(script: funding.outputs[vout].scriptPubKey.bytes)) }
            }
        }
        return touched
    }
}
