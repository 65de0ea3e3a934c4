import NIOConcurrencyHelpers
import SovElectrum
import SovPrimitives

/// The merkle trees of recently asked blocks, by block hash (so a reorg never serves a stale tree): a wallet
/// syncing asks `get_merkle` for many transactions of the same blocks, and each answer is then a few lookups
/// instead of reading, parsing and hashing the whole block. Bounded by the hashes it holds; the oldest trees
/// go first.
public final class BlockMerkleCache: Sendable {
    struct State {
        var trees: [BlockHash: MerkleTree] = [:]
        var order: [BlockHash] = []
        var hashes = 0
    }

    /// Hashes held at most (about 100 bytes each with their arrays).
    public let capacity: Int
    private let state = NIOLockedValueBox(State())

    public init(capacity: Int = 500_000) {
        self.capacity = capacity
    }

    /// The tree of the block `blockHash`, built by `make` when not kept.
    public func tree(blockHash key: BlockHash, make: () throws -> MerkleTree) rethrows -> MerkleTree {
        if let kept = state.withLockedValue({ $0.trees[key] }) { return kept }
        let tree = try make()
        let cost = tree.levels.reduce(0) { $0 + $1.count }
        guard cost <= capacity else { return tree }
        state.withLockedValue { s in
            guard s.trees[key] == nil else { return }
            while s.hashes + cost > capacity, !s.order.isEmpty {
                let oldest = s.order.removeFirst()
                s.hashes -= s.trees.removeValue(forKey: oldest).map { $0.levels.reduce(0) { $0 + $1.count } } ?? 0
            }
            s.trees[key] = tree
            s.order.append(key)
            s.hashes += cost
        }
        return tree
    }
}
