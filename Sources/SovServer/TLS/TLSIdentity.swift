import Crypto
import FoundationEssentials
import NIOSSL
import SovPrimitives
import X509

/// The server's TLS certificate and private key: the configured PEM files (`[tls] cert` and `key`), or a
/// self-signed certificate sov generates on first start in `<data_dir>/serve/tls` (`cert.pem`,
/// `key.pem`) and reuses afterwards, so that clients can pin its fingerprint.
///
/// The generated certificate has a P-256 key, CN "sov", subject alternative names localhost, 127.0.0.1,
/// ::1 and the configured host names, a random serial and ten years of validity. The key file is mode
/// 0600; both files are written atomically (temporary file, fsync, rename).
public struct TLSIdentity: Sendable {
    /// The certificate, PEM; for configured files, the whole chain as given (leaf first).
    public let certificatePEM: String
    /// The private key, PEM.
    public let privateKeyPEM: String
    /// SHA-256 fingerprint of the leaf certificate, as `openssl x509 -fingerprint -sha256` writes it.
    public let fingerprintSHA256: String
    /// When the leaf certificate expires.
    public let notValidAfter: Date
    public let certificatePath: String
    public let privateKeyPath: String
    /// Whether this load generated the files (they did not exist, or the old certificate had expired).
    public let wasGenerated: Bool

    /// Names of the generated files inside the TLS folder.
    public static let certificateFileName = "cert.pem"
    public static let privateKeyFileName = "key.pem"

    /// The identity a server with `configuration` uses: the configured files when `tls.cert` and
    /// `tls.key` are set, else the generated certificate in `configuration.tlsDirectory`.
    public static func forServer(_ configuration: ServerConfiguration) throws(TLSIdentityError) -> TLSIdentity {
        if let certificate = configuration.tlsCertificatePath, let key = configuration.tlsKeyPath {
            return try load(certificatePath: certificate, privateKeyPath: key)
        }
        return try loadOrGenerate(directory: configuration.tlsDirectory, hostnames: configuration.tlsHostnames)
    }

    /// Loads a PEM certificate (chain) and its private key, checking that they belong together.
    public static func load(certificatePath: String, privateKeyPath: String) throws(TLSIdentityError) -> TLSIdentity {
        try load(certificatePath: certificatePath, privateKeyPath: privateKeyPath, generated: false)
    }

    /// Loads the generated certificate in `directory`, generating it first when it is missing (or has
    /// expired). `hostnames` (host names or IP addresses) are added to a new certificate's alternative
    /// names; an existing certificate is reused as it is.
    public static func loadOrGenerate(directory: String, hostnames: [String] = [], now: Date = Date()) throws(TLSIdentityError) -> TLSIdentity {
        let certificatePath = directory + "/" + certificateFileName
        let privateKeyPath = directory + "/" + privateKeyFileName
        do {
            try AtomicFile.createDirectory(directory)
        } catch {
            throw TLSIdentityError("\(error)")
        }
        return try FileLock.withExclusiveLock(directory + "/.lock") { () throws(TLSIdentityError) -> TLSIdentity in
            let fm = FileManager.default
            if fm.fileExists(atPath: certificatePath), fm.fileExists(atPath: privateKeyPath) {
                let existing = try load(certificatePath: certificatePath, privateKeyPath: privateKeyPath, generated: false)
                if existing.notValidAfter > now { return existing }
            }
            let issued: CertificateFactory.Issued
            do {
                var dnsNames = ["localhost"]
                var addresses = [IPAddress("127.0.0.1"), IPAddress("::1")].compactMap { $0 }
                for name in hostnames {
                    if let address = IPAddress(name) {
                        if !addresses.contains(address) { addresses.append(address) }
                    } else if !dnsNames.contains(name.lowercased()) {
                        dnsNames.append(name.lowercased())
                    }
                }
                issued = try CertificateFactory.issue(commonName: "sov", role: .server, dnsNames: dnsNames, ipAddresses: addresses, now: now)
            } catch {
                throw TLSIdentityError("cannot generate the TLS certificate: \(error)")
            }
            do {
                try AtomicFile.write(issued.privateKeyPEM, to: privateKeyPath, mode: 0o600)
                try AtomicFile.write(issued.certificatePEM, to: certificatePath, mode: 0o644)
            } catch {
                throw TLSIdentityError("cannot save the generated TLS certificate: \(error)")
            }
            return try load(certificatePath: certificatePath, privateKeyPath: privateKeyPath, generated: true)
        }
    }

    private static func load(certificatePath: String, privateKeyPath: String, generated: Bool) throws(TLSIdentityError) -> TLSIdentity {
        let certificateText = try readText(certificatePath, what: "certificate")
        let keyText = try readText(privateKeyPath, what: "private key")
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(Array(certificateText.utf8))
        } catch {
            throw TLSIdentityError("\(certificatePath): not a PEM certificate (\(error))")
        }
        guard let leaf = chain.first else { throw TLSIdentityError("\(certificatePath): no certificate in the file") }
        let leafDER: [UInt8]
        let certificate: Certificate
        do {
            leafDER = try leaf.toDERBytes()
            certificate = try Certificate(derEncoded: leafDER)
        } catch {
            throw TLSIdentityError("\(certificatePath): cannot read the certificate (\(error))")
        }
        let key: Certificate.PrivateKey
        do {
            key = try Certificate.PrivateKey(pemEncoded: keyText)
        } catch {
            throw TLSIdentityError("\(privateKeyPath): not a PEM private key (\(error))")
        }
        guard key.publicKey == certificate.publicKey else {
            throw TLSIdentityError("\(privateKeyPath) is not the key of the certificate in \(certificatePath)")
        }
        do {
            _ = try NIOSSLPrivateKey(bytes: Array(keyText.utf8), format: .pem)
        } catch {
            throw TLSIdentityError("\(privateKeyPath): the TLS library cannot use this key (\(error))")
        }
        return TLSIdentity(certificatePEM: certificateText, privateKeyPEM: keyText,
                           fingerprintSHA256: CertificateFingerprint.sha256(der: leafDER),
                           notValidAfter: certificate.notValidAfter, certificatePath: certificatePath,
                           privateKeyPath: privateKeyPath, wasGenerated: generated)
    }

    private static func readText(_ path: String, what: String) throws(TLSIdentityError) -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw TLSIdentityError("\(path): no such \(what) file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw TLSIdentityError("\(path): cannot read the \(what) file") }
        guard let text = String(data: data, encoding: .utf8) else { throw TLSIdentityError("\(path): the \(what) file is not PEM text") }
        return text
    }

    // MARK: For NIOSSL

    /// The certificate chain, leaf first.
    public func certificateChain() throws -> [NIOSSLCertificate] {
        try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8))
    }

    /// The private key.
    public func privateKey() throws -> NIOSSLPrivateKey {
        try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
    }

    /// A server TLS configuration presenting this identity (TLS 1.2 or later). With client certificate
    /// authorities, clients may present a certificate, which must then chain to one of them (it is
    /// optional: clients without one connect and are judged by `ClientAuthorizer`).
    public func serverConfiguration(clientCertificateAuthorities: [NIOSSLCertificate] = []) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try certificateChain().map { .certificate($0) },
            privateKey: .privateKey(try privateKey()))
        configuration.minimumTLSVersion = .tlsv12
        if !clientCertificateAuthorities.isEmpty {
            configuration.certificateVerification = .optionalVerification
            configuration.trustRoots = .certificates(clientCertificateAuthorities)
        }
        return configuration
    }
}
