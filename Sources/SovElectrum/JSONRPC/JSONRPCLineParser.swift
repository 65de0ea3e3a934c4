import SovJSON

/// Size limits applied to each incoming line before and after it is parsed.
public struct JSONRPCLimits: Equatable, Sendable {
    /// The longest line accepted, in bytes (without its newline). ElectrumX's default `MAX_RECV` is 1,000,000.
    public var maxLineBytes: Int
    /// The most requests one batch may hold.
    public var maxBatchCount: Int

    public init(maxLineBytes: Int = 1_000_000, maxBatchCount: Int = 500) {
        self.maxLineBytes = maxLineBytes
        self.maxBatchCount = maxBatchCount
    }
}

/// One item of an incoming line, classified.
public enum JSONRPCMessage: Equatable, Sendable {
    /// A request (with an id) or a notification (without one).
    case request(JSONRPCRequest)
    /// A response to a request this side sent.
    case response(JSONRPCResponse)
    /// Something that is not a valid request or response. It must be answered with this error, for `id`
    /// (`.null` when the id is missing or unreadable), as JSON-RPC 2.0 requires even for broken notifications.
    case invalid(id: JSONRPCID, error: ElectrumRPCError)
}

/// An incoming line: one message, or the messages of a batch (a JSON array).
///
/// When the whole line is unusable (not JSON, too long, not an object or array, an empty or oversized batch)
/// it is a single `.invalid` message with `isBatch` false: JSON-RPC 2.0 answers those with one error object,
/// not an array.
public struct JSONRPCIncoming: Equatable, Sendable {
    public var messages: [JSONRPCMessage]
    /// Whether the line was a batch; its responses then go back together as one JSON array.
    public var isBatch: Bool

    public init(messages: [JSONRPCMessage], isBatch: Bool) {
        self.messages = messages
        self.isBatch = isBatch
    }
}

/// Reads one newline-delimited JSON-RPC line (the Electrum wire format) into requests, notifications and
/// responses, applying `JSONRPCLimits` and JSON-RPC 2.0's validation rules. It never throws: every failure
/// becomes a message that says which error to answer with.
///
/// `"jsonrpc"` may be absent (JSON-RPC 1.0-style peers; aiorpcx accepts them too) but when present must be
/// `"2.0"`. A request's `params` may be absent (no parameters), an array or an object; anything else is
/// `-32602`. An object with a `method` member is a request; one without but with `result` or `error` is a
/// response; anything else is `-32600`.
public struct JSONRPCLineParser: Sendable {
    public var limits: JSONRPCLimits

    public init(limits: JSONRPCLimits = JSONRPCLimits()) {
        self.limits = limits
    }

    /// Parses a line given as text.
    public func parse(line: String) -> JSONRPCIncoming {
        parse(line: Array(line.utf8))
    }

    /// Parses a line given as bytes (a trailing `\n` or `\r\n` is allowed).
    public func parse(line: [UInt8]) -> JSONRPCIncoming {
        var bytes = line
        while let last = bytes.last, last == 0x0a || last == 0x0d { bytes.removeLast() }
        guard bytes.count <= limits.maxLineBytes else {
            return failure(.invalidRequest("request of \(bytes.count) bytes exceeds the limit of \(limits.maxLineBytes) bytes"))
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return failure(.parseError("messages must be encoded in UTF-8"))
        }
        let payload: JSONValue
        do {
            payload = try JSONParser.parse(bytes: &bytes)
        } catch {
            return failure(.parseError("cannot decode JSON: \(error.reason) at byte \(error.offset)"))
        }
        switch payload {
        case .object(let object):
            return JSONRPCIncoming(messages: [message(object)], isBatch: false)
        case .array(let items):
            guard !items.isEmpty else { return failure(.invalidRequest("empty batches are invalid")) }
            guard items.count <= limits.maxBatchCount else {
                return failure(.invalidRequest("batch of \(items.count) requests exceeds the limit of \(limits.maxBatchCount)"))
            }
            return JSONRPCIncoming(messages: items.map { item in
                guard case .object(let object) = item else {
                    return .invalid(id: .null, error: .invalidRequest("request object must be a dictionary"))
                }
                return message(object)
            }, isBatch: true)
        default:
            return failure(.invalidRequest("request object must be a dictionary"))
        }
    }

    private func failure(_ error: ElectrumRPCError) -> JSONRPCIncoming {
        JSONRPCIncoming(messages: [.invalid(id: .null, error: error)], isBatch: false)
    }

    /// Classifies and validates one object of a line.
    func message(_ object: JSONObject) -> JSONRPCMessage {
        // The id first, so later errors can be answered to it.
        var id: JSONRPCID?
        if let member = object["id"] {
            guard let parsed = JSONRPCID(json: member) else {
                return .invalid(id: .null, error: .invalidRequest("invalid \"id\": \(member.compact)"))
            }
            id = parsed
        }
        if let version = object["jsonrpc"], version != .string("2.0") {
            return .invalid(id: id ?? .null, error: .invalidRequest("\"jsonrpc\" is not \"2.0\""))
        }
        if let method = object["method"] {
            guard case .string(let name) = method else {
                return .invalid(id: id ?? .null, error: .invalidRequest("request method must be a string"))
            }
            let params: JSONRPCParams
            switch object["params"] {
            case nil: params = .none
            case .array(let items)?: params = .positional(items)
            case .object(let named)?: params = .named(named)
            case let other?:
                return .invalid(id: id ?? .null, error: .invalidParams("invalid request arguments: \(other.compact)"))
            }
            return .request(JSONRPCRequest(id: id, method: name, params: params))
        }
        let result = object["result"], error = object["error"]
        guard result != nil || error != nil else {
            return .invalid(id: id ?? .null, error: .invalidRequest("neither a request nor a response"))
        }
        guard let id else {
            return .invalid(id: .null, error: .invalidRequest("response has no \"id\""))
        }
        switch (result, error) {
        case (let result?, nil):
            return .response(JSONRPCResponse(id: id, result: result))
        case (nil, let error?):
            guard let rpcError = ElectrumRPCError(json: error) else {
                return .invalid(id: id, error: .invalidRequest("ill-formed response error object: \(error.compact)"))
            }
            return .response(JSONRPCResponse(id: id, error: rpcError))
        default:
            // JSON-RPC 1.0 peers send both members with one of them null.
            if error == .null, let result { return .response(JSONRPCResponse(id: id, result: result)) }
            if result == .null, let error, let rpcError = ElectrumRPCError(json: error) {
                return .response(JSONRPCResponse(id: id, error: rpcError))
            }
            return .invalid(id: id, error: .invalidRequest("response contains both \"result\" and \"error\""))
        }
    }
}
