import SovJSON

/// One JSON-RPC response: a result or an error, for the request with `id`.
///
/// The server writes them (`line`); a client reads them back from a line (`JSONRPCLineParser`).
public struct JSONRPCResponse: Equatable, Sendable {
    /// The id of the request answered; `.null` when the request's id could not be read.
    public var id: JSONRPCID
    public var outcome: Result<JSONValue, ElectrumRPCError>

    public init(id: JSONRPCID, result: JSONValue) {
        self.id = id
        self.outcome = .success(result)
    }

    public init(id: JSONRPCID, error: ElectrumRPCError) {
        self.id = id
        self.outcome = .failure(error)
    }

    /// `{"jsonrpc":"2.0","result":…,"id":…}` or `{"jsonrpc":"2.0","error":{"code":…,"message":…},"id":…}`.
    public var json: JSONValue {
        var object = JSONObject()
        object.append("jsonrpc", .string("2.0"))
        switch outcome {
        case .success(let result): object.append("result", result)
        case .failure(let error): object.append("error", error.json)
        }
        object.append("id", id.json)
        return .object(object)
    }

    /// The compact wire form of a result response whose result is already written as compact JSON
    /// (`resultText`), without newline: the same text as `json.compact` for that result. Lets a server write
    /// a long result where it was computed, off its event loop.
    public static func objectText(id: JSONRPCID, resultText: String) -> String {
        // Room made once, the result copied once: a chain of `+` grew the string step by step, copying a
        // megabytes-long result each time (2 ms for a 1.2 MB history, twice what writing it took).
        let prefix = #"{"jsonrpc":"2.0","result":"#, middle = #","id":"#, idText = id.json.compact
        var text = ""
        text.reserveCapacity(prefix.utf8.count + resultText.utf8.count + middle.utf8.count + idText.utf8.count + 1)
        text += prefix
        text += resultText
        text += middle
        text += idText
        text += "}"
        return text
    }

    /// The compact one-line wire form, newline-terminated.
    public var line: String { json.compact + "\n" }

    /// The wire form of a batch of responses: one JSON array on one line. An empty batch (every request a
    /// notification) sends nothing, as JSON-RPC 2.0 requires, so this is nil.
    public static func batchLine(_ responses: [JSONRPCResponse]) -> String? {
        guard !responses.isEmpty else { return nil }
        return JSONValue.array(responses.map(\.json)).compact + "\n"
    }
}
