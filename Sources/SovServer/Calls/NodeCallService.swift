import SovElectrum
import SovJSON
import SovNodeRPC
import SovPrimitives

/// The Electrum calls answered by the node: fee estimates, the relay fee, broadcasts (single and package),
/// mempool information and verbose transactions.
///
/// Without a node, broadcasts, mempool information and verbose transactions answer with an error that says
/// so. Fee calls do not: Electrum (4.3) asks `estimatefee` and `relayfee` on every connection and drops the
/// connection on an error answer to either, so a node-less server answers what the protocol provides for
/// "cannot tell": `estimatefee` -1 ("not enough information to make an estimate"), and `relayfee` Bitcoin
/// Core's default minimum relay fee (0.00001 BTC/kvB), the floor every default node relays at.
public struct NodeCallService: Sendable {
    public let node: NodeRPCClient?

    public init(node: NodeRPCClient?) {
        self.node = node
    }

    /// Bitcoin Core's DEFAULT_MIN_RELAY_TX_FEE, in satoshis per kvB.
    static let defaultMinimumRelayFee: Int64 = 1000

    static let noNode = ElectrumRPCError.daemonError("this server runs without a Bitcoin node: broadcasts, mempool information and verbose transactions are not available")

    // MARK: - The calls (`ElectrumCallExecutor` routes each here and translates the node's errors)

    /// `blockchain.estimatefee`: satoshis per kvB as BTC, or -1 when the node cannot tell (or there is none).
    public func estimateFee(blocks: Int, mode: EstimateMode?) throws -> ElectrumResult {
        guard let node else { return .json(.int(-1)) }
        // Core wants a target of at least 1 (2 on some versions); ElectrumX answers -1 when it cannot estimate.
        let estimate = try node.estimateSmartFee(blocks: max(1, blocks), mode: mode?.rawValue)
        guard let perKvB = estimate.satoshisPerKvB else { return .json(.int(-1)) }
        return .json(.amount(perKvB))
    }

    /// `blockchain.relayfee`: the node's, or Core's default without a node.
    public func relayFee() throws -> ElectrumResult {
        guard let node else { return .json(.amount(Self.defaultMinimumRelayFee)) }
        guard let relay = try node.networkInfo()["relayfee"] else { throw ElectrumRPCError.daemonError("getnetworkinfo has no relayfee") }
        return .json(relay)
    }

    /// `blockchain.transaction.broadcast`.
    public func broadcast(_ raw: [UInt8]) throws -> ElectrumResult {
        let answer = try requireNode().sendRawTransaction(raw)
        guard let txid = Txid(answer) else { throw ElectrumRPCError.daemonError("sendrawtransaction answered \(answer), not a txid") }
        return .broadcast(txid)
    }

    /// `blockchain.transaction.broadcast_package`.
    public func broadcastPackage(_ raws: [[UInt8]], verbose: Bool) throws -> ElectrumResult {
        let result = try requireNode().call("submitpackage", [.array(raws.map { .string(Hex.encode($0)) })])
        return .json(Self.packageResult(result, verbose: verbose))
    }

    /// `mempool.get_info`.
    public func mempoolInfo() throws -> ElectrumResult {
        let info = try requireNode().mempoolInfo()
        return .json(.object(JSONObject([
            ("mempoolminfee", info["mempoolminfee"] ?? .null),
            ("minrelaytxfee", info["minrelaytxfee"] ?? .null),
            ("incrementalrelayfee", info["incrementalrelayfee"] ?? .null),
        ])))
    }

    /// `blockchain.transaction.get` with `verbose`: Core's decoded transaction as it gives it.
    public func verboseTransaction(_ txid: Txid) throws -> ElectrumResult {
        .json(try requireNode().call("getrawtransaction", [.string(txid.hex), .bool(true)]))
    }

    private func requireNode() throws(ElectrumRPCError) -> NodeRPCClient {
        guard let node else { throw Self.noNode }
        return node
    }

    /// A node failure as Electrum clients expect it: the node's own message, ElectrumX's DAEMON_ERROR code
    /// for an unreachable node and BAD_REQUEST (with Core's message) for a rejected request.
    static func translate(_ error: NodeRPCError) -> ElectrumRPCError {
        if case .rpc(let code, let message) = error {
            return ElectrumRPCError.badRequest("the node rejected it (\(code)): \(message)")
        }
        return ElectrumRPCError.daemonError("the node failed: \(error)")
    }

    /// `broadcast_package`'s result (protocol 1.6): `{"success": bool, "errors": [{"txid","error"}]}`, plus
    /// Core's whole `submitpackage` answer when `verbose`.
    static func packageResult(_ result: JSONValue, verbose: Bool) -> JSONValue {
        let message = result["package_msg"]?.stringValue ?? ""
        var errors: [JSONValue] = []
        if case .object(let results)? = result["tx-results"] {
            for (_, txResult) in results.entries {
                if let error = txResult["error"]?.stringValue {
                    errors.append(.object(JSONObject([("txid", txResult["txid"] ?? .null), ("error", .string(error))])))
                }
            }
        }
        if verbose { return result }
        var object = JSONObject([("success", .bool(message == "success"))])
        if !errors.isEmpty { object.append("errors", .array(errors)) }
        return .object(object)
    }
}
