import Crypto

/// Certificate fingerprints as `openssl x509 -fingerprint -sha256` prints them: uppercase hex pairs joined by colons.
public enum TLSFingerprint {
    public static func sha256(der: [UInt8]) -> String {
        SHA256.hash(data: der).map { byte in
            let digits = Array("0123456789ABCDEF")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0xf)]])
        }.joined(separator: ":")
    }
}
