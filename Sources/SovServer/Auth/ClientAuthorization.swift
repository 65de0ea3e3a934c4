/// `ClientAuthorizer`'s decision about one connection, with the reason in words (for the log).
public enum ClientAuthorization: Sendable, Equatable {
    /// One of the owner's clients: loopback, an allowed address, a client certificate or a token.
    case allowed(reason: String)
    /// An anonymous client, let in because authentication is off.
    case anonymous(reason: String)
    case refused(reason: String)

    public var isAllowed: Bool { clientClass != nil }

    /// The class whose limits apply; nil when refused.
    public var clientClass: ClientClass? {
        switch self {
        case .allowed: return .trusted
        case .anonymous: return .public
        case .refused: return nil
        }
    }

    public var reason: String {
        switch self {
        case .allowed(let reason), .anonymous(let reason), .refused(let reason): return reason
        }
    }
}
