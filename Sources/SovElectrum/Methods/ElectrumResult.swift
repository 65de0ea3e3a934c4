import SovJSON
import SovPrimitives

/// A call's answer as a value: what the server computed, before it is written as JSON. One case a result
/// shape; `json` writes it the way the protocol fixes for that shape (and, where the shape changed, for the
/// version the call carries). Results the protocol passes through from the node unchanged (verbose
/// transactions, fee estimates, package results) and the server's own small answers travel as `.json`.
public enum ElectrumResult: Equatable, Sendable {
    /// `blockchain.headers.subscribe`: the tip's height and 80-byte header.
    case headerTip(height: Int, header: [UInt8])
    /// `blockchain.block.header`, with the checkpoint proof when `cp_height` was given.
    case header([UInt8], proof: MerkleBranch?)
    /// `blockchain.block.headers`: the headers found (up to `max`), with the checkpoint proof of the last one.
    case headers([[UInt8]], max: Int, shape: HeadersResultShape, proof: MerkleBranch?)
    /// `blockchain.scripthash.get_balance`.
    case balance(confirmed: Amount, unconfirmed: Amount)
    /// `blockchain.scripthash.get_history`: the confirmed part, then the mempool part in `order`.
    case history(ElectrumHistory, mempoolOrder: MempoolOrder)
    /// `blockchain.scripthash.get_mempool`: the mempool part in `order`.
    case mempool(ElectrumHistory, mempoolOrder: MempoolOrder)
    /// `blockchain.scripthash.listunspent`.
    case unspent([ElectrumResults.Unspent])
    /// `blockchain.scripthash.subscribe`: the status, nil for a script with no history.
    case status(String?)
    /// `blockchain.scripthash.unsubscribe`: whether the script was subscribed.
    case unsubscribed(Bool)
    /// `blockchain.transaction.get` (not verbose): the raw transaction.
    case rawTransaction([UInt8])
    /// `blockchain.transaction.broadcast`: the txid the node accepted.
    case broadcast(Txid)
    /// `blockchain.transaction.get_merkle`: the transaction's branch in the block at `blockHeight`.
    case transactionMerkle(MerkleBranch, blockHeight: Int)
    /// `blockchain.transaction.id_from_pos`: the txid, with its branch when `merkle` was asked for.
    case transactionID(Txid, proof: MerkleBranch?)
    /// `mempool.get_fee_histogram`.
    case feeHistogram(FeeHistogram)
    /// A result written as given.
    case json(JSONValue)

    /// The result as compact JSON text: `json.compact`, with script histories (the longest answers) written
    /// straight from their entries.
    public var compactText: String {
        switch self {
        case .history(let history, let order): return history.historyResultText(mempoolOrder: order)
        case .mempool(let history, let order): return history.mempoolResultText(mempoolOrder: order)
        default: return json.compact
        }
    }

    /// The result as JSON, in the shape its method has.
    public var json: JSONValue {
        switch self {
        case .headerTip(let height, let header): return ElectrumResults.headerTip(height: height, header: header)
        case .header(let header, nil): return .string(header.hex)
        case .header(let header, let proof?): return proof.blockHeaderResult(header: header)
        case .headers(let headers, let max, let shape, let proof):
            return ElectrumResults.blockHeaders(headers, max: max, shape: shape, checkpointProof: proof)
        case .balance(let confirmed, let unconfirmed): return ElectrumResults.balance(confirmed: confirmed, unconfirmed: unconfirmed)
        case .history(let history, let order): return history.historyResult(mempoolOrder: order)
        case .mempool(let history, let order): return history.mempoolResult(mempoolOrder: order)
        case .unspent(let outputs): return ElectrumResults.listUnspent(outputs)
        case .status(let status): return status.map(JSONValue.string) ?? .null
        case .unsubscribed(let removed): return .bool(removed)
        case .rawTransaction(let raw): return .string(raw.hex)
        case .broadcast(let txid): return .string(txid.hex)
        case .transactionMerkle(let branch, let blockHeight): return branch.getMerkleResult(blockHeight: blockHeight)
        case .transactionID(let txid, nil): return .string(txid.hex)
        case .transactionID(let txid, let proof?): return proof.idFromPositionResult(txid: txid)
        case .feeHistogram(let histogram): return histogram.json
        case .json(let value): return value
        }
    }
}
