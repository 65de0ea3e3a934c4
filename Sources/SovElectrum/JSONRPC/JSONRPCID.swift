import SovJSON

/// A JSON-RPC request id: a string, a number (kept as its literal text) or null.
///
/// A request *without* an `id` member is a notification; that absence is modelled as `JSONRPCID?` being nil,
/// so `.null` here is an explicit `"id": null`.
public enum JSONRPCID: Hashable, Sendable, CustomStringConvertible {
    case string(String)
    case number(String)
    case null

    /// An integer id.
    public static func int(_ value: Int) -> JSONRPCID { .number(String(value)) }

    /// Reads an id member; nil for a type JSON-RPC does not allow (object, array, boolean).
    public init?(json: JSONValue) {
        switch json {
        case .string(let s): self = .string(s)
        case .number(let n): self = .number(n)
        case .null: self = .null
        default: return nil
        }
    }

    public var json: JSONValue {
        switch self {
        case .string(let s): return .string(s)
        case .number(let n): return .number(n)
        case .null: return .null
        }
    }

    public var description: String { json.compact }
}
