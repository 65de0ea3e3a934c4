import SovJSON
import SovPrimitives

/// `blockchain.estimatefee`'s 1.6 *mode*, passed to bitcoind's `estimatesmartfee` as `estimate_mode`.
/// ElectrumX accepts these two (any case) and the absent/null mode, and refuses others.
public enum EstimateMode: String, Sendable, CaseIterable {
    case conservative = "CONSERVATIVE"
    case economical = "ECONOMICAL"
}

/// How `blockchain.block.headers` returns its headers: before 1.6 one concatenated `hex` string, from 1.6 a
/// `headers` array with one hex string per header.
public enum HeadersResultShape: Sendable {
    case concatenatedHex
    case list
}

/// A validated Electrum request, ready for the server to execute. Arguments are typed and checked (hashes are
/// 32 bytes, heights non-negative, hex decoded); what needs the chain (does the height exist, is `cp_height`
/// below the tip) is left to the server. Where a protocol version changes a result's shape the call says which
/// shape to produce, so the executing code need not look at the version.
public enum ElectrumCall: Equatable, Sendable {
    /// `blockchain.block.header(height, cp_height=0)`; `checkpointHeight` 0 means no proof.
    case blockHeader(height: Int, checkpointHeight: Int)
    /// `blockchain.block.headers(start_height, count, cp_height=0)`.
    case blockHeaders(startHeight: Int, count: Int, checkpointHeight: Int, shape: HeadersResultShape)
    /// `blockchain.estimatefee(number)`, and from 1.6 `(number, mode=None)`.
    case estimateFee(blocks: Int, mode: EstimateMode?)
    /// `blockchain.headers.subscribe()`.
    case headersSubscribe
    /// `blockchain.relayfee()` (before 1.6 only).
    case relayFee
    /// `blockchain.scripthash.get_balance(scripthash)`.
    case scriptHashGetBalance(ScriptHash)
    /// `blockchain.scripthash.get_history(scripthash)`; mempool entries in `mempoolOrder`.
    case scriptHashGetHistory(ScriptHash, mempoolOrder: MempoolOrder)
    /// `blockchain.scripthash.get_mempool(scripthash)`; entries in `mempoolOrder`.
    case scriptHashGetMempool(ScriptHash, mempoolOrder: MempoolOrder)
    /// `blockchain.scripthash.listunspent(scripthash)`.
    case scriptHashListUnspent(ScriptHash)
    /// `blockchain.scripthash.subscribe(scripthash)`; the status uses `mempoolOrder`.
    case scriptHashSubscribe(ScriptHash, mempoolOrder: MempoolOrder)
    /// `blockchain.scripthash.unsubscribe(scripthash)` (from 1.4.2).
    case scriptHashUnsubscribe(ScriptHash)
    /// `blockchain.transaction.broadcast(raw_tx)`.
    case transactionBroadcast(rawTransaction: [UInt8])
    /// `blockchain.transaction.broadcast_package(raw_txs, verbose=false)` (from 1.6).
    case transactionBroadcastPackage(rawTransactions: [[UInt8]], verbose: Bool)
    /// `blockchain.transaction.get(tx_hash, verbose=false)`.
    case transactionGet(txid: Txid, verbose: Bool)
    /// `blockchain.transaction.get_merkle(tx_hash, height)`.
    case transactionGetMerkle(txid: Txid, height: Int)
    /// `blockchain.transaction.id_from_pos(height, tx_pos, merkle=false)`.
    case transactionIDFromPosition(height: Int, position: Int, merkle: Bool)
    /// `mempool.get_fee_histogram()`.
    case mempoolGetFeeHistogram
    /// `mempool.get_info()` (from 1.6).
    case mempoolGetInfo
    /// `server.add_peer(features)`.
    case serverAddPeer(features: JSONObject)
    /// `server.banner()`.
    case serverBanner
    /// `server.donation_address()`.
    case serverDonationAddress
    /// `server.features()`.
    case serverFeatures
    /// `server.peers.subscribe()`.
    case serverPeersSubscribe
    /// `server.ping()`.
    case serverPing
    /// `server.version(client_name="", protocol_version="1.4", …)`; extra arguments are ignored.
    case serverVersion(clientName: String, requested: RequestedVersions)

    /// The script whose history the call reads (get_balance, get_history, get_mempool, listunspent,
    /// subscribe); nil for every other call, `unsubscribe` included (it reads nothing).
    public var scriptHashRead: ScriptHash? {
        switch self {
        case .scriptHashGetBalance(let sh), .scriptHashListUnspent(let sh), .scriptHashGetHistory(let sh, _),
             .scriptHashGetMempool(let sh, _), .scriptHashSubscribe(let sh, _):
            return sh
        case .blockHeader, .blockHeaders, .estimateFee, .headersSubscribe, .relayFee, .scriptHashUnsubscribe,
             .transactionBroadcast, .transactionBroadcastPackage, .transactionGet, .transactionGetMerkle,
             .transactionIDFromPosition, .mempoolGetFeeHistogram, .mempoolGetInfo, .serverAddPeer, .serverBanner,
             .serverDonationAddress, .serverFeatures, .serverPeersSubscribe, .serverPing, .serverVersion:
            return nil
        }
    }

    /// The method this call invokes.
    public var method: ElectrumMethod {
        switch self {
        case .blockHeader: return .blockHeader
        case .blockHeaders: return .blockHeaders
        case .estimateFee: return .estimateFee
        case .headersSubscribe: return .headersSubscribe
        case .relayFee: return .relayFee
        case .scriptHashGetBalance: return .scriptHashGetBalance
        case .scriptHashGetHistory: return .scriptHashGetHistory
        case .scriptHashGetMempool: return .scriptHashGetMempool
        case .scriptHashListUnspent: return .scriptHashListUnspent
        case .scriptHashSubscribe: return .scriptHashSubscribe
        case .scriptHashUnsubscribe: return .scriptHashUnsubscribe
        case .transactionBroadcast: return .transactionBroadcast
        case .transactionBroadcastPackage: return .transactionBroadcastPackage
        case .transactionGet: return .transactionGet
        case .transactionGetMerkle: return .transactionGetMerkle
        case .transactionIDFromPosition: return .transactionIDFromPosition
        case .mempoolGetFeeHistogram: return .mempoolGetFeeHistogram
        case .mempoolGetInfo: return .mempoolGetInfo
        case .serverAddPeer: return .serverAddPeer
        case .serverBanner: return .serverBanner
        case .serverDonationAddress: return .serverDonationAddress
        case .serverFeatures: return .serverFeatures
        case .serverPeersSubscribe: return .serverPeersSubscribe
        case .serverPing: return .serverPing
        case .serverVersion: return .serverVersion
        }
    }
}
