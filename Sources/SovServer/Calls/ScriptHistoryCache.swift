import NIOConcurrencyHelpers
import SovIndex
import SovPrimitives

/// Recently computed script histories, shared by every connection: a wallet's `subscribe`, `get_history`,
/// `get_balance` and `listunspent` of one script read the index once. Entries belong to one chain generation
/// (`ServerChainState.generation`): any change of the chain or mempool empties the cache, and a history
/// computed while a change happened is not kept. Bounded by the history entries it holds.
public final class ScriptHistoryCache: Sendable {
    struct State {
        var generation: UInt64 = 0
        var entries: [ScriptHash: ScriptHashHistory] = [:]
        var items = 0
    }

    /// History entries held at most (each costs about a hundred bytes); one history may take half.
    public let capacity: Int
    private let state = NIOLockedValueBox(State())

    public init(capacity: Int = 1_000_000) {
        self.capacity = capacity
    }

    /// The history of `scriptHash` computed at `generation`, if kept.
    public func history(_ scriptHash: ScriptHash, generation: UInt64) -> ScriptHashHistory? {
        state.withLockedValue { $0.generation == generation ? $0.entries[scriptHash] : nil }
    }

    /// Keeps a history computed at `generation` (dropped if the chain has moved on since).
    public func keep(_ history: ScriptHashHistory, for scriptHash: ScriptHash, generation: UInt64) {
        let cost = max(1, history.history.count + history.unspent.count)
        guard cost <= capacity / 2 else { return }
        state.withLockedValue { s in
            if generation > s.generation { s = State(generation: generation) }
            guard generation == s.generation else { return }
            if s.items + cost > capacity {
                s.entries.removeAll(keepingCapacity: true)
                s.items = 0
            }
            if s.entries.updateValue(history, forKey: scriptHash) == nil { s.items += cost }
        }
    }
}
