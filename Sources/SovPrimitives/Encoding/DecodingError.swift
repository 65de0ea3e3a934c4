/// Malformed input: what is wrong and at which byte (or character) offset.
public struct DecodingError: Error, CustomStringConvertible, Sendable, Equatable {
    public var offset: Int?
    public var reason: String

    public init(offset: Int? = nil, _ reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        if let offset { return "\(reason) at byte \(offset)" }
        return reason
    }
}
