import SovElectrum
import SovJSON

/// Runs one validated Electrum call that needs no connection state. One exhaustive `switch` sends each call to
/// the one service that answers it: the server's identity, the node, or the index (with the mempool view).
/// Called on the server's worker threads (index reads and node calls block).
public struct ElectrumCallExecutor: Sendable {
    public let chain: ServerChainState
    public let node: NodeCallService
    public let identity: ServerIdentity

    /// Scripts paid by more transactions than this have their history computed in the heavy lane.
    public let heavyHistoryThreshold: Int

    public init(chain: ServerChainState, node: NodeCallService, identity: ServerIdentity, heavyHistoryThreshold: Int = 2_000) {
        self.chain = chain
        self.node = node
        self.identity = identity
        self.heavyHistoryThreshold = heavyHistoryThreshold
    }

    public func execute(_ call: ElectrumCall) -> Result<JSONValue, ElectrumRPCError> {
        do {
            switch call {
            case .serverFeatures, .serverBanner, .serverDonationAddress, .serverPeersSubscribe, .serverAddPeer, .serverPing:
                return .success(try identity.answer(call))
            case .estimateFee, .relayFee, .transactionBroadcast, .transactionBroadcastPackage, .mempoolGetInfo,
                 .transactionGet(_, verbose: true):
                return .success(try node.answer(call))
            case .headersSubscribe, .blockHeader, .blockHeaders, .scriptHashGetBalance, .scriptHashGetHistory,
                 .scriptHashGetMempool, .scriptHashListUnspent, .scriptHashSubscribe, .transactionGet(_, verbose: false),
                 .transactionGetMerkle, .transactionIDFromPosition, .mempoolGetFeeHistogram:
                return .success(try chain.queries.execute(call))
            case .serverVersion, .scriptHashUnsubscribe:
                // The connection's session answers these: they change its state.
                return .failure(.internalError("\(call.method.rawValue) is answered by the connection"))
            }
        } catch {
            return .failure(error)
        }
    }

    /// Whether `call` reads a long script history that is not cached: such calls run on the server's heavy
    /// lane (one thread), so a few wallets with huge histories cannot hold every worker while others wait.
    /// The measure is a scan of the script's funding rows, stopped at the threshold.
    public func isHeavy(_ call: ElectrumCall) -> Bool {
        let sh: ElectrumHash
        switch call {
        case .scriptHashGetBalance(let h), .scriptHashListUnspent(let h): sh = h
        case .scriptHashGetHistory(let h, _), .scriptHashGetMempool(let h, _), .scriptHashSubscribe(let h, _): sh = h
        default: return false
        }
        if chain.historyCache.history(sh.bytes, generation: chain.generation) != nil { return false }
        return chain.index.fundingCount(scriptHash: sh.bytes, limit: heavyHistoryThreshold + 1) > heavyHistoryThreshold
    }

    /// Script histories of at most this many entries, once cached, are answered on the event loop.
    static let memoryAnswerLimit = 1_000

    /// Whether `call` can be answered on the connection's event loop without blocking it: the server's own
    /// answers, and script calls whose (short) history is already cached.
    public func isAnsweredFromMemory(_ call: ElectrumCall) -> Bool {
        if Self.isImmediate(call) { return true }
        let sh: ElectrumHash
        switch call {
        case .scriptHashGetBalance(let h), .scriptHashListUnspent(let h): sh = h
        case .scriptHashGetHistory(let h, _), .scriptHashGetMempool(let h, _), .scriptHashSubscribe(let h, _): sh = h
        default: return false
        }
        guard let history = chain.historyCache.history(sh.bytes, generation: chain.generation) else { return false }
        return history.history.count + history.unspent.count <= Self.memoryAnswerLimit
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
