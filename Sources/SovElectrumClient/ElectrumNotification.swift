import SovJSON

/// A message the server sent without an id: a subscription update such as `blockchain.headers.subscribe`
/// (params `[header]`) or `blockchain.scripthash.subscribe` (params `[scripthash, status]`).
public struct ElectrumNotification: Sendable, Equatable {
    /// The method named by the notification, e.g. `blockchain.scripthash.subscribe`.
    public var method: String
    /// The positional parameters. Named parameters (which Electrum servers do not send) arrive as one object.
    public var params: [JSONValue]

    public init(method: String, params: [JSONValue]) {
        self.method = method
        self.params = params
    }
}
