import FoundationEssentials
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import SovIndex
import SovNodeRPC
import SovPrimitives

/// A whole running server: event loops, worker threads, listeners, the metrics endpoint and the chain
/// follower. The follower, the metrics endpoint and the connections register how they stop in one
/// `ShutdownSequence`, and its shutdown — on SIGINT/SIGTERM, or `shutdown()` — is the one way they stop.
public final class ServerRuntime: Sendable {
    /// How to run it.
    public struct Options: Sendable {
        public var listeners: [ServerListener]
        /// Where to serve Prometheus metrics; nil for none.
        public var metrics: ServerListener?
        public var limits: ServerLimits
        /// The TLS configuration (`TLSIdentity.serverConfiguration`), for TLS and secure WebSocket listeners.
        public var tls: TLSConfiguration?
        public var identity: ServerIdentity
        public var authorize: ConnectionAuthorizer
        /// Pairing for devices not admitted yet; nil: none.
        public var pairing: PairingDesk?
        /// The status page; nil: none.
        public var status: StatusEndpoint?
        /// Seconds between polls of the node (a ZMQ announcement wakes the follower earlier).
        public var pollInterval: Double
        public var zmqEndpoint: String?
        public var reorgLimit: Int
        /// Whether to keep following the node (false serves a fixed snapshot, e.g. block files alone).
        public var follow: Bool

        public init(listeners: [ServerListener], metrics: ServerListener?, limits: ServerLimits,
                    tls: TLSConfiguration?, identity: ServerIdentity,
                    authorize: @escaping ConnectionAuthorizer, pollInterval: Double, zmqEndpoint: String?, reorgLimit: Int, follow: Bool) {
            self.listeners = listeners
            self.metrics = metrics
            self.limits = limits
            self.tls = tls
            self.identity = identity
            self.authorize = authorize
            self.pollInterval = pollInterval
            self.zmqEndpoint = zmqEndpoint
            self.reorgLimit = reorgLimit
            self.follow = follow
        }
    }

    public let context: ElectrumServerContext
    public let server: ElectrumServer
    public let follower: ChainFollower?
    public let options: Options
    let group: MultiThreadedEventLoopGroup
    let threadPool: NIOThreadPool
    let nodeClient: NodeRPCClient?
    let network: Network
    /// When the server was prepared (its uptime counts from here).
    public let started = Date()
    /// Offers beyond the listeners (the onion service's), shown on the status page.
    private let extraOffers = NIOLockedValueBox<[ConnectionOffer]>([])

    /// Adds ways to reach the server that the runtime does not know of itself (an onion service).
    public func publish(offers: [ConnectionOffer]) { extraOffers.withLockedValue { $0 += offers } }
    let heavyPool: NIOThreadPool

