import SovJSON

/// A summary of the node gathered in one batch request: chain, version, sync, peers, mempool, fees, uptime.
public struct NodeStatus: Sendable {
    public var blockchain: BlockchainInfo
    public var subversion: String
    public var versionNumber: Int
    public var peersIn: Int
    public var peersOut: Int
    public var mempoolTransactions: Int
    public var mempoolBytes: Int
    /// Minimum fee rate to enter the mempool, satoshis per kvB.
    public var mempoolMinFee: Int64
    /// Fee estimates by confirmation target (2, 6, 144 blocks), satoshis per kvB; nil where Core has none.
    public var feeEstimates: [(blocks: Int, satoshisPerKvB: Int64?)]
    public var uptimeSeconds: Int

    public static let feeTargets = [2, 6, 144]

    /// Collects the status with one batch of RPCs.
    public static func fetch(from client: NodeRPCClient) throws(NodeRPCError) -> NodeStatus {
        // A plain call first, so warm-up is waited out (a batch answers -28 as a whole).
        let info = try client.blockchainInfo()
        var requests = [RPCRequest("getnetworkinfo"), RPCRequest("getmempoolinfo"), RPCRequest("uptime")]
        requests += feeTargets.map { RPCRequest("estimatesmartfee", [.int($0)]) }
        let results = try client.batch(requests)
        let network = try results[0].get()
        let mempool = try results[1].get()
        let uptime = try results[2].get()
        var estimates: [(Int, Int64?)] = []
        for (i, target) in feeTargets.enumerated() {
            estimates.append((target, (try? results[3 + i].get())?["feerate"]?.satoshis))
        }
        return NodeStatus(
            blockchain: info,
            subversion: network["subversion"]?.stringValue ?? "",
            versionNumber: network["version"]?.intValue ?? 0,
            peersIn: network["connections_in"]?.intValue ?? 0,
            peersOut: network["connections_out"]?.intValue ?? 0,
            mempoolTransactions: mempool["size"]?.intValue ?? 0,
            mempoolBytes: mempool["bytes"]?.intValue ?? 0,
            mempoolMinFee: mempool["mempoolminfee"]?.satoshis ?? 0,
            feeEstimates: estimates,
            uptimeSeconds: uptime.intValue ?? 0)
    }

    /// Whether the node has caught up: not in initial block download and all known headers validated.
    public var isSynced: Bool { !blockchain.initialBlockDownload && blockchain.blocks >= blockchain.headers }

    /// The stable JSON form printed by `sov node status --json` (keys documented in man/sov-node-status.1).
    public var json: JSONValue {
        var o = JSONObject()
        o.append("chain", .string(blockchain.chain))
        o.append("version", .string(subversion))
        o.append("version_number", .int(versionNumber))
        o.append("blocks", .int(blockchain.blocks))
        o.append("headers", .int(blockchain.headers))
        o.append("best_block_hash", .string(blockchain.bestBlockHash))
        o.append("verification_progress", .number(String(blockchain.verificationProgress)))
        o.append("initial_block_download", .bool(blockchain.initialBlockDownload))
        o.append("synced", .bool(isSynced))
        o.append("pruned", .bool(blockchain.pruned))
        o.append("size_on_disk", .int(blockchain.sizeOnDisk))
        o.append("peers", .object(JSONObject([("in", .int(peersIn)), ("out", .int(peersOut)), ("total", .int(peersIn + peersOut))])))
        o.append("mempool", .object(JSONObject([("transactions", .int(mempoolTransactions)), ("bytes", .int(mempoolBytes)),
                                                ("min_fee_sat_per_kvb", .int(mempoolMinFee))])))
        o.append("fee_estimates_sat_per_kvb", .object(JSONObject(feeEstimates.map { (String($0.blocks), $0.satoshisPerKvB.map(JSONValue.int) ?? .null) })))
        o.append("uptime", .int(uptimeSeconds))
        o.append("warnings", .array(blockchain.warnings.map(JSONValue.string)))
        return .object(o)
    }
}
