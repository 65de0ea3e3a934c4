import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import SovIndex
import SovNodeRPC
import SovPrimitives

/// A whole running server: event loops, worker threads, listeners, the metrics endpoint and the chain
/// follower, started together and shut down gracefully on SIGINT/SIGTERM (swift-service-lifecycle).
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
    let heavyPool: NIOThreadPool

    /// Prepares everything; nothing listens until `start()`.
    public init(sync: IndexSync, node: NodeRPCClient?, blocksDirectory: String?, network: Network, options: Options,
                log: @escaping @Sendable (String) -> Void) throws {
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
                                        workerCount: max(2, cores), heavyPool: heavyPool, software: options.identity.software, authorize: options.authorize)
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
    }

    /// Binds every listener and the metrics endpoint, and starts following the chain.
    public func start() async throws -> Bound {
        var bound: [ServerListener] = []
        for listener in options.listeners { bound.append(try await server.bind(listener)) }
        var metricsBound: ServerListener?
        if var m = options.metrics {
            let (channel, port) = try await MetricsHTTPServer.start(metrics: context.metrics, group: group, host: m.host, port: m.port)
            metricsChannel.withLockedValue { $0 = channel }
            m.port = port
            metricsBound = m
        }
        follower?.start()
        return Bound(listeners: bound, metrics: metricsBound)
    }

    private let metricsChannel = NIOLockedValueBox<(any Channel)?>(nil)

    /// Serves until SIGINT or SIGTERM, then stops accepting, closes connections and the follower, and returns.
    public func runUntilShutdown() async throws {
        var logger = Logger(label: "sov.serve")
        logger.logLevel = .warning
        let group = ServiceGroup(configuration: .init(services: [ShutdownWaiter()], gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: logger))
        try await group.run()
        await shutdown()
    }

    /// Stops everything (also used by tests).
    public func shutdown() async {
        follower?.stop()
        await server.stop()
        if let channel = metricsChannel.withLockedValue({ $0 }) { try? await channel.close() }
        try? await threadPool.shutdownGracefully()
        try? await heavyPool.shutdownGracefully()
        try? await group.shutdownGracefully()
    }
}

/// The service the lifecycle group runs: it waits for the graceful-shutdown signal.
struct ShutdownWaiter: Service {
    func run() async throws {
        try? await gracefulShutdown()
    }
}
