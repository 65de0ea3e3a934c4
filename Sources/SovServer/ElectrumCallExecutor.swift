import SovElectrum
import SovJSON

/// Runs one validated Electrum call that needs no connection state: the server's own answers first, then the
/// node's, then the index's. Called on the server's worker threads (index reads and node calls block).
public struct ElectrumCallExecutor: Sendable {
    public let chain: ServerChainState
    public let node: NodeCallService
    public let identity: ServerIdentity

    public init(chain: ServerChainState, node: NodeCallService, identity: ServerIdentity) {
        self.chain = chain
        self.node = node
        self.identity = identity
    }

    public func execute(_ call: ElectrumCall) -> Result<JSONValue, ElectrumRPCError> {
        if let answer = identity.answer(call) { return .success(answer) }
        do {
            if let answer = try node.answer(call) { return .success(answer) }
            return .success(try chain.queries.execute(call))
        } catch {
            return .failure(error)
        }
    }

    /// Whether `call` is answered from memory at once (no index read, no node call): such calls run on the
    /// connection's event loop instead of a worker thread.
    public static func isImmediate(_ call: ElectrumCall) -> Bool {
        switch call {
        case .serverFeatures, .serverBanner, .serverDonationAddress, .serverPeersSubscribe, .serverAddPeer, .serverPing:
            return true
        default:
            return false
        }
    }
}
