import NIOConcurrencyHelpers
import NIOCore
import SovElectrum
import SovJSON

/// The requests an `ElectrumClient` sent and is waiting for answers to, matched by id.
///
/// Requests sent together (one call, or one batch line) form a group that completes when every one of them is
/// answered, fails as a whole on timeout, cancellation or a closed connection, and then forgets its ids: a late
/// answer to a forgotten id is ignored.
final class PendingCalls: Sendable {
    typealias Outcome = Result<JSONValue, ElectrumClientError>
    typealias Continuation = CheckedContinuation<[Outcome], any Error>

    private struct Group {
        let ids: [Int]
        var outcomes: [Outcome?]
        var remaining: Int
        /// Set once the caller is suspended waiting.
        var continuation: Continuation?
        var timeout: Scheduled<Void>?
        /// A failure that came before the caller was waiting.
        var earlyFailure: (any Error)?
    }

    private struct State {
        var nextID = 0
        /// Request id → its group and position in it.
        var owners: [Int: (group: Int, index: Int)] = [:]
        var groups: [Int: Group] = [:]
        /// Set when the connection ended: every later group fails with it at once.
        var end: ElectrumClientError?
    }

    private let state = NIOLockedValueBox(State())

    /// Allocates ids for `count` requests; the group's key is returned with them.
    func reserve(count: Int) -> (group: Int, ids: [Int]) {
        state.withLockedValue { state in
            let ids = (0..<count).map { state.nextID + 1 + $0 }
            state.nextID += count
            let group = ids.first ?? state.nextID
            state.groups[group] = Group(ids: ids, outcomes: Array(repeating: nil, count: count), remaining: count)
            for (index, id) in ids.enumerated() { state.owners[id] = (group, index) }
            return (group, ids)
        }
    }

    /// Starts waiting for `group`. Returns false (having resumed `continuation` with the failure) when the group
    /// already failed or the connection already ended; the caller then must not send.
    func wait(group: Int, continuation: Continuation) -> Bool {
        let failure = state.withLockedValue { state -> (any Error)? in
            guard var entry = state.groups[group] else { return ElectrumClientError.closed }
            if let early = entry.earlyFailure ?? state.end {
                Self.forget(group, entry, in: &state)
                return early
            }
            entry.continuation = continuation
            state.groups[group] = entry
            return nil
        }
        guard let failure else { return true }
        continuation.resume(throwing: failure)
        return false
    }

    /// Remembers the timer that fails `group`, cancelling it if the group is already over.
    func attach(_ timeout: Scheduled<Void>, to group: Int) {
        let attached = state.withLockedValue { state -> Bool in
            guard state.groups[group] != nil else { return false }
            state.groups[group]?.timeout = timeout
            return true
        }
        if !attached { timeout.cancel() }
    }

    /// Records the answer to request `id`; completes its group when it was the last one outstanding.
    func answer(_ id: JSONRPCID, _ outcome: Outcome) {
        guard case .number(let text) = id, let number = Int(text) else { return }
        let completed = state.withLockedValue { state -> (Continuation?, Scheduled<Void>?, [Outcome])? in
            guard let (group, index) = state.owners.removeValue(forKey: number), var entry = state.groups[group],
                  entry.outcomes[index] == nil else { return nil }
            entry.outcomes[index] = outcome
            entry.remaining -= 1
            guard entry.remaining == 0 else {
                state.groups[group] = entry
                return nil
            }
            state.groups[group] = nil
            return (entry.continuation, entry.timeout, entry.outcomes.compactMap { $0 })
        }
        guard let (continuation, timeout, outcomes) = completed else { return }
        timeout?.cancel()
        continuation?.resume(returning: outcomes)
    }

    /// Fails `group` as a whole (timeout, cancellation, a failed write), if it is not over yet.
    func fail(group: Int, with error: any Error) {
        let failed = state.withLockedValue { state -> Group? in
            guard var entry = state.groups[group] else { return nil }
            guard entry.continuation != nil else {
                if entry.earlyFailure == nil { entry.earlyFailure = error }
                state.groups[group] = entry
                return nil
            }
            Self.forget(group, entry, in: &state)
            return entry
        }
        failed?.timeout?.cancel()
        failed?.continuation?.resume(throwing: error)
    }

    /// Fails every group with `error` and every later one too: the connection has ended.
    func finish(_ error: ElectrumClientError) {
        let failed = state.withLockedValue { state -> [Group] in
            if state.end == nil { state.end = error }
            let waiting = state.groups.filter { $0.value.continuation != nil }
            for (group, entry) in waiting { Self.forget(group, entry, in: &state) }
            return Array(waiting.values)
        }
        for entry in failed {
            entry.timeout?.cancel()
            entry.continuation?.resume(throwing: error)
        }
    }

    private static func forget(_ group: Int, _ entry: Group, in state: inout State) {
        state.groups[group] = nil
        for id in entry.ids { state.owners[id] = nil }
    }
}
