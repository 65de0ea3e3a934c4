import FoundationEssentials
import SovJSON
import SovPrimitives

/// What the appliance screen shows (`sov status`, and the status page of `sov serve`): the node's sync, the
/// index, the listeners, connected and paired devices, how to connect, and uptime. Nothing secret: the
/// connection string and certificate fingerprint are what any wallet on the network may see.
public struct ServerStatus: Sendable {
    public var network: Network
    public var software: String
    /// Whether a server is running (a status read from `sov serve`), or this was put together without one.
    public var running: Bool
    public var started: Date?
    public var indexHeight: Int
    public var indexHash: String?
    public var mempoolTransactions: Int?
    /// The node's state; nil with `nodeProblem` set when it did not answer, both nil without a node.
    public var node: NodeSnapshot?
    public var nodeProblem: String?
    public var listeners: [ServerListener]
    public var connections: Int?
    /// Credentials that admit devices now (tokens, certificates, address ranges), by name and kind.
    public var devices: [ClientCredential]
    public var offers: [ConnectionOffer]
    public var fingerprint: String?
    public var now: Date

    public init(network: Network, software: String, running: Bool, started: Date?, indexHeight: Int, indexHash: String?,
                mempoolTransactions: Int?, node: NodeSnapshot?, nodeProblem: String?, listeners: [ServerListener], connections: Int?,
                devices: [ClientCredential], offers: [ConnectionOffer], fingerprint: String?, now: Date = Date()) {
        self.network = network
        self.software = software
        self.running = running
        self.started = started
        self.indexHeight = indexHeight
        self.indexHash = indexHash
        self.mempoolTransactions = mempoolTransactions
        self.node = node
        self.nodeProblem = nodeProblem
        self.listeners = listeners
        self.connections = connections
        self.devices = devices
        self.offers = offers
        self.fingerprint = fingerprint
        self.now = now
    }

    /// The connection string a code carries (the first reachable TLS offer, else the first).
    public var connection: String? { (offers.first { $0.transport == .tls && !$0.loopbackOnly } ?? offers.first)?.description }

    public var uptimeSeconds: Int? { started.map { max(0, Int(now.timeIntervalSince($0))) } }

    /// Index blocks behind the node; nil without a node.
    public var lag: Int? { node.map { max(0, $0.blocks - indexHeight) } }

    /// The JSON of `sov status --json` and `/status.json`.
    public var json: JSONValue {
        let formatter = { (date: Date) in InternetTime.format(secondsSince1970: date.timeIntervalSince1970) }
        return .object(JSONObject([
            ("network", .string(network.rawValue)), ("software", .string(software)), ("running", .bool(running)),
            ("started", started.map { .string(formatter($0)) } ?? .null),
            ("uptime", uptimeSeconds.map(JSONValue.int) ?? .null),
            ("node", node?.json ?? .null), ("node_problem", nodeProblem.map(JSONValue.string) ?? .null),
            ("index", .object(JSONObject([("height", .int(indexHeight)), ("hash", indexHash.map(JSONValue.string) ?? .null),
                                          ("lag", lag.map(JSONValue.int) ?? .null)]))),
            ("mempool_transactions", mempoolTransactions.map(JSONValue.int) ?? .null),
            ("listeners", .array(listeners.map { .object(JSONObject([("transport", .string($0.transport.rawValue)), ("address", .string($0.description))])) })),
            ("connections", connections.map(JSONValue.int) ?? .null),
            ("devices", .array(devices.map { .object(JSONObject([("name", .string($0.name)), ("kind", .string($0.kind.rawValue)),
                                                                 ("created", .string(formatter($0.created)))])) })),
            ("offers", .array(offers.map { .object(JSONObject([("transport", .string($0.transport.rawValue)), ("string", .string($0.description)),
                                                               ("loopback_only", .bool($0.loopbackOnly))])) })),
            ("connection", connection.map(JSONValue.string) ?? .null),
            ("tls_fingerprint", fingerprint.map(JSONValue.string) ?? .null),
        ]))
    }
}
