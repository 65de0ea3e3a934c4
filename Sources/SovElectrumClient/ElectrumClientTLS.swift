import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import SovPrimitives

/// How the client trusts a TLS server, and the certificate it shows when the server asks for one.
///
/// Electrum servers mostly use self-signed certificates, so besides the system's roots a server can be trusted
/// by the SHA-256 fingerprint of its certificate (pinning, as Electrum does on first use) or not checked at all
/// (`acceptAny`: tests, or trust-on-first-use where the caller records `peerCertificateFingerprint`).
public struct ElectrumClientTLS: Sendable, Equatable {
    /// Which server certificates are accepted.
    public enum Trust: Sendable, Equatable {
        /// A chain to the system's root certificates, valid for the host name.
        case systemRoots
        /// Exactly the certificate whose DER encoding has this SHA-256 (hex, upper or lower case, colons allowed).
        case pinnedFingerprint(String)
        /// Any certificate (no verification).
        case acceptAny
    }

    /// A client certificate and its private key, PEM-encoded.
    public enum ClientCertificate: Sendable, Equatable {
        /// Read from files: the certificate (chain) and the private key.
        case files(certificatePath: String, keyPath: String)
        /// Given as the PEM bytes of the certificate (chain) and of the private key.
        case pem(certificate: [UInt8], key: [UInt8])
    }

    public var trust: Trust
    /// Sent when the server requests a client certificate; nil sends none.
    public var clientCertificate: ClientCertificate?
    /// The name sent in SNI and checked against the certificate by `systemRoots`; nil uses the address's host
    /// (no SNI for an IP address).
    public var serverName: String?

    public init(trust: Trust, clientCertificate: ClientCertificate? = nil, serverName: String? = nil) {
        self.trust = trust
        self.clientCertificate = clientCertificate
        self.serverName = serverName
    }

    /// Accept any server certificate.
    public static let acceptAny = ElectrumClientTLS(trust: .acceptAny)
    /// Accept certificates chaining to the system's roots.
    public static let systemRoots = ElectrumClientTLS(trust: .systemRoots)
    /// Accept only the certificate with this SHA-256 fingerprint.
    public static func pinned(sha256 fingerprint: String) -> ElectrumClientTLS {
        ElectrumClientTLS(trust: .pinnedFingerprint(fingerprint))
    }

    /// A fingerprint in the form `peerCertificateFingerprint` gives: 64 lower-case hex digits; nil when `text`
    /// (with colons, spaces or upper case allowed) is not a SHA-256.
    public static func normalizedFingerprint(_ text: String) -> String? {
        let digits = text.lowercased().filter { $0 != ":" && $0 != " " }
        guard digits.count == 64, digits.allSatisfy({ $0.isHexDigit && $0.isASCII }) else { return nil }
        return digits
    }

    /// The SHA-256 of a certificate's DER encoding, as lower-case hex.
    static func fingerprint(of certificate: NIOSSLCertificate) -> String? {
        guard let der = try? certificate.toDERBytes() else { return nil }
        return Hex.encode(Hashes.sha256(der))
    }

    /// Builds the TLS handler for one connection to `host`. `seenFingerprint` receives the fingerprint of the
    /// certificate a pinned server presented, so a mismatch can be reported with it.
    func makeHandler(host: String, seenFingerprint: NIOLockedValueBox<String?>) throws -> NIOSSLClientHandler {
        var configuration = TLSConfiguration.makeClientConfiguration()
        var pin: String?
        switch trust {
        case .systemRoots:
            configuration.certificateVerification = .fullVerification
        case .pinnedFingerprint(let text):
            guard let normalized = Self.normalizedFingerprint(text) else {
                throw ElectrumClientError.connect("pinned fingerprint \"\(text)\" is not a SHA-256 in hex")
            }
            pin = normalized
            // The custom callback below replaces the chain check; it is only called when verification is on.
            configuration.certificateVerification = .noHostnameVerification
        case .acceptAny:
            configuration.certificateVerification = .none
        }
        switch clientCertificate {
        case nil: break
        case .files(let certificatePath, let keyPath)?:
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificatePath).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyPath, format: .pem))
        case .pem(let certificate, let key)?:
            configuration.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificate).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
        }
        let context = try NIOSSLContext(configuration: configuration)
        let name = serverName ?? host
        // SNI carries host names only, never IP addresses.
        let sniName: String? = (try? SocketAddress(ipAddress: name, port: 0)) == nil ? name : nil
        guard let pin else { return try NIOSSLClientHandler(context: context, serverHostname: sniName) }
        return try NIOSSLClientHandler(context: context, serverHostname: sniName) { certificates, promise in
            let presented = certificates.first.flatMap(Self.fingerprint(of:))
            seenFingerprint.withLockedValue { $0 = presented }
            promise.succeed(presented == pin ? .certificateVerified : .failed)
        }
    }
}
