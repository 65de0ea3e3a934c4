import FoundationEssentials

/// One credential in the store: what lets a remote client in. Only what identifies the client is kept,
/// never a secret: a token's (or enrolment token's) SHA-256, a client certificate's SHA-256 fingerprint, or a CIDR range.
public struct ClientCredential: Sendable, Equatable {
    /// The kinds of credential sov issues.
    public enum Kind: String, Sendable, CaseIterable {
        /// A bearer token `sov_…` (32 random bytes, base64url), shown once when issued.
        case token
        /// A client certificate signed by sov's client CA.
        case certificate
        /// An allowed IP range.
        case ip
        /// A single-use pairing token (the `tk` of a `sov:pair` URI) with an expiry: it admits nobody, and is
        /// redeemed once, before it expires, for a `token` of the same name (`sov.pair.redeem`).
        case enrolment
        /// An onion address of the device's own (v3, published by `sov serve --tor`): whoever reaches the
        /// server through it arrives from Tor on loopback, so the address itself admits the device. Revoking
        /// it withdraws the address. Its key lives in `<serve>/tor/devices`, not in the store.
        case onion
    }

    /// The name it was issued under (unique among credentials not revoked).
    public var name: String
    public var kind: Kind
    /// What identifies the client: for a token the SHA-256 of the token text (lowercase hex), for a
    /// certificate its SHA-256 fingerprint (`AB:CD:…`), for an IP range its CIDR text, for an onion its
    /// address (`….onion`).
    public var identifier: String
    public var created: Date
    /// When it was revoked (an enrolment: redeemed); nil while it is valid.
    public var revoked: Date?
    /// When it lapses (enrolments only).
    public var expires: Date?
    /// An onion's v3 client authorization key (x25519 public key, Base32): only the holder of its private
    /// half can reach the address. Nil: whoever knows the address.
    public var clientAuthKey: String?

    public init(name: String, kind: Kind, identifier: String, created: Date, revoked: Date? = nil, expires: Date? = nil,
                clientAuthKey: String? = nil) {
        self.name = name
        self.kind = kind
        self.identifier = identifier
        self.created = created
        self.revoked = revoked
        self.expires = expires
        self.clientAuthKey = clientAuthKey
    }

    public var isRevoked: Bool { revoked != nil }

    /// What `sov serve auth list` shows to tell credentials apart: the first 16 hex digits of a token's
    /// hash, the first 8 bytes of a certificate fingerprint, or the IP range.
    public var fingerprintPrefix: String {
        switch kind {
        case .token, .enrolment: return "sha256:" + identifier.prefix(16)
        case .certificate: return String(identifier.prefix(23))
        case .ip: return identifier
        case .onion: return identifier.prefix(16) + "….onion"
        }
    }

    /// Names are 1–64 characters of `A-Z a-z 0-9 . _ @ -` (they become file names for certificates).
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.count) && !name.hasPrefix(".") && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "@" || $0 == "-"
        }
    }
}
