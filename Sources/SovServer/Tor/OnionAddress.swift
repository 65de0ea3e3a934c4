import SovPrimitives

/// A v3 onion address: 56 Base32 characters (the service's ed25519 key, a 2-byte checksum and the version
/// byte 3) and `.onion`.
public enum OnionAddress {
    /// Whether `text` has the form of a v3 address (the checksum, a SHA3-256, is Tor's to check).
    public static func isValid(_ text: String) -> Bool {
        guard text.count == 62, text.lowercased().hasSuffix(".onion") else { return false }
        guard let bytes = Base32.decode(String(text.prefix(56))), bytes.count == 35 else { return false }
        return bytes[34] == 3
    }

    /// The service id Tor's control commands take: the address without `.onion`.
    public static func serviceID(_ address: String) -> String {
        String(address.lowercased().prefix(56))
    }
}
