import Crypto
import FoundationEssentials
import NIOSSL
import SovPrimitives
import X509

/// sov's own certificate authority for client certificates, kept in `<data_dir>/serve/client-ca/`
/// (`ca.pem`, and `ca-key.pem` with mode 0600) and generated on first use. TLS listeners trust it for
/// client certificates (`TLSIdentity.serverConfiguration(clientCertificateAuthorities:)`); the
/// credential store records each certificate it signs by fingerprint.
public struct ClientCertificateAuthority: Sendable {
    /// The CA certificate, PEM.
    public let certificatePEM: String
    /// SHA-256 fingerprint of the CA certificate.
    public let fingerprintSHA256: String
    /// The CA's private key, PEM (PKCS#8).
    let privateKeyPEM: String

    public static let certificateFileName = "ca.pem"
    public static let privateKeyFileName = "ca-key.pem"

    /// Loads the CA in `directory`; nil when it has not been created yet.
    public static func load(directory: String) throws(CredentialStoreError) -> ClientCertificateAuthority? {
        let certificatePath = directory + "/" + certificateFileName
        let keyPath = directory + "/" + privateKeyFileName
        let fm = FileManager.default
        guard fm.fileExists(atPath: certificatePath) || fm.fileExists(atPath: keyPath) else { return nil }
        guard let certificateData = fm.contents(atPath: certificatePath), let certificateText = String(data: certificateData, encoding: .utf8) else {
            throw CredentialStoreError("\(certificatePath): cannot read the client CA certificate")
        }
        guard let keyData = fm.contents(atPath: keyPath), let keyText = String(data: keyData, encoding: .utf8) else {
            throw CredentialStoreError("\(keyPath): cannot read the client CA key")
        }
        let certificate: Certificate
        let key: P256.Signing.PrivateKey
        do {
            certificate = try Certificate(pemEncoded: certificateText)
        } catch {
            throw CredentialStoreError("\(certificatePath): not a PEM certificate (\(error))")
        }
        do {
            key = try P256.Signing.PrivateKey(pemRepresentation: keyText)
        } catch {
            throw CredentialStoreError("\(keyPath): not a P-256 PEM private key (\(error))")
        }
        guard Certificate.PublicKey(key.publicKey) == certificate.publicKey else {
            throw CredentialStoreError("\(keyPath) is not the key of the client CA certificate \(certificatePath)")
        }
        let fingerprint: String
        do {
            fingerprint = CertificateFingerprint.sha256(der: try certificate.serializeAsPEM().derBytes)
        } catch {
            throw CredentialStoreError("\(certificatePath): cannot encode the certificate (\(error))")
        }
        return ClientCertificateAuthority(certificatePEM: certificateText, fingerprintSHA256: fingerprint, privateKeyPEM: keyText)
    }

    /// Loads the CA in `directory`, creating it (folder 0700, key 0600, atomic writes) when missing.
    public static func loadOrCreate(directory: String) throws(CredentialStoreError) -> ClientCertificateAuthority {
        do {
            try AtomicFile.createDirectory(directory)
        } catch {
            throw CredentialStoreError("\(error)")
        }
        return try FileLock.withExclusiveLock(directory + "/.lock") { () throws(CredentialStoreError) -> ClientCertificateAuthority in
            if let existing = try load(directory: directory) { return existing }
            do {
                let issued = try CertificateFactory.issue(commonName: "sov client CA", role: .authority)
                try AtomicFile.write(issued.privateKeyPEM, to: directory + "/" + privateKeyFileName, mode: 0o600)
                try AtomicFile.write(issued.certificatePEM, to: directory + "/" + certificateFileName, mode: 0o644)
            } catch {
                throw CredentialStoreError("cannot create the client CA in \(directory): \(error)")
            }
            guard let created = try load(directory: directory) else {
                throw CredentialStoreError("\(directory): the client CA vanished after it was created")
            }
            return created
        }
    }

    /// The CA certificate for NIOSSL's trust roots.
    public func certificate() throws -> NIOSSLCertificate {
        try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
    }

    /// A new client certificate for `name`, signed by the CA (CN = name, client authentication only).
    func issue(name: String) throws -> CertificateFactory.Issued {
        let certificate = try Certificate(pemEncoded: certificatePEM)
        let key = try P256.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
        return try CertificateFactory.issue(commonName: name, role: .client, issuer: (certificate, key))
    }

    /// Whether the DER certificate names this CA as issuer and carries a valid signature by its key.
    public func isIssuer(ofCertificateDER der: [UInt8]) -> Bool {
        guard let authority = try? Certificate(pemEncoded: certificatePEM),
              let candidate = try? Certificate(derEncoded: der) else { return false }
        return candidate.issuer == authority.subject && authority.publicKey.isValidSignature(candidate.signature, for: candidate)
    }
}
