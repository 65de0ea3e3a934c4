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

    /// The answer to a node-backed call (`ElectrumCallExecutor` routes only those here).
    public func answer(_ call: ElectrumCall) throws(ElectrumRPCError) -> JSONValue {
        guard let node else {
            switch call {
            case .estimateFee: return .int(-1)
            case .relayFee: return .amount(Self.defaultMinimumRelayFee)
            default: throw Self.noNode
            }
        }
        do {
            switch call {
            case .estimateFee(let blocks, let mode):
                // Core wants a target of at least 1 (2 on some versions); ElectrumX answers -1 when it cannot estimate.
                let estimate = try node.estimateSmartFee(blocks: max(1, blocks), mode: mode?.rawValue)
                guard let perKvB = estimate.satoshisPerKvB else { return .int(-1) }
                return .amount(perKvB)
            case .relayFee:
                let info = try node.networkInfo()
                guard let relay = info["relayfee"] else { throw ElectrumRPCError.daemonError("getnetworkinfo has no relayfee") }
                return relay
            case .transactionBroadcast(let raw):
                return .string(try node.sendRawTransaction(raw))
            case .transactionBroadcastPackage(let raws, let verbose):
                let result = try node.call("submitpackage", [.array(raws.map { .string(Hex.encode($0)) })])
                return Self.packageResult(result, verbose: verbose)
            case .mempoolGetInfo:
                let info = try node.mempoolInfo()
                return .object(JSONObject([
                    ("mempoolminfee", info["mempoolminfee"] ?? .null),
                    ("minrelaytxfee", info["minrelaytxfee"] ?? .null),
                    ("incrementalrelayfee", info["incrementalrelayfee"] ?? .null),
                ]))
            case .transactionGet(let txid, _):
                return try node.call("getrawtransaction", [.string(txid.hex), .bool(true)])
            default:
                throw ElectrumRPCError.internalError("\(call.method.rawValue) is not a node call")
            }
        } catch let error as ElectrumRPCError {
            throw error
        } catch let error as NodeRPCError {
            throw Self.translate(error)
        } catch {
            throw ElectrumRPCError.daemonError("\(error)")
        }
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
