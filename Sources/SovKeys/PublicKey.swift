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

    /// Wraps bytes already known to be a valid key.
    init(validated bytes: [UInt8]) { self.bytes = bytes }

    /// Wraps a key libsecp256k1 produced, serialized in the form asked for.
    init(point: secp256k1_pubkey, compressed: Bool) {
        var key = point
        var out = [UInt8](repeating: 0, count: compressed ? 33 : 65)
        var length = out.count
        _ = secp256k1_ec_pubkey_serialize(Secp256k1Context.shared.pointer, &out, &length, &key,
                                          UInt32(compressed ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED))
        bytes = out
    }

    public var isCompressed: Bool { bytes.count == 33 }

    /// Whether the key uses the hybrid encoding (header 06 or 07), which descriptors and Core's wallet refuse.
    public var isHybrid: Bool { bytes.first == 6 || bytes.first == 7 }

    /// Core's `CPubKey::IsFullyValid`: a parseable point (hybrid 06/07 encodings accepted by libsecp256k1).
    public static func isFullyValid(_ bytes: [UInt8]) -> Bool {
        guard ScriptTemplate.isValidPubKeySize(bytes) else { return false }
        var key = secp256k1_pubkey()
        return secp256k1_ec_pubkey_parse(Secp256k1Context.shared.pointer, &key, bytes, bytes.count) == 1
    }

    /// The parsed point (always succeeds: the bytes were validated on construction).
    var point: secp256k1_pubkey {
        var key = secp256k1_pubkey()
        _ = secp256k1_ec_pubkey_parse(Secp256k1Context.shared.pointer, &key, bytes, bytes.count)
        return key
    }

    /// The key in 33-byte compressed form.
    public var compressed: [UInt8] { serialize(compressed: true) }
    public var uncompressed: [UInt8] { serialize(compressed: false) }

    func serialize(compressed: Bool) -> [UInt8] {
        PublicKey(point: point, compressed: compressed).bytes
    }

    public var hash160: [UInt8] { Hashes.hash160(bytes) }

    /// The x-only (BIP340) form: the 32-byte x coordinate.
    public var xOnly: [UInt8] { Array(compressed.dropFirst()) }

    /// `self + tweak·G` (`secp256k1_ec_pubkey_tweak_add`), keeping this key's compression.
    /// Throws when the tweak is not below the curve order or the result is the point at infinity.
    public func tweakedAdd(_ tweak: [UInt8]) throws(DecodingError) -> PublicKey {
        guard tweak.count == 32 else { throw DecodingError("tweak must be 32 bytes, got \(tweak.count)") }
        var key = point
        guard secp256k1_ec_pubkey_tweak_add(Secp256k1Context.shared.pointer, &key, tweak) == 1 else {
            throw DecodingError("public key tweak is out of range")
        }
        return PublicKey(point: key, compressed: isCompressed)
    }

    /// The standard single-key destinations of this key: P2PKH always; P2SH-P2WPKH, P2WPKH and BIP86
    /// key-path P2TR only for compressed keys (as Core's wallet and descriptors allow).
    public var standardAddresses: [(name: String, address: Address)] {
        var out: [(String, Address)] = [("p2pkh", .pubkeyHash(hash160))]
        guard isCompressed else { return out }
        let witness = Address.witness(version: 0, program: hash160)
        out.append(("p2sh-p2wpkh", .scriptHash(Hashes.hash160(witness.scriptPubKey.bytes))))
        out.append(("p2wpkh", witness))
        if let output = try? XOnlyPublicKey(self).taprootOutputKey(merkleRoot: nil) {
            out.append(("p2tr", .witness(version: 1, program: output.key.bytes)))
        }
        return out
    }
}

extension PublicKey: Comparable {
    /// Orders keys by their serialized bytes, as `sortedmulti` does (BIP67).
    public static func < (lhs: PublicKey, rhs: PublicKey) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
