import FoundationEssentials
import NIOSSL
import SovPrimitives

/// SHA-256 fingerprints of certificates, written as `openssl x509 -fingerprint -sha256` writes them:
/// uppercase hex bytes separated by colons (`AB:CD:…`, 95 characters).
public enum CertificateFingerprint {
    /// The fingerprint of a DER-encoded certificate.
    public static func sha256(der: [UInt8]) -> String {
        Hashes.sha256(der).map { Hex.encode([$0]).uppercased() }.joined(separator: ":")
    }

    /// The fingerprint of a certificate as NIOSSL holds it (the peer certificate of a TLS connection).
    public static func sha256(_ certificate: NIOSSLCertificate) throws -> String {
        sha256(der: try certificate.toDERBytes())
    }

    /// The fingerprint of the first certificate in PEM text.
    public static func sha256(pem: String) throws -> String {
        guard let first = try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)).first else {
            throw NIOSSLError.failedToLoadCertificate
        }
        return try sha256(first)
    }

    /// A fingerprint in the canonical form, accepting lowercase, missing colons and a `sha256:` or
    /// `SHA256 Fingerprint=` prefix; nil unless it is 32 bytes of hex.
    public static func normalized(_ text: String) -> String? {
        var text = Substring(text.trimmingWhitespace())
        if let equals = text.firstIndex(of: "=") { text = text[text.index(after: equals)...] }
        if text.lowercased().hasPrefix("sha256:") { text = text.dropFirst(7) }
        let hex = text.filter { $0 != ":" }.uppercased()
        guard hex.count == 64, hex.allSatisfy({ ("0"..."9").contains($0) || ("A"..."F").contains($0) }) else { return nil }
        var pairs: [String] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            pairs.append(String(hex[index..<next]))
            index = next
        }
        return pairs.joined(separator: ":")
    }
}
