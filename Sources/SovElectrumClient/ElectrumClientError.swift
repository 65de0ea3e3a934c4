/// Why a call, a batch or a connection to an Electrum server failed.
public enum ElectrumClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered with a JSON-RPC error object.
    case server(code: Int, message: String)
    /// The connection is closed (by the server, by `close()`, or it broke) before the answer came.
    case closed
    /// No answer (or no line, or no connection) within the time allowed.
    case timeout
    /// The server broke the protocol: a line over the size limit, a malformed response to a pending call, …
    case protocolViolation(String)
    /// The connection could not be set up: address, TCP connect, TLS handshake, certificate pin, WebSocket upgrade.
    case connect(String)

    public var description: String {
        switch self {
        case .server(let code, let message): return "server error \(code): \(message)"
        case .closed: return "connection closed"
        case .timeout: return "timed out"
        case .protocolViolation(let reason): return "protocol violation: \(reason)"
        case .connect(let reason): return "cannot connect: \(reason)"
        }
    }
}
