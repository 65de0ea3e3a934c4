import SovJSON
import SovNodeRPC

/// The node as the status screen shows it: sync progress, peers, the assumeUTXO state and uptime, read in one
/// batch of RPC calls.
public struct NodeSnapshot: Sendable, Equatable {
    public var blocks: Int
    public var headers: Int
    public var verificationProgress: Double
    public var initialBlockDownload: Bool
    public var peers: Int?
    public var uptimeSeconds: Int?
    /// From `getchainstates` (Bitcoin Core 26+): nil when the node does not say; `true` while a snapshot
    /// chainstate is in use and the background chainstate still validates history.
    public var assumeUTXOBackgroundValidation: Bool?
    /// The background chainstate's height while it validates; nil otherwise.
    public var backgroundHeight: Int?

    /// Asks the node; the error names why it did not answer.
    public static func fetch(_ node: NodeRPCClient) throws(NodeRPCError) -> NodeSnapshot {
        let answers = try node.batch([RPCRequest("getblockchaininfo"), RPCRequest("getnetworkinfo"), RPCRequest("uptime"), RPCRequest("getchainstates")])
        let info = try answers[0].get()
        guard let blocks = info["blocks"]?.intValue, let headers = info["headers"]?.intValue else {
            throw NodeRPCError.malformedResponse(status: 200, detail: "getblockchaininfo without blocks or headers")
        }
        var snapshot = NodeSnapshot(blocks: blocks, headers: headers,
                                    verificationProgress: info["verificationprogress"]?.doubleValue ?? 0,
                                    initialBlockDownload: info["initialblockdownload"]?.boolValue ?? false)
        snapshot.peers = (try? answers[1].get())?["connections"]?.intValue
        snapshot.uptimeSeconds = (try? answers[2].get())?.intValue
        if let states = (try? answers[3].get())?["chainstates"]?.arrayValue {
            let background = states.count > 1 ? states.first { $0["validated"]?.boolValue == true } : nil
            snapshot.assumeUTXOBackgroundValidation = states.count > 1
            snapshot.backgroundHeight = background?["blocks"]?.intValue
        }
        return snapshot
    }

    public var json: JSONValue {
        .object(JSONObject([
            ("blocks", .int(blocks)), ("headers", .int(headers)), ("verification_progress", .number("\(verificationProgress)")),
            ("initial_block_download", .bool(initialBlockDownload)), ("peers", peers.map(JSONValue.int) ?? .null),
            ("uptime", uptimeSeconds.map(JSONValue.int) ?? .null),
            ("assumeutxo", assumeUTXOBackgroundValidation.map { active in
                .object(JSONObject([("background_validation", .bool(active)), ("background_height", backgroundHeight.map(JSONValue.int) ?? .null)]))
            } ?? .null),
        ]))
    }
}
