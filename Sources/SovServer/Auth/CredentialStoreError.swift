/// Why a credential could not be issued, revoked or read, or why the credential store is unusable: one
/// line naming the file or the credential.
public struct CredentialStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
