import FoundationEssentials
import SovPrimitives
import SovNodeRPC
import Dispatch

/// Follows the chain: runs a round (bring the index to the node's tip, and whatever the owner does after) on a
/// thread of its own, again at once when the node announces a block over ZMQ, else every `interval` seconds,
/// until stopped. `sov index build --follow` and the server's `ChainFollower` are both this loop with their
/// own round.
///
/// A round that throws is handed to `failed`, which says whether to try again at the next wake-up (the server
/// keeps serving what it has) or to end the loop (`sov index build` reports the failure and exits).
public final class ChainFollowLoop: @unchecked Sendable {
    /// What to do after a round failed.
    public enum AfterFailure: Sendable {
        case retry
        case stop
    }

    /// Seconds between rounds when no block is announced.
    public let interval: Double
    /// The node's `zmqpubhashblock` endpoint, or nil to poll only.
    public let zmqEndpoint: String?
    private let failed: @Sendable (any Error) -> AfterFailure

    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    // Guarded by `lock`.
    private let lock = Lock()
    private var stopping = false
    private var started = false
    private var ended = false
    private var listener: BlockNotificationListener?
    private var lastFailure: (any Error)?
    /// The round; dropped when the loop ends, so that what it holds (an open index) is released by its owner on
    /// the owner's thread, not by this loop's thread as it dies (RocksDB closed while the process exits aborts).
    private var round: (@Sendable (_ shouldStop: @escaping @Sendable () -> Bool) throws -> Void)?

    /// `round` gets a closure that turns true once the loop is asked to stop (pass it to `IndexSync.sync`).
    public init(interval: Double, zmqEndpoint: String?,
                round: @escaping @Sendable (_ shouldStop: @escaping @Sendable () -> Bool) throws -> Void,
                failed: @escaping @Sendable (any Error) -> AfterFailure) {
        self.interval = interval
        self.zmqEndpoint = zmqEndpoint
        self.round = round
        self.failed = failed
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// Whether the loop was asked to stop.
    public var isStopping: Bool { locked { stopping } }
    /// Whether the loop has ended (stopped, or ended by a failure).
    public var hasEnded: Bool { locked { ended } }
    /// The failure that ended the loop, if one did.
    public var failure: (any Error)? { locked { ended ? lastFailure : nil } }

    /// Starts the loop (its first round at once) and, with an endpoint, the ZMQ listener that wakes it.
    public func start() {
        let go = locked { () -> Bool in
            guard !started, !stopping else { return false }
            started = true
            return true
        }
        guard go else { return }
        if let endpoint = zmqEndpoint {
            let l = BlockNotificationListener(endpoint: endpoint) { [wake] _ in wake.signal() }
            // Recorded before it starts, so that a stop from now on stops it too.
            let keep = locked { () -> Bool in
                guard !stopping else { return false }
                listener = l
                return true
            }
            if keep { l.start() }
        }
        Threads.detach { [self] in
            runRounds()
            locked {
                round = nil
                ended = true
            }
            finished.signal()
        }
    }

    private func runRounds() {
        guard let round = locked({ round }) else { return }
        let shouldStop: @Sendable () -> Bool = { [weak self] in self?.isStopping ?? true }
        while !isStopping {
            do {
                try round(shouldStop)
                locked { lastFailure = nil }
            } catch {
                locked { lastFailure = error }
                if failed(error) == .stop { break }
            }
            if isStopping { break }
            _ = wake.wait(timeout: .now() + interval)
        }
    }

    /// Asks the loop to stop, waits for the round under way to end, and stops the listener.
    public func stop() {
        let (wasStarted, l) = locked { () -> (Bool, BlockNotificationListener?) in
            stopping = true
            defer { listener = nil }
            return (started, listener)
        }
        l?.stop()
        wake.signal()
        if wasStarted {
            finished.wait()
            finished.signal()  // later callers of stop() or waitUntilEnded() return too
        }
    }

    /// Blocks until the loop ends, or until `shouldGiveUp` turns true (checked every 100 ms).
    public func waitUntilEnded(orUntil shouldGiveUp: () -> Bool) {
        while !hasEnded && !shouldGiveUp() {
            if finished.wait(timeout: .now() + 0.1) == .success {
                finished.signal()
                return
            }
        }
    }
}
