import SovJSON

/// A JSON-RPC error object as an Electrum server sends it: `{"code": …, "message": …}`.
///
/// The negative codes are JSON-RPC 2.0's own. The small positive ones are not written in the Electrum protocol
/// documents; they are the codes ElectrumX (the protocol's reference server) answers with and that clients see:
/// `BAD_REQUEST = 1` for a request the server understood but refuses (bad argument values, version already
/// negotiated, no common protocol version, …) and `DAEMON_ERROR = 2` when bitcoind failed the request.
public struct ElectrumRPCError: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: Int
    public var message: String
    /// Why the server refused, for refusals it treats specially (it charges a client for them); nil for
    /// every other error. Not sent: the wire carries `code` and `message` only.
    public var refusal: ElectrumRefusal?

    public init(code: Int, _ message: String, refusal: ElectrumRefusal? = nil) {
        self.code = code
        self.message = message
        self.refusal = refusal
    }

    /// Invalid JSON was received (JSON-RPC 2.0).
    public static let parseErrorCode = -32700
    /// The JSON sent is not a valid request object (JSON-RPC 2.0).
    public static let invalidRequestCode = -32600
    /// The method does not exist, or not in the negotiated protocol version (JSON-RPC 2.0).
    public static let methodNotFoundCode = -32601
    /// Wrong number or names of parameters (JSON-RPC 2.0; aiorpcx uses it for arity errors).
    public static let invalidParamsCode = -32602
    /// Internal JSON-RPC error (JSON-RPC 2.0).
    public static let internalErrorCode = -32603
    /// ElectrumX's `BAD_REQUEST`: a well-formed request with unacceptable argument values or state.
    public static let badRequestCode = 1
    /// ElectrumX's `DAEMON_ERROR`: the node failed the request.
    public static let daemonErrorCode = 2

    public static func parseError(_ message: String) -> ElectrumRPCError { .init(code: parseErrorCode, message) }
    public static func invalidRequest(_ message: String) -> ElectrumRPCError { .init(code: invalidRequestCode, message) }
    public static func methodNotFound(_ message: String) -> ElectrumRPCError { .init(code: methodNotFoundCode, message) }
    public static func invalidParams(_ message: String) -> ElectrumRPCError { .init(code: invalidParamsCode, message) }
    public static func internalError(_ message: String) -> ElectrumRPCError { .init(code: internalErrorCode, message) }
    public static func badRequest(_ message: String) -> ElectrumRPCError { .init(code: badRequestCode, message) }
    public static func daemonError(_ message: String) -> ElectrumRPCError { .init(code: daemonErrorCode, message) }

    /// The error object: `{"code":…,"message":…}`.
    public var json: JSONValue {
        .object(JSONObject([("code", .int(code)), ("message", .string(message))]))
    }

    /// Reads an error object; nil unless it has an integer `code` and a string `message`.
    public init?(json: JSONValue) {
        guard let code = json["code"]?.intValue, let message = json["message"]?.stringValue else { return nil }
        self.init(code: code, message)
    }

    public var description: String { "error \(code): \(message)" }
}
