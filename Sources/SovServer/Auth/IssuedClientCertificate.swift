/// A client certificate just issued, and where its files were written.
public struct IssuedClientCertificate: Sendable, Equatable {
    /// The stored credential (holding the certificate's fingerprint).
    public let credential: ClientCredential
    /// `NAME.crt`: the certificate, PEM.
    public let certificatePath: String
    /// `NAME.key`: its private key, PEM (mode 0600).
    public let privateKeyPath: String
    /// `NAME.pem`: certificate then key in one file (mode 0600), for clients that take one file.
    public let combinedPath: String
    /// The certificate, PEM.
    public let certificatePEM: String

    /// The certificate's SHA-256 fingerprint.
    public var fingerprintSHA256: String { credential.identifier }
}
