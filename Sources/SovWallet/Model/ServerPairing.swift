/// The server a wallet was paired with (`sov wallet connect`): where it is, the certificate it pins, and the
/// device token the server issued for this wallet. The token admits to the owner's server only (it spends
/// nothing); it is kept in the wallet file, which is private to its user (mode 0600).
public struct ServerPairing: Sendable, Equatable {
    /// `host:port:s`.
    public var server: String
    /// SHA-256 of the server's certificate, 64 lowercase hex digits.
    public var fingerprint: String
    /// The credential's name on the server (`sov serve auth list`).
    public var device: String
    public var token: String

    public init(server: String, fingerprint: String, device: String, token: String) {
        self.server = server
        self.fingerprint = fingerprint
        self.device = device
        self.token = token
    }
}
