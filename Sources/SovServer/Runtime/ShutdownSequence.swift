import Dispatch
import Glibc
import NIOConcurrencyHelpers

/// How a running server stops: the parts that started register how they stop, and one shutdown — from code, or
/// on SIGINT/SIGTERM — runs those stops once, newest first (connections, then endpoints, then the follower), each
/// finished before the next begins. Anyone may wait for the end.
final class ShutdownSequence: Sendable {
    // Unchecked for the signal sources only (Dispatch objects are thread-safe but not marked Sendable); the state
    // is touched only under the lock.
    private struct State: @unchecked Sendable {
        var stops: [@Sendable () async -> Void] = []
        var started = false
        var finished = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var signalSources: [any DispatchSourceSignal] = []
    }

    private let state = NIOLockedValueBox(State())

    /// Adds a part's stop; it runs before the stops added earlier.
    func add(_ stop: @escaping @Sendable () async -> Void) {
        state.withLockedValue { $0.stops.append(stop) }
    }

    /// Shuts down on SIGINT and SIGTERM (their default action, ending the process, is turned off meanwhile).
    func stopOnSignals() {
        let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in Task { await shutDown() } }
            source.resume()
            return source
        }
        state.withLockedValue { $0.signalSources += sources }
    }

    /// Runs the stops, newest first, once; a second caller waits for the first one's shutdown to end.
    func shutDown() async {
        let stops: [@Sendable () async -> Void]? = state.withLockedValue { state in
            guard !state.started else { return nil }
            state.started = true
            return state.stops.reversed()
        }
        guard let stops else { return await waitUntilShutDown() }
        for stop in stops { await stop() }
        let (waiters, sources) = state.withLockedValue { state in
            state.finished = true
            defer { state.waiters = []; state.signalSources = [] }
            return (state.waiters, state.signalSources)
        }
        for source in sources { source.cancel() }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when a shutdown has run all the stops.
    func waitUntilShutDown() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let finished = state.withLockedValue { state in
                if !state.finished { state.waiters.append(waiter) }
                return state.finished
            }
            if finished { waiter.resume() }
        }
    }
}
