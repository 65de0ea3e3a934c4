import CSecp256k1
import SovPrimitives

/// A secp256k1 public key (compressed or uncompressed), validated by libsecp256k1.
public struct PublicKey: Hashable, Sendable {
    /// The serialized key as given (33 or 65 bytes).
    public let bytes: [UInt8]

    /// Parses and validates a serialized key: it must be a point on the curve.
    public init(_ bytes: [UInt8]) throws(DecodingError) {
        guard bytes.count == 33 || bytes.count == 65 else { throw DecodingError("public key must be 33 or 65 bytes, got \(bytes.count)") }
        guard PublicKey.isFullyValid(bytes) else { throw DecodingError("not a valid secp256k1 public key") }
        self.bytes = bytes
    }

    public var isCompressed: Bool { bytes.count == 33 }

    /// Core's `CPubKey::IsFullyValid`: a parseable point (hybrid 06/07 encodings accepted by libsecp256k1).
    public static func isFullyValid(_ bytes: [UInt8]) -> Bool {
        guard ScriptTemplate.isValidPubKeySize(bytes) else { return false }
        var key = secp256k1_pubkey()
        return secp256k1_ec_pubkey_parse(Secp256k1Context.shared.pointer, &key, bytes, bytes.count) == 1
    }

    /// The key in 33-byte compressed form.
    public var compressed: [UInt8] { serialize(compressed: true) }
    public var uncompressed: [UInt8] { serialize(compressed: false) }

    func serialize(compressed: Bool) -> [UInt8] {
        var key = secp256k1_pubkey()
        _ = secp256k1_ec_pubkey_parse(Secp256k1Context.shared.pointer, &key, bytes, bytes.count)
        var out = [UInt8](repeating: 0, count: compressed ? 33 : 65)
        var length = out.count
        _ = secp256k1_ec_pubkey_serialize(Secp256k1Context.shared.pointer, &out, &length, &key,
                                          UInt32(compressed ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED))
        return out
    }

    public var hash160: [UInt8] { Hashes.hash160(bytes) }

    /// The x-only (BIP340) form: the 32-byte x coordinate.
    public var xOnly: [UInt8] { Array(compressed.dropFirst()) }
}

/// BIP340 x-only public keys.
public enum XOnlyPublicKey {
    /// Whether 32 bytes are the x coordinate of a curve point (Core's `XOnlyPubKey::IsFullyValid`).
    public static func isValid(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 32 else { return false }
        var key = secp256k1_xonly_pubkey()
        return secp256k1_xonly_pubkey_parse(Secp256k1Context.shared.pointer, &key, bytes) == 1
    }
}
