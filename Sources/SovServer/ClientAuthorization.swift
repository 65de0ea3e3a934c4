/// `ClientAuthorizer`'s decision about one connection, with the reason in words (for the log).
public enum ClientAuthorization: Sendable, Equatable {
    case allowed(reason: String)
    case refused(reason: String)

    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }

    public var reason: String {
        switch self {
        case .allowed(let reason), .refused(let reason): return reason
        }
    }
}
