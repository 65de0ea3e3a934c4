import SovJSON

/// Why a call to Bitcoin Core failed, phrased so a person can act on it.
public enum NodeRPCError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection: the node is not running, or not at that address.
    case unreachable(endpoint: String, detail: String)
    /// HTTP 401/403: the credentials were refused.
    case unauthorized(endpoint: String, credentials: String)
    /// Credentials could not be read.
    case credentials(String)
    /// Core answered with a JSON-RPC error.
    case rpc(code: Int, message: String)
    /// Core is still starting (-28) and did not finish within the timeout.
    case warmupTimeout(lastMessage: String, seconds: Double)
    /// A command-line argument could not be turned into an RPC parameter.
    case invalidArgument(String)
    /// The answer was not JSON-RPC.
    case malformedResponse(status: Int, detail: String)

    public var description: String {
        switch self {
        case .unreachable(let endpoint, let detail):
            return "cannot reach the node: is bitcoind running? tried \(endpoint) (\(detail))"
        case .unauthorized(let endpoint, let credentials):
            return "the node at \(endpoint) refused the credentials: used \(credentials)"
        case .credentials(let message), .invalidArgument(let message):
            return message
        case .rpc(let code, let message):
            return "error code: \(code)\nerror message:\n\(message)"
        case .warmupTimeout(let last, let seconds):
            return "the node is still starting after \(Int(seconds)) s (\(last))"
        case .malformedResponse(let status, let detail):
            return "unexpected answer from the node (HTTP \(status)): \(detail)"
        }
    }

    /// Core's RPC error codes used by callers.
    public static let warmingUp = -28
    public static let methodNotFound = -32601
}
