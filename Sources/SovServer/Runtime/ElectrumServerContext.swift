import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SovElectrum

/// Who is connecting, for the authorization decision.
public struct ConnectionCredentials: Sendable {
    public var remoteIP: String
    public var isLoopback: Bool
    /// SHA-256 fingerprint (uppercase hex with colons) of the client's TLS certificate, when it presented one.
    public var clientCertificateFingerprint: String?
    /// A token presented over WebSocket (`Authorization: Bearer …`) or with `server.authenticate`.
    public var token: String?

    public init(remoteIP: String, isLoopback: Bool, clientCertificateFingerprint: String? = nil, token: String? = nil) {
        self.remoteIP = remoteIP
        self.isLoopback = isLoopback
        self.clientCertificateFingerprint = clientCertificateFingerprint
        self.token = token
    }
}

/// Decides whether a connection may be served, and as which class of client.
public typealias ConnectionAuthorizer = @Sendable (ConnectionCredentials) -> ClientAuthorization

/// Everything the connections of one server share: how calls are executed, the limits and their counters,
/// metrics, the worker threads, authorization, and the set of open connections (for notifications).
public final class ElectrumServerContext: Sendable {
    public let executor: ElectrumCallExecutor
    public let limits: ServerLimits
    public let limiter: ConnectionLimiter
    public let metrics: ServerMetrics
    public let threadPool: NIOThreadPool
    /// Where long uncached histories are computed, one at a time, apart from everything else.
    public let heavyPool: NIOThreadPool
    public let authorize: ConnectionAuthorizer
    /// Pairing for devices not admitted yet (`sov.pair.redeem`, the pairing window); nil: none.
    public let pairing: PairingDesk?
    public let software: String
    /// Answers queued for clients, bounded per address and in all.
    public let output: OutputBudget
    /// Threads of `threadPool`: a connection's calls are split into this many parts.
    let workerCount: Int
    let connections = ConnectionRegistry()

    public init(executor: ElectrumCallExecutor, limits: ServerLimits, metrics: ServerMetrics, threadPool: NIOThreadPool,
                workerCount: Int, heavyPool: NIOThreadPool, software: String, authorize: @escaping ConnectionAuthorizer,
                pairing: PairingDesk? = nil) {
        self.pairing = pairing
        self.workerCount = max(1, workerCount)
        self.output = OutputBudget(perIP: limits.outputBytesPerIP, total: limits.outputBytesTotal)
        self.heavyPool = heavyPool
        self.executor = executor
        self.limits = limits
        self.limiter = ConnectionLimiter(limits: limits)
        self.metrics = metrics
        self.threadPool = threadPool
        self.software = software
        self.authorize = authorize
    }

    public var chain: ServerChainState { executor.chain }

    /// Tells every connection that the chain or the mempool changed; each sends the notifications its
    /// subscriptions call for.
    public func broadcast(_ change: ChainChange) {
        connections.forEach { $0.notify(change) }
    }

    /// Closes every open connection (shutdown).
    public func closeAllConnections() {
        connections.forEach { $0.close(nil) }
    }

    /// Gives freed memory back to the system once much has been freed (answers of closed or drained
    /// connections), so a burst of clients that stopped reading does not leave the server large.
    func returnMemoryIfWorthIt() {
        guard output.takeReleased() >= 16 << 20 else { return }
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }

    /// Open connections now.
    public var openConnections: Int { limiter.openConnections }
}

/// The open connections, each reachable from any thread through its event loop.
final class ConnectionRegistry: Sendable {
    struct Entry: Sendable {
        var notify: @Sendable (ChainChange) -> Void
        /// Closes the connection; the reason, when given, is counted among the refusals.
        var close: @Sendable (String?) -> Void
    }
    private let entries = NIOLockedValueBox<[ObjectIdentifier: Entry]>([:])

    func add(_ id: ObjectIdentifier, _ entry: Entry) {
        entries.withLockedValue { $0[id] = entry }
    }

    func remove(_ id: ObjectIdentifier) {
        _ = entries.withLockedValue { $0.removeValue(forKey: id) }
    }

    /// Closes connection `id`, if still open.
    func close(_ id: ObjectIdentifier, reason: String?) {
        entries.withLockedValue { $0[id] }?.close(reason)
    }

    func forEach(_ body: (Entry) -> Void) {
        for notify in entries.withLockedValue({ Array($0.values) }) { body(notify) }
    }
}

#if os(Linux)
/// glibc's `malloc_trim`: returns free heap memory to the system (not exported by the Glibc module).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
