/// Why a TOML text was rejected, and where: `description` is one line, `line:column: reason`.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the problem was found.
    public var location: TOMLLocation
    /// What is wrong, in words.
    public var reason: String

    public init(_ location: TOMLLocation, _ reason: String) {
        self.location = location
        self.reason = reason
    }

    /// `line:column: reason`.
    public var description: String { "\(location): \(reason)" }
}
