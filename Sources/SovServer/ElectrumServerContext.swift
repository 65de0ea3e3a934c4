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

/// Decides whether a connection may be served: nil when it may, else the reason it may not.
public typealias ConnectionAuthorizer = @Sendable (ConnectionCredentials) -> String?

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
    public let software: String
    let connections = ConnectionRegistry()

    public init(executor: ElectrumCallExecutor, limits: ServerLimits, metrics: ServerMetrics, threadPool: NIOThreadPool,
                heavyPool: NIOThreadPool, software: String, authorize: @escaping ConnectionAuthorizer) {
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
        connections.forEach { $0.close() }
    }

    /// Open connections now.
    public var openConnections: Int { limiter.openConnections }
}

/// The open connections, each reachable from any thread through its event loop.
final class ConnectionRegistry: Sendable {
    struct Entry: Sendable {
        var notify: @Sendable (ChainChange) -> Void
        var close: @Sendable () -> Void
    }
    private let entries = NIOLockedValueBox<[ObjectIdentifier: Entry]>([:])

    func add(_ id: ObjectIdentifier, _ entry: Entry) {
        entries.withLockedValue { $0[id] = entry }
    }

    func remove(_ id: ObjectIdentifier) {
        _ = entries.withLockedValue { $0.removeValue(forKey: id) }
    }

    func forEach(_ body: (Entry) -> Void) {
        for notify in entries.withLockedValue({ Array($0.values) }) { body(notify) }
    }
}
