import SovElectrum
import SovPrimitives

/// The script subscriptions of one connection, with what was last told of each, so that notifications keep
/// their promises while requests run concurrently:
/// - a subscription's answer precedes its first notification (a script is notified only once answered);
/// - no answer or notification carries a status older than one already sent: each status is stamped with
///   the chain generation it was computed at (`ServerChainState.generation`, read before computing), and one
///   computed before the last status sent is dropped (a notification) or replaced by the last status (an
///   answer to a repeated subscribe).
struct ConnectionSubscriptions {
    struct Entry {
        var status: String?
        var order: MempoolOrder
        /// The generation of `status`.
        var generation: UInt64 = 0
        /// Whether the client has been answered (notifications may go out).
        var answered = false
        /// Subscribe requests for this script still running.
        var running = 0
    }

    private(set) var entries: [ScriptHash: Entry] = [:]

    var count: Int { entries.count }

    func contains(_ scriptHash: ScriptHash) -> Bool { entries[scriptHash] != nil }

    /// A subscribe request for `scriptHash` starts running.
    mutating func begin(_ scriptHash: ScriptHash, order: MempoolOrder) {
        entries[scriptHash, default: Entry(status: nil, order: order)].running += 1
    }

    /// A subscribe request computed `status` at `generation`: returns the status to answer with.
    mutating func answered(_ scriptHash: ScriptHash, status: String?, generation: UInt64) -> String? {
        guard var entry = entries[scriptHash] else { return status }  // unsubscribed meanwhile
        entry.running -= 1
        if entry.answered && generation < entry.generation {
            entries[scriptHash] = entry
            return entry.status
        }
        entry.status = status
        entry.generation = generation
        entry.answered = true
        entries[scriptHash] = entry
        return status
    }

    /// A subscribe request failed; true when that ends the subscription (it was never answered).
    mutating func failed(_ scriptHash: ScriptHash) -> Bool {
        guard var entry = entries[scriptHash] else { return false }
        entry.running -= 1
        if !entry.answered && entry.running == 0 {
            entries[scriptHash] = nil
            return true
        }
        entries[scriptHash] = entry
        return false
    }

    /// Ends a subscription; true when there was one.
    mutating func remove(_ scriptHash: ScriptHash) -> Bool {
        entries.removeValue(forKey: scriptHash) != nil
    }

    /// The answered subscriptions whose status `change` may have changed.
    func candidates(for change: ChainChange) -> [(hash: ScriptHash, order: MempoolOrder)] {
        entries.compactMap { $0.value.answered && change.mayChange($0.key) ? ($0.key, $0.value.order) : nil }
    }

    /// A notification pass computed `status` at `generation`: true when it is news to send.
    mutating func notified(_ scriptHash: ScriptHash, status: String?, generation: UInt64) -> Bool {
        guard var entry = entries[scriptHash], entry.answered, generation >= entry.generation else { return false }
        entry.generation = generation
        let news = entry.status != status
        entry.status = status
        entries[scriptHash] = entry
        return news
    }
}
