/// A token just issued: the only time its text exists outside the client.
public struct IssuedToken: Sendable, Equatable {
    /// The stored credential (holding only the token's SHA-256).
    public let credential: ClientCredential
    /// The token to give the client, `sov_` + 43 base64url characters. It cannot be shown again.
    public let token: String
}
