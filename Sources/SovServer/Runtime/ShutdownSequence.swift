import Dispatch
import Glibc
import NIOConcurrencyHelpers
import SovPrimitives

/// How a running server stops: the parts that started register how they stop, and one shutdown — from code, or
/// on SIGINT/SIGTERM — runs those stops once, newest first (connections, then endpoints, then the follower), each
/// finished before the next begins. Anyone may wait for the end.
final class ShutdownSequence: Sendable {
    // Unchecked for the signal watch only (Dispatch objects are thread-safe but not marked Sendable); the state
    // is touched only under the lock.
    private struct State: @unchecked Sendable {
        var stops: [@Sendable () async -> Void] = []
        var started = false
        var finished = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var signalWatch: (any DispatchSourceTimer)?
    }

    private let state = NIOLockedValueBox(State())

    /// Adds a part's stop; it runs before the stops added earlier.
    func add(_ stop: @escaping @Sendable () async -> Void) {
        state.withLockedValue { $0.stops.append(stop) }
    }

    /// Shuts down on SIGINT and SIGTERM (`StopSignal`). A handler (rather than ignoring the signals for a
    /// Dispatch signal source) catches them whichever thread the kernel picks: an ignored signal sent to a
    /// process whose main thread does not block it is dropped before any signal source can see it. A timer
    /// looks at the flag every 50 ms; a stop asked for before this call (a command's catch-up) counts too.
    func stopOnSignals() {
        StopSignal.install()
        let watch = DispatchSource.makeTimerSource(queue: .global())
        watch.schedule(deadline: .now(), repeating: .milliseconds(50))
        watch.setEventHandler { [self] in
            guard StopSignal.take() else { return }
            Task { await shutDown() }
        }
        watch.resume()
        state.withLockedValue { $0.signalWatch = watch }
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
        let (waiters, watch) = state.withLockedValue { state in
            state.finished = true
            defer { state.waiters = []; state.signalWatch = nil }
            return (state.waiters, state.signalWatch)
        }
        watch?.cancel()
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
