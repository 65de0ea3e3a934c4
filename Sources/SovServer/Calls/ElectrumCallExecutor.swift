import SovElectrum
import SovIndex
import SovNodeRPC
import SovPrimitives

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

    public func execute(_ call: ElectrumCall) -> Result<ElectrumResult, ElectrumRPCError> {
        do {
            switch call {
            case .serverFeatures: return .success(identity.featuresResult)
            case .serverBanner: return .success(identity.bannerResult)
            case .serverDonationAddress: return .success(identity.donationAddressResult)
            case .serverPeersSubscribe: return .success(identity.peersResult)
            case .serverAddPeer: return .success(identity.addPeerResult)
            case .serverPing: return .success(identity.pingResult)
            case .estimateFee(let blocks, let mode): return .success(try node.estimateFee(blocks: blocks, mode: mode))
            case .relayFee: return .success(try node.relayFee())
            case .transactionBroadcast(let raw): return .success(try node.broadcast(raw))
            case .transactionBroadcastPackage(let raws, let verbose): return .success(try node.broadcastPackage(raws, verbose: verbose))
            case .mempoolGetInfo: return .success(try node.mempoolInfo())
            case .transactionGet(let txid, verbose: true): return .success(try node.verboseTransaction(txid))
            case .transactionGet(let txid, verbose: false): return .success(try chain.queries.transaction(txid))
            case .headersSubscribe: return .success(try chain.queries.headerTip())
            case .blockHeader(let height, let cp): return .success(try chain.queries.blockHeader(height: height, checkpointHeight: cp))
            case .blockHeaders(let start, let count, let cp, let shape):
                return .success(try chain.queries.blockHeaders(startHeight: start, count: count, checkpointHeight: cp, shape: shape))
            case .scriptHashGetBalance(let sh): return .success(try chain.queries.balance(sh))
            case .scriptHashGetHistory(let sh, let order): return .success(try chain.queries.history(sh, mempoolOrder: order))
            case .scriptHashGetMempool(let sh, let order): return .success(try chain.queries.mempool(sh, mempoolOrder: order))
            case .scriptHashListUnspent(let sh): return .success(try chain.queries.unspent(sh))
            case .scriptHashSubscribe(let sh, let order): return .success(try chain.queries.status(sh, mempoolOrder: order))
            case .transactionGetMerkle(let txid, let height): return .success(try chain.queries.transactionMerkle(txid, height: height))
            case .transactionIDFromPosition(let height, let position, let merkle):
                return .success(try chain.queries.transactionID(height: height, position: position, merkle: merkle))
            case .mempoolGetFeeHistogram: return .success(chain.queries.feeHistogram())
            case .serverVersion, .scriptHashUnsubscribe:
                // The connection's session answers these: they change its state.
                return .failure(.internalError("\(call.method.rawValue) is answered by the connection"))
            }
        } catch {
            return .failure(Self.translate(error))
        }
    }

    /// Any failure as the protocol's error, by case: the services' own errors as they are, the index's and
    /// the node's as Electrum clients expect them.
    static func translate(_ error: any Error) -> ElectrumRPCError {
        switch error {
        case let error as ElectrumRPCError:
            return error
        case let error as IndexError:
            if case .historyTooLarge(_, let limit) = error {
                return ElectrumRPCError(code: ElectrumRPCError.badRequestCode, error.description, refusal: .historyTooLarge(limit: limit))
            }
            return .internalError(error.description)
        case let error as NodeRPCError:
            return NodeCallService.translate(error)
        default:
            return .internalError("\(error)")
        }
    }

    /// Whether `call` reads a long script history that is not cached: such calls run on the server's heavy
    /// lane (one thread), so a few wallets with huge histories cannot hold every worker while others wait.
    /// The measure is a scan of the script's funding rows, stopped at the threshold.
    public func isHeavy(_ call: ElectrumCall) -> Bool {
        guard let sh = call.scriptHashRead else { return false }
        if chain.historyCache.history(sh, generation: chain.generation) != nil
            || chain.historyCache.refusedLimit(sh, generation: chain.generation) != nil { return false }
        return chain.index.fundingCount(scriptHash: sh, limit: heavyHistoryThreshold + 1) > heavyHistoryThreshold
    }

    /// Script histories of at most this many entries, once cached, are answered on the event loop.
    static let memoryAnswerLimit = 1_000

    /// Whether `call` can be answered on the connection's event loop without blocking it: the server's own
    /// answers, and script calls whose (short) history is already cached.
    public func isAnsweredFromMemory(_ call: ElectrumCall) -> Bool {
        if Self.isImmediate(call) { return true }
        guard let sh = call.scriptHashRead,
              let history = chain.historyCache.history(sh, generation: chain.generation) else { return false }
        return history.history.count + history.unspent.count <= Self.memoryAnswerLimit
    }

    /// Whether `call` is answered from memory at once (no index read, no node call): such calls run on the
    /// connection's event loop instead of a worker thread.
    public static func isImmediate(_ call: ElectrumCall) -> Bool {
        switch call {
        case .serverFeatures, .serverBanner, .serverDonationAddress, .serverPeersSubscribe, .serverAddPeer, .serverPing:
            return true
        case .blockHeader, .blockHeaders, .estimateFee, .headersSubscribe, .relayFee, .scriptHashGetBalance,
             .scriptHashGetHistory, .scriptHashGetMempool, .scriptHashListUnspent, .scriptHashSubscribe,
             .scriptHashUnsubscribe, .transactionBroadcast, .transactionBroadcastPackage, .transactionGet,
             .transactionGetMerkle, .transactionIDFromPosition, .mempoolGetFeeHistogram, .mempoolGetInfo, .serverVersion:
            return false
        }
    }
}
