/// Why a listen address, IP address or CIDR range was not accepted; `description` is one line.
public struct AddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the text given.
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
