import SovJSON

/// One declared parameter of a method: its name (the one JSON-RPC named passing must use), what it holds,
/// and its default when optional.
public struct ElectrumParameter: Equatable, Sendable {
    /// What a parameter holds, and so how its value is checked.
    public enum Kind: Equatable, Sendable {
        /// A script hash: 64 hex digits.
        case scriptHash
        /// A transaction hash: 64 hex digits.
        case txid
        /// A JSON integer from 0 to `maximumInteger` (heights, counts, positions, `cp_height`, block targets).
        case nonNegativeInteger
        /// `true` or `false`.
        case boolean
        /// A non-empty, even-length hex string (a raw transaction).
        case hex
        /// A non-empty array of raw-transaction hex strings.
        case hexList
        /// `estimatefee`'s mode: null, or "CONSERVATIVE"/"ECONOMICAL" in any case.
        case estimateMode
        /// A string (`server.version`'s client name).
        case string
        /// `server.version`'s protocol version: a string or `[min, max]`; checked by negotiation.
        case protocolVersion
        /// A JSON object (`server.add_peer`'s features).
        case object
    }

    /// The largest integer argument accepted: Bitcoin heights and positions are 32-bit signed in Core's RPC,
    /// and every sum the server forms from two such values fits in `Int`.
    public static let maximumInteger = Int(Int32.max)

    public var name: String
    public var kind: Kind
    /// The value used when the parameter is not passed; nil for a required parameter.
    public var defaultValue: JSONValue?

    public init(_ name: String, _ kind: Kind, default defaultValue: JSONValue? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
    }

    public var isRequired: Bool { defaultValue == nil }
}