    /// Prepares everything; nothing listens until `start()`.
    public init(sync: IndexSync, node: NodeRPCClient?, blocksDirectory: String?, network: Network, options: Options,
                log: @escaping @Sendable (String) -> Void) throws {
        nodeClient = node
        self.network = network
        let cores = System.coreCount
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, cores))
        threadPool = NIOThreadPool(numberOfThreads: max(2, cores))
        threadPool.start()
        heavyPool = NIOThreadPool(numberOfThreads: 1)
        heavyPool.start()
        let mempool = try node.map { try MempoolView.fetch(from: $0, index: sync.index) }
        let chain = ServerChainState(index: sync.index, mempool: mempool, historyLimit: options.limits.historyLimit)
        let executor = ElectrumCallExecutor(chain: chain, node: NodeCallService(node: node), identity: options.identity,
                                            heavyHistoryThreshold: options.limits.heavyHistoryThreshold)
        let metrics = ServerMetrics()
        metrics.indexHeight.set(Double(sync.index.tip?.height ?? -1))
        metrics.mempoolTransactions.set(Double(mempool?.count ?? 0))
        context = ElectrumServerContext(executor: executor, limits: options.limits, metrics: metrics, threadPool: threadPool,
                                        workerCount: max(2, cores), heavyPool: heavyPool, software: options.identity.software, authorize: options.authorize,
                                        pairing: options.pairing)
        server = try ElectrumServer(context: context, group: group, tls: options.tls)
        follower = options.follow
            ? ChainFollower(sync: sync, server: context, node: node, blocksDirectory: blocksDirectory, network: network,
                            reorgLimit: options.reorgLimit, interval: options.pollInterval, zmqEndpoint: options.zmqEndpoint, log: log)
            : nil
        self.options = options
    }

    /// What is listening, with the ports actually bound.
    public struct Bound: Sendable {
        public var listeners: [ServerListener]
        public var metrics: ServerListener?
        public var status: ServerListener?
        /// Why the status page is not served although it was asked for by default (its port was taken).
        public var statusProblem: String?
    }

    /// What the status page needs beyond what the runtime knows.
    public struct StatusEndpoint: Sendable {
        public var listener: ServerListener
        /// Whether a failure to bind stops the server (it was configured) or is only reported (the default).
        public var required: Bool
        public var fingerprint: String?
        public var credentials: ClientCredentialStore?

        public init(listener: ServerListener, required: Bool, fingerprint: String?, credentials: ClientCredentialStore?) {
            self.listener = listener
            self.required = required
            self.fingerprint = fingerprint
            self.credentials = credentials
        }
    }

    /// The status as of now: the index and mempool views, the node (asked now), the bound listeners, the
    /// connections and the credentials in force.
    public func status(bound listeners: [ServerListener], endpoint: StatusEndpoint) -> ServerStatus {
        var node: NodeSnapshot?
        var problem: String?
        if let client = nodeClient {
            do { node = try NodeSnapshot.fetch(client) } catch { problem = "\(error)" }
        }
        let tip = context.chain.index.tip
        let devices = ((try? endpoint.credentials?.list()) ?? []).filter { !$0.isRevoked && $0.kind != .enrolment }
        let offers = ConnectionOffer.offers(tls: listeners.filter { $0.transport == .tls }.map(\.address),
                                            tcp: listeners.filter { $0.transport == .tcp }.map(\.address),
                                            reachable: LocalInterfaces.reachableAddresses())
            + extraOffers.withLockedValue { $0 }
        return ServerStatus(network: network, software: options.identity.software, running: true, started: started,
                            indexHeight: tip?.height ?? -1, indexHash: tip?.hash.hex, mempoolTransactions: context.chain.mempool?.count,
                            node: node, nodeProblem: problem, listeners: listeners, connections: context.openConnections,
                            devices: devices, offers: offers, fingerprint: endpoint.fingerprint)
    }

    /// Binds every listener and the metrics endpoint, then starts the chain follower; the follower, the endpoints
    /// and the connections stop, in that reverse order, on one shutdown. With `stopOnSignals`, SIGINT and SIGTERM
    /// shut down; `shutdown()` does the same from code.
    public func start(stopOnSignals: Bool = false) async throws -> Bound {
        var bound: [ServerListener] = []
        for listener in options.listeners { bound.append(try await server.bind(listener)) }
        let sequence = ShutdownSequence()
        // The follower stops last but starts last (below): a metrics or status endpoint that cannot bind
        // ends `start` with nothing left running.
        if let follower {
            sequence.add {
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    // The round under way may be a long sync: wait for it on a thread of its own.
                    Threads.detach { follower.stop(); done.resume() }
                }
            }
        }
        var metricsBound: ServerListener?
        if var m = options.metrics {
            let channel: any Channel
            let port: Int
            do {
                (channel, port) = try await MetricsHTTPServer.start(metrics: context.metrics, group: group, host: m.host, port: m.port)
            } catch {
                throw ListenError(address: "\(m) (metrics)", error: error)
            }
            sequence.add { try? await channel.close() }
            m.port = port
            metricsBound = m
        }
        var statusBound: ServerListener?
        var statusProblem: String?
        if let endpoint = options.status {
            do {
                let listeners = bound
                let (channel, port) = try await StatusHTTPServer.start(group: group, host: endpoint.listener.host, port: endpoint.listener.port,
                                                                       threadPool: threadPool) { [self] in status(bound: listeners, endpoint: endpoint) }
                sequence.add { try? await channel.close() }
                statusBound = endpoint.listener
                statusBound?.port = port
            } catch {
                let failure = ListenError(address: "\(endpoint.listener) (status page)", error: error)
                if endpoint.required { throw failure }
                statusProblem = "no status page: \(failure); set listen.status (--status) to another address, or \"\" for none"
            }
        }
        // Shut down in reverse order: connections first, then the metrics endpoint, then the follower.
        let server = server
        sequence.add { await server.stop() }
        follower?.start()
        if stopOnSignals { sequence.stopOnSignals() }
        running.withLockedValue { $0 = sequence }
        return Bound(listeners: bound, metrics: metricsBound, status: statusBound, statusProblem: statusProblem)
    }

    /// How what `start` started stops.
    private let running = NIOLockedValueBox<ShutdownSequence?>(nil)
    private let released = NIOLockedValueBox(false)

    /// Serves until the server shuts down (a signal, with `stopOnSignals`, or `shutdown()`), then releases the
    /// threads.
    public func runUntilShutdown() async {
        if let sequence = running.withLockedValue({ $0 }) { await sequence.waitUntilShutDown() }
        await releaseThreads()
    }

    /// Shuts the services down gracefully — stop accepting, close the connections, close the metrics endpoint,
    /// stop following — and releases the threads (also used by tests). Before `start` has run its group (a
    /// listener failed to bind), closes what was bound.
    public func shutdown() async {
        if let sequence = running.withLockedValue({ $0 }) {
            await sequence.shutDown()
        } else {
            await server.stop()
        }
        await releaseThreads()
    }

    private func releaseThreads() async {
        guard released.withLockedValue({ done in defer { done = true }; return !done }) else { return }
        try? await threadPool.shutdownGracefully()
        try? await heavyPool.shutdownGracefully()
        try? await group.shutdownGracefully()
    }
}
