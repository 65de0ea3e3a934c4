/// A refusal a server makes for its own protection rather than because the request was wrong; carried by
/// `ElectrumRPCError.refusal` so that what follows from it (a cost charged to the client) is decided by case,
/// never by reading the message.
public enum ElectrumRefusal: Equatable, Sendable {
    /// A script's history has more entries than the server's `limit` (`max_history`).
    case historyTooLarge(limit: Int)
}
