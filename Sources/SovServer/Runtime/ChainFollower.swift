import FoundationEssentials
import NIOConcurrencyHelpers
import SovIndex
import SovNodeRPC
import SovPrimitives

/// Keeps the served chain current: brings the index to the node's tip (undoing reorganized blocks), refreshes
/// the mempool view, and tells the connections what changed — the new tip and the scripts whose status may
/// have moved (every script after a reorg). Runs on its own thread (SovIndex's `ChainFollowLoop`); a new block
/// announced over ZMQ wakes it at once, polling is the fallback. A node that goes away is waited for; the server
/// keeps serving what it has.
public final class ChainFollower: Sendable {
    public let sync: IndexSync
    public let server: ElectrumServerContext
    public let node: NodeRPCClient?
    public let blocksDirectory: String?
    public let network: Network
    public let reorgLimit: Int
    public let interval: Double
    public let zmqEndpoint: String?
    /// One line per problem (node unreachable, bad block), for the log.
    public let log: @Sendable (String) -> Void

    /// The loop that runs `step` (SovIndex's, shared with `sov index build --follow`), once started.
    private let loop = NIOLockedValueBox<ChainFollowLoop?>(nil)

    public init(sync: IndexSync, server: ElectrumServerContext, node: NodeRPCClient?, blocksDirectory: String?, network: Network,
                reorgLimit: Int, interval: Double, zmqEndpoint: String?, log: @escaping @Sendable (String) -> Void) {
        self.sync = sync
        self.server = server
        self.node = node
        self.blocksDirectory = blocksDirectory
        self.network = network
        self.reorgLimit = reorgLimit
        self.interval = interval
        self.zmqEndpoint = zmqEndpoint
        self.log = log
    }

    /// One round: sync the index, refresh the mempool, broadcast what changed. Returns the change (nil if none).
    /// `shouldStop` ends a long sync between atomic steps.
    @discardableResult
    public func step(shouldStop: @escaping @Sendable () -> Bool = { false }) throws -> ChainChange? {
        let index = sync.index
        let before = index.tip
        let chain = try ChainPlanner.targetChain(sync: sync, blocksDirectory: blocksDirectory, network: network, reorgLimit: reorgLimit)
        let result = try sync.sync(to: chain, shouldStop: shouldStop)
        let after = index.tip
        var touched: Set<ScriptHash>? = []
        if result.rolledBack > 0 {
            touched = nil
        } else if let afterTip = after, afterTip.hash != before?.hash {
            let first = (before?.height ?? -1) + 1
            if afterTip.height - first > 1000 {
                touched = nil
            } else {
                for height in max(0, first)...afterTip.height { touched?.formUnion(try index.scriptHashesTouched(byBlockAt: height)) }
            }
        }
        if let node {
            let mempool = try MempoolView.fetch(from: node, index: index)
            let old = server.chain.replaceMempool(mempool)
            touched?.formUnion(mempool.scriptHashesChanged(comparedTo: old ?? MempoolView()))
            server.metrics.mempoolTransactions.set(Double(mempool.count))
        }
        server.metrics.indexHeight.set(Double(after?.height ?? -1))
        let tipMoved = after?.hash != before?.hash
        guard tipMoved || touched == nil || !(touched?.isEmpty ?? true) else { return nil }
        let change = ChainChange(tip: tipMoved ? server.chain.tip : nil, touched: touched)
        server.chain.advanceGeneration()
        server.broadcast(change)
        return change
    }

    /// Starts following on a thread of its own; a problem is logged once (until it changes) and retried at the
    /// next wake-up, while the server goes on serving what is indexed.
    public func start() {
        let lastError = NIOLockedValueBox<String?>(nil)
        let made = ChainFollowLoop(
            interval: interval, zmqEndpoint: zmqEndpoint,
            round: { [weak self] shouldStop in _ = try self?.step(shouldStop: shouldStop) },
            failed: { [log] error in
                let message = "\(error)"
                let repeated = lastError.withLockedValue { last in
                    defer { last = message }
                    return last == message
                }
                if !repeated { log("following the chain: \(message) (serving what is indexed; retrying)") }
                return .retry
            })
        let fresh = loop.withLockedValue { current -> Bool in
            guard current == nil else { return false }
            current = made
            return true
        }
        if fresh { made.start() }
    }

    /// Asks the loop to stop and waits for the round under way.
    public func stop() { loop.withLockedValue { $0 }?.stop() }
}
