/// The script-hash prefix of every output of recently indexed blocks, by height: what a spend row's key
/// needs to know about the output it spends, found without reading that output's block back. Bounded by
/// the outputs it holds; the oldest blocks go first. Not thread-safe: `AddressIndex` holds it under its lock.
struct OutputPrefixCache {
    private struct Block {
        /// Where each transaction's outputs start in `prefixes`, then where the last one's end.
        var starts: [UInt32]
        var prefixes: [UInt64]
        /// When it was kept: `order` may still name a height whose block was replaced since.
        var sequence: Int

        func prefix(transaction: Int, vout: Int) -> UInt64? {
            guard transaction + 1 < starts.count else { return nil }
            let start = Int(starts[transaction]), end = Int(starts[transaction + 1])
            return vout < end - start ? prefixes[start + vout] : nil
        }
    }

    private var blocks: [Int: Block] = [:]
    /// Heights in the order they were kept, with their sequence numbers.
    private var order: [(height: Int, sequence: Int)] = []
    private var sequence = 0
    private var outputs = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Keeps the prefixes of `block`'s outputs (replacing what was kept for its height).
    mutating func insert(_ block: PreparedBlock) {
        sequence += 1
        var entry = Block(starts: [], prefixes: [], sequence: sequence)
        entry.starts.reserveCapacity(block.outputScriptHashes.count + 1)
        for hashes in block.outputScriptHashes {
            entry.starts.append(UInt32(entry.prefixes.count))
            for hash in hashes { entry.prefixes.append(IndexSchema.prefix(of: hash)) }
        }
        entry.starts.append(UInt32(entry.prefixes.count))
        remove(height: block.height)
        blocks[block.height] = entry
        order.append((block.height, sequence))
        outputs += entry.prefixes.count
        // The oldest go first, never the block just kept.
        while outputs > capacity, let oldest = order.first, oldest.sequence != sequence {
            order.removeFirst()
            if blocks[oldest.height]?.sequence == oldest.sequence { remove(height: oldest.height) }
        }
    }

    /// The prefix of output `vout` of the transaction at `position`, if its block is kept and has it. (The
    /// block is read in place, through its index in the dictionary: no copy of its arrays, once per input.)
    func prefix(_ position: TxPosition, vout: UInt32) -> UInt64? {
        guard let i = blocks.index(forKey: Int(position.height)) else { return nil }
        return blocks.values[i].prefix(transaction: Int(position.index), vout: Int(vout))
    }

    mutating func remove(height: Int) {
        if let dropped = blocks.removeValue(forKey: height) { outputs -= dropped.prefixes.count }
    }

    mutating func removeAll() {
        blocks.removeAll()
        order.removeAll()
        outputs = 0
    }
}
