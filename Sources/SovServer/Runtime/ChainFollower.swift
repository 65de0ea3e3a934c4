import Foundation
import NIOConcurrencyHelpers
import SovIndex
import SovNodeRPC
import SovPrimitives

/// Keeps the served chain current: brings the index to the node's tip (undoing reorganized blocks), refreshes
/// the mempool view, and tells the connections what changed — the new tip and the scripts whose status may
/// have moved (every script after a reorg). Runs on its own thread; a new block announced over ZMQ wakes it
/// at once, polling is the fallback. A node that goes away is waited for; the server keeps serving what it has.
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

    private let wake = DispatchSemaphore(value: 0)
    private let state = NIOLockedValueBox<(stopping: Bool, started: Bool, lastError: String?)>((false, false, nil))
    private let finished = DispatchSemaphore(value: 0)
    private let listener = NIOLockedValueBox<BlockNotificationListener?>(nil)

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

    private var stopping: Bool { state.withLockedValue { $0.stopping } }

    /// One round: sync the index, refresh the mempool, broadcast what changed. Returns the change (nil if none).
    @discardableResult
    public func step() throws -> ChainChange? {
        let index = sync.index
        let before = index.tip
        let chain = try ChainPlanner.targetChain(sync: sync, blocksDirectory: blocksDirectory, network: network, reorgLimit: reorgLimit)
        let result = try sync.sync(to: chain, shouldStop: { self.stopping })
        let after = index.tip
        var touched: Set<[UInt8]>? = []
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

    /// Starts following on a thread of its own.
    public func start() {
        if let endpoint = zmqEndpoint {
            let l = BlockNotificationListener(endpoint: endpoint) { [wake] _ in wake.signal() }
            l.start()
            listener.withLockedValue { $0 = l }
        }
        let thread = Thread { [self] in
            while !stopping {
                do {
                    try step()
                    state.withLockedValue { $0.lastError = nil }
                } catch {
                    let message = "\(error)"
                    let repeated = state.withLockedValue { s in
                        defer { s.lastError = message }
                        return s.lastError == message
                    }
                    if !repeated { log("following the chain: \(message) (serving what is indexed; retrying)") }
                }
                if stopping { break }
                _ = wake.wait(timeout: .now() + interval)
            }
            finished.signal()
        }
        thread.name = "sov-chain-follower"
        state.withLockedValue { $0.started = true }
        thread.start()
    }

    /// Asks the loop to stop and waits for it.
    public func stop() {
        let started = state.withLockedValue { s in
            s.stopping = true
            return s.started
        }
        listener.withLockedValue { $0?.stop(); $0 = nil }
        wake.signal()
        if started { finished.wait() }
    }

    /// Wakes the loop now (a block was announced).
    public func poke() { wake.signal() }
}
