import SovPrimitives

extension MempoolView {
    /// The scripts (SHA-256 of the script, internal order) whose unconfirmed history or balance differs
    /// between `self` and `other`: a transaction paying to or spending from them appeared, left, or changed
    /// whether it has an unconfirmed parent (height 0 or -1 in Electrum's terms).
    public func scriptHashesChanged(comparedTo other: MempoolView) -> Set<[UInt8]> {
        var changed = Set<[UInt8]>()
        for sh in Set(fundings.keys).union(other.fundings.keys).union(spends.keys).union(other.spends.keys) {
            if signature(of: sh) != other.signature(of: sh) { changed.insert(sh) }
        }
        return changed
    }

    /// Every script the mempool touches.
    public var scriptHashes: Set<[UInt8]> { Set(fundings.keys).union(spends.keys) }

    private func signature(of scriptHash: [UInt8]) -> [String] {
        var items: [String] = []
        for f in fundings[scriptHash] ?? [] {
            items.append("f" + Hex.encode(f.entry) + ":\(f.vout):" + flag(f.entry))
        }
        for s in spends[scriptHash] ?? [] {
            items.append("s" + Hex.encode(s.entry) + ":\(s.counts):" + flag(s.entry))
        }
        return items.sorted()
    }

    private func flag(_ txid: [UInt8]) -> String {
        entries[TxidKey(txid)]?.hasUnconfirmedParent == true ? "-1" : "0"
    }
}

extension AddressIndex {
    /// The scripts (SHA-256 of the script, internal order) a block of the index pays to or spends from:
    /// whose confirmed history that block changed. Spent outputs are found through the index, so call it
    /// while the block (and what it spends) is indexed.
    public func scriptHashesTouched(byBlockAt height: Int) throws(IndexError) -> Set<[UInt8]> {
        let block: Block
        do { block = try Block(bytes: try rawBlock(height: height)) } catch let e as IndexError { throw e } catch { throw .data("block \(height): \(error)") }
        var touched = Set<[UInt8]>()
        for tx in block.transactions {
            for output in tx.outputs { touched.insert(Hashes.sha256(output.scriptPubKey.bytes)) }
            if tx.isCoinbase { continue }
            for input in tx.inputs {
                guard let position = try position(ofTxid: input.previousOutput.txid) else { continue }
                let funding = try transaction(at: position).tx
                let vout = Int(input.previousOutput.index)
                if vout < funding.outputs.count { touched.insert(Hashes.sha256(funding.outputs[vout].scriptPubKey.bytes)) }
            }
        }
        return touched
    }
}
