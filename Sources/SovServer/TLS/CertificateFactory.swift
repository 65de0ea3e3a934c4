import Crypto
import FoundationEssentials
import X509

/// Makes the certificates sov issues itself, all with P-256 keys (swift-crypto) and X.509 v3 certificates
/// (swift-certificates): the server's self-signed TLS certificate, the client CA, and client certificates
/// the CA signs. Serial numbers are 20 random bytes; validity starts an hour back (clock skew).
enum CertificateFactory {
    /// What a certificate is for.
    enum Role {
        /// A self-signed TLS server certificate, usable as its own trust anchor.
        case server
        /// A certificate authority that signs client certificates.
        case authority
        /// A TLS client certificate.
        case client
    }

    /// A certificate with its private key, in PEM and DER.
    struct Issued {
        let certificate: Certificate
        let privateKey: P256.Signing.PrivateKey
        let certificatePEM: String
        let privateKeyPEM: String
        let certificateDER: [UInt8]

        var fingerprintSHA256: String { CertificateFingerprint.sha256(der: certificateDER) }
    }

    /// Ten years, as sov's certificates are pinned rather than renewed.
    static let validity: TimeInterval = 10 * 365.25 * 24 * 3600

    /// Makes a certificate for `commonName`: self-signed when `issuer` is nil, else signed by it.
    /// `dnsNames` and `ipAddresses` go into the subject alternative names.
    static func issue(commonName: String, role: Role, dnsNames: [String] = [], ipAddresses: [IPAddress] = [],
                      issuer: (certificate: Certificate, key: P256.Signing.PrivateKey)? = nil, now: Date = Date()) throws -> Issued {
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let subject = try DistinguishedName {
            CommonName(commonName)
            if role == .authority { OrganizationName("sov") }
        }
        let signingKey = Certificate.PrivateKey(issuer?.key ?? key)
        let issuerName = issuer?.certificate.subject ?? subject
        let subjectKeyIdentifier = SubjectKeyIdentifier(hash: publicKey)
        let authorityKeyIdentifier: SubjectKeyIdentifier
        if let issuer {
            authorityKeyIdentifier = SubjectKeyIdentifier(hash: issuer.certificate.publicKey)
        } else {
            authorityKeyIdentifier = subjectKeyIdentifier
        }
        var names: [GeneralName] = dnsNames.map { .dnsName($0) }
        names += ipAddresses.map { .ipAddress(.init(contentBytes: $0.bytes[...])) }

        let extensions = try Certificate.Extensions {
            switch role {
            case .authority:
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            case .server:
                // Self-signed and pinned by clients as its own trust anchor: TLS libraries (OpenSSL,
                // BoringSSL) accept a trust anchor only if it may sign certificates, as the ones
                // `openssl req -x509` makes may. Path length 0: it can sign no other CA.
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
                try ExtendedKeyUsage([.serverAuth])
            case .client:
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.clientAuth])
            }
            subjectKeyIdentifier
            AuthorityKeyIdentifier(keyIdentifier: authorityKeyIdentifier.keyIdentifier)
            if !names.isEmpty { SubjectAlternativeNames(names) }
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(validity),
            issuer: issuerName,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: signingKey)
        let pem = try certificate.serializeAsPEM()
        return Issued(certificate: certificate, privateKey: key, certificatePEM: pem.pemString + "\n",
                      privateKeyPEM: key.pemRepresentation + "\n", certificateDER: pem.derBytes)
    }
}
