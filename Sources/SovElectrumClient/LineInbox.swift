import NIOConcurrencyHelpers
import NIOCore

/// How a connection's stream of lines ended.
enum LineStreamEnd: Sendable, Equatable {
    /// The connection closed.
    case closed
    /// The connection was closed because the server broke the protocol, or failed in another way.
    case failed(ElectrumClientError)

    var error: ElectrumClientError {
        switch self {
        case .closed: return .closed
        case .failed(let error): return error
        }
    }
}

/// What an attached consumer is handed, in arrival order.
enum LineEvent: Sendable {
    case line([UInt8])
    case end(LineStreamEnd)
}

/// The lines a connection received and not yet handed out, and those waiting for them.
///
/// Lines are handed either to `next(timeout:on:)` callers in arrival order or, once a consumer is attached, to
/// that consumer (the `ElectrumClient`), directly from the event loop. Deliveries and the attachment happen on
/// the channel's event loop, so no line is reordered.
final class LineInbox: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<[UInt8]?, any Error>
        var timeout: Scheduled<Void>?
    }

    private struct State {
        var lines = CircularBuffer<[UInt8]>()
        var end: LineStreamEnd?
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        /// Waiters cancelled before they were registered.
        var cancelled: Set<UInt64> = []
        var consumer: (@Sendable (LineEvent) -> Void)?
    }

    private let state = NIOLockedValueBox(State())

    /// Hands one received line to the consumer, the longest waiting caller, or the queue.
    func deliver(_ line: [UInt8]) {
        enum Action { case consume(@Sendable (LineEvent) -> Void), resume(Waiter), none }
        let action = state.withLockedValue { state -> Action in
            if state.end != nil { return .none }
            if let consumer = state.consumer { return .consume(consumer) }
            if !state.waiters.isEmpty { return .resume(state.waiters.removeFirst()) }
            state.lines.append(line)
            return .none
        }
        switch action {
        case .consume(let consumer): consumer(.line(line))
        case .resume(let waiter):
            waiter.timeout?.cancel()
            waiter.continuation.resume(returning: line)
        case .none: break
        }
    }

    /// Ends the stream (the first end wins): waiting callers get nil for `.closed` or the error.
    func finish(_ end: LineStreamEnd) {
        let (waiters, consumer) = state.withLockedValue { state -> ([Waiter], (@Sendable (LineEvent) -> Void)?) in
            guard state.end == nil else { return ([], nil) }
            state.end = end
            defer { state.waiters = [] }
            return (state.waiters, state.consumer)
        }
        consumer?(.end(end))
        for waiter in waiters {
            waiter.timeout?.cancel()
            waiter.continuation.resume(with: Self.outcome(of: end))
        }
    }

    /// How the stream ended, if it has.
    var end: LineStreamEnd? { state.withLockedValue { $0.end } }

    /// From now on every line (first those queued) and the end go to `consumer`. Call on the event loop.
    func attach(_ consumer: @escaping @Sendable (LineEvent) -> Void) {
        let (queued, end) = state.withLockedValue { state -> ([[UInt8]], LineStreamEnd?) in
            state.consumer = consumer
            defer { state.lines.removeAll() }
            return (Array(state.lines), state.end)
        }
        for line in queued { consumer(.line(line)) }
        if let end { consumer(.end(end)) }
    }

    /// The next line; nil once the connection closed and every line before that was taken. Throws
    /// `ElectrumClientError.timeout` after `timeout` (the connection stays usable), the error that ended the
    /// stream, or `CancellationError`.
    func next(timeout: TimeAmount?, on eventLoop: any EventLoop) async throws -> [UInt8]? {
        let id = state.withLockedValue { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8]?, any Error>) in
                enum Immediate { case line([UInt8]), end(LineStreamEnd), cancelled, wait }
                let immediate = state.withLockedValue { state -> Immediate in
                    if state.cancelled.remove(id) != nil { return .cancelled }
                    if let line = state.lines.popFirst() { return .line(line) }
                    if let end = state.end { return .end(end) }
                    state.waiters.append(Waiter(id: id, continuation: continuation, timeout: nil))
                    return .wait
                }
                switch immediate {
                case .line(let line): continuation.resume(returning: line)
                case .end(let end): continuation.resume(with: Self.outcome(of: end))
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .wait:
                    guard let timeout else { return }
                    let scheduled = eventLoop.scheduleTask(in: timeout) { self.expire(id, ElectrumClientError.timeout) }
                    let attached = state.withLockedValue { state -> Bool in
                        guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return false }
                        state.waiters[index].timeout = scheduled
                        return true
                    }
                    if !attached { scheduled.cancel() }
                }
            }
        } onCancel: {
            self.expire(id, CancellationError(), rememberIfAbsent: true)
        }
    }

    /// Fails waiter `id` if it is still waiting.
    private func expire(_ id: UInt64, _ error: any Error, rememberIfAbsent: Bool = false) {
        let waiter = state.withLockedValue { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else {
                if rememberIfAbsent { state.cancelled.insert(id) }
                return nil
            }
            return state.waiters.remove(at: index)
        }
        waiter?.timeout?.cancel()
        waiter?.continuation.resume(throwing: error)
    }

    private static func outcome(of end: LineStreamEnd) -> Result<[UInt8]?, any Error> {
        switch end {
        case .closed: return .success(nil)
        case .failed(let error): return .failure(error)
        }
    }
}
