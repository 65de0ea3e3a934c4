/// Why the server's TLS certificate could not be loaded or generated: one line naming the file.
public struct TLSIdentityError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
