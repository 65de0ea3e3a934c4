import CSecp256k1
import SovPrimitives

/// A secp256k1 secret key: 32 bytes in 1…n−1 (checked by `secp256k1_ec_seckey_verify`), with the flag that
/// says whether its public key is used compressed (the WIF suffix byte 01).
///
/// `description` never shows the secret.
public struct PrivateKey: Hashable, Sendable, CustomStringConvertible {
    /// The 32-byte secret.
    public let bytes: [UInt8]
    /// Whether the public key is serialized compressed (33 bytes).
    public let isCompressed: Bool

    /// Validates a 32-byte secret.
    public init(_ bytes: [UInt8], compressed: Bool = true) throws(DecodingError) {
        guard bytes.count == 32 else { throw DecodingError("private key must be 32 bytes, got \(bytes.count)") }
        guard PrivateKey.isValid(bytes) else { throw DecodingError("private key is zero or not below the curve order") }
        self.bytes = bytes
        self.isCompressed = compressed
    }

    /// Whether 32 bytes are a valid secret key (non-zero, below the curve order).
    public static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.count == 32 && secp256k1_ec_seckey_verify(Secp256k1Context.shared.pointer, bytes) == 1
    }

    /// Decodes a WIF string of `network` (Core's `DecodeSecret`): Base58Check of the network's secret-key
    /// prefix, the 32-byte key, and 01 when compressed.
    public init(wif: String, network: Network) throws(DecodingError) {
        let decoded = try PrivateKey.decodeWIF(wif)
        guard decoded.prefix == network.wifPrefix else {
            throw DecodingError("WIF prefix \(decoded.prefix) is not the \(network.rawValue) prefix \(network.wifPrefix)")
        }
        self = decoded.key
    }

    /// Decodes a WIF string of any network, returning the key and its prefix byte (0x80 main, 0xef test).
    public static func decodeWIF(_ text: String) throws(DecodingError) -> (key: PrivateKey, prefix: UInt8) {
        let payload = try Base58.decodeCheck(text, maxLength: 34)
        guard payload.count == 33 || (payload.count == 34 && payload[33] == 1) else {
            throw DecodingError("WIF payload must be 33 bytes, or 34 ending in 01, got \(payload.count)")
        }
        let prefix = payload[0]
        guard Network.allCases.contains(where: { $0.wifPrefix == prefix }) else {
            throw DecodingError("WIF prefix \(prefix) is not a known network's")
        }
        return (try PrivateKey(Array(payload[1..<33]), compressed: payload.count == 34), prefix)
    }

    /// The WIF encoding of this key on `network` (Core's `EncodeSecret`).
    public func wif(for network: Network) -> String {
        Base58.encodeCheck([network.wifPrefix] + bytes + (isCompressed ? [1] : []))
    }

    /// The public key (`secp256k1_ec_pubkey_create`), compressed or not as this key says.
    public var publicKey: PublicKey {
        var point = secp256k1_pubkey()
        _ = secp256k1_ec_pubkey_create(Secp256k1Context.shared.pointer, &point, bytes)
        return PublicKey(point: point, compressed: isCompressed)
    }

    /// `self + tweak mod n` (`secp256k1_ec_seckey_tweak_add`). Throws when the tweak is not below the
    /// curve order or the sum is zero.
    public func tweakedAdd(_ tweak: [UInt8]) throws(DecodingError) -> PrivateKey {
        guard tweak.count == 32 else { throw DecodingError("tweak must be 32 bytes, got \(tweak.count)") }
        var out = bytes
        guard secp256k1_ec_seckey_tweak_add(Secp256k1Context.shared.pointer, &out, tweak) == 1 else {
            throw DecodingError("private key tweak is out of range")
        }
        return try PrivateKey(out, compressed: isCompressed)
    }

    public var description: String { "PrivateKey(\(isCompressed ? "compressed" : "uncompressed"), secret hidden)" }
}
