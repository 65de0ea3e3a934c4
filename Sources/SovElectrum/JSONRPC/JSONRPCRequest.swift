import SovJSON

/// Request parameters: JSON-RPC passes them by position (an array) or by name (an object).
public enum JSONRPCParams: Equatable, Sendable {
    case positional([JSONValue])
    case named(JSONObject)

    /// No parameters (an absent `params` member reads as an empty array).
    public static let none = JSONRPCParams.positional([])

    public var json: JSONValue {
        switch self {
        case .positional(let items): return .array(items)
        case .named(let object): return .object(object)
        }
    }

    /// How many parameters were passed.
    public var count: Int {
        switch self {
        case .positional(let items): return items.count
        case .named(let object): return object.entries.count
        }
    }
}

/// One JSON-RPC request, or a notification when `id` is nil.
///
/// Both directions use it: a client's calls to the server, and the server's subscription notifications
/// (`blockchain.headers.subscribe`, `blockchain.scripthash.subscribe`) which carry no id.
public struct JSONRPCRequest: Equatable, Sendable {
    /// The request id; nil for a notification (no `id` member), which gets no response.
    public var id: JSONRPCID?
    public var method: String
    public var params: JSONRPCParams

    public init(id: JSONRPCID?, method: String, params: JSONRPCParams = .none) {
        self.id = id
        self.method = method
        self.params = params
    }

    /// Whether this is a notification (no id, no response expected).
    public var isNotification: Bool { id == nil }

    /// The JSON object: `{"jsonrpc":"2.0","method":…,"params":…,"id":…}` (`id` left out for a notification).
    public var json: JSONValue {
        var object = JSONObject()
        object.append("jsonrpc", .string("2.0"))
        object.append("method", .string(method))
        object.append("params", params.json)
        if let id { object.append("id", id.json) }
        return .object(object)
    }

    /// The compact one-line wire form, newline-terminated.
    public var line: String { json.compact + "\n" }
}
