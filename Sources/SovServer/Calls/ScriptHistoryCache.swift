import NIOConcurrencyHelpers
import SovIndex
import SovPrimitives

/// Recently computed script histories, shared by every connection: a wallet's `subscribe`, `get_history`,
/// `get_balance` and `listunspent` of one script read the index once. Entries belong to one chain generation
/// (`ServerChainState.generation`): any change of the chain or mempool empties the cache, and a history
/// computed while a change happened is not kept. Bounded by the history entries it holds. Refusals are kept
/// too: a history found longer than the server's limit is refused again at once, not read again, until the
/// chain or mempool changes (a client asking it over and over costs a lookup each time, not a read of the whole
/// history).
public final class ScriptHistoryCache: Sendable {
    struct State {
        var generation: UInt64 = 0
        var entries: [ScriptHash: ScriptHashHistory] = [:]
        /// Scripts whose history was refused, with the limit it passed.
        var refused: [ScriptHash: Int] = [:]
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

    /// The limit `scriptHash`'s history was found longer than at `generation`, if that refusal is kept.
    public func refusedLimit(_ scriptHash: ScriptHash, generation: UInt64) -> Int? {
        state.withLockedValue { $0.generation == generation ? $0.refused[scriptHash] : nil }
    }

    /// Keeps a history computed at `generation` (dropped if the chain has moved on since).
    public func keep(_ history: ScriptHashHistory, for scriptHash: ScriptHash, generation: UInt64) {
        let cost = max(1, history.history.count + history.unspent.count)
        guard cost <= capacity / 2 else { return }
        update(generation: generation, cost: cost) { s in s.entries.updateValue(history, forKey: scriptHash) == nil }
    }

    /// Keeps that the history of `scriptHash` was found at `generation` to be longer than `limit` entries.
    public func keepRefusal(of scriptHash: ScriptHash, limit: Int, generation: UInt64) {
        update(generation: generation, cost: 1) { s in s.refused.updateValue(limit, forKey: scriptHash) == nil }
    }

    /// Runs `insert` (which says whether it added an entry) on the state of `generation`, first emptied if the
    /// chain has moved on, or if `cost` more would pass the capacity; does nothing for an older generation.
    private func update(generation: UInt64, cost: Int, _ insert: (inout State) -> Bool) {
        state.withLockedValue { s in
            if generation > s.generation { s = State(generation: generation) }
            guard generation == s.generation else { return }
            if s.items + cost > capacity {
                s.entries.removeAll(keepingCapacity: true)
                s.refused.removeAll(keepingCapacity: true)
                s.items = 0
            }
            if insert(&s) { s.items += cost }
        }
    }
}
