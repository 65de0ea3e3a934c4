import CSecp256k1
import SovPrimitives

/// A BIP340 x-only public key: the 32-byte x coordinate of a curve point with even y.
public struct XOnlyPublicKey: Hashable, Sendable {
    public let bytes: [UInt8]

    /// Parses and validates 32 bytes as the x coordinate of a curve point.
    public init(_ bytes: [UInt8]) throws(DecodingError) {
        guard bytes.count == 32 else { throw DecodingError("x-only public key must be 32 bytes, got \(bytes.count)") }
        guard XOnlyPublicKey.isValid(bytes) else { throw DecodingError("not a valid x-only public key") }
        self.bytes = bytes
    }

    /// The x-only form of a full key (its parity dropped).
    public init(_ key: PublicKey) {
        bytes = key.xOnly
    }

    /// Whether 32 bytes are the x coordinate of a curve point (Core's `XOnlyPubKey::IsFullyValid`).
    public static func isValid(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 32 else { return false }
        var key = secp256k1_xonly_pubkey()
        return secp256k1_xonly_pubkey_parse(Secp256k1Context.shared.pointer, &key, bytes) == 1
    }

    /// The full compressed key with even y that this x-only key stands for.
    public var evenPublicKey: PublicKey {
        // Valid by construction: an x coordinate on the curve with the even-y header.
        PublicKey(validated: [0x02] + bytes)
    }

    /// `self + tweak·G` (`secp256k1_xonly_pubkey_tweak_add`): the resulting x-only key and whether its
    /// full point has odd y (the parity bit of a taproot control block).
    public func tweakedAdd(_ tweak: [UInt8]) throws(DecodingError) -> (key: XOnlyPublicKey, parityOdd: Bool) {
        guard tweak.count == 32 else { throw DecodingError("tweak must be 32 bytes, got \(tweak.count)") }
        let context = Secp256k1Context.shared.pointer
        var internalKey = secp256k1_xonly_pubkey()
        guard secp256k1_xonly_pubkey_parse(context, &internalKey, bytes) == 1 else { throw DecodingError("not a valid x-only public key") }
        var full = secp256k1_pubkey()
        guard secp256k1_xonly_pubkey_tweak_add(context, &full, &internalKey, tweak) == 1 else {
            throw DecodingError("x-only public key tweak is out of range")
        }
        var output = secp256k1_xonly_pubkey()
        var parity: Int32 = 0
        guard secp256k1_xonly_pubkey_from_pubkey(context, &output, &parity, &full) == 1 else {
            throw DecodingError("tweaked key is not valid")
        }
        var out = [UInt8](repeating: 0, count: 32)
        _ = secp256k1_xonly_pubkey_serialize(context, &out, &output)
        return (XOnlyPublicKey(validated: out), parity == 1)
    }

    /// The BIP341 taproot output key for this internal key: tweaked by `TapTweak(self || merkleRoot)`,
    /// with no Merkle root for a key-path-only output (BIP86).
    public func taprootOutputKey(merkleRoot: [UInt8]?) throws(DecodingError) -> (key: XOnlyPublicKey, parityOdd: Bool) {
        try tweakedAdd(TaprootTree.tweakHash(internalKey: bytes, merkleRoot: merkleRoot))
    }

    /// The output script `OP_1 <output key>` of a taproot output with this internal key.
    public func taprootScriptPubKey(merkleRoot: [UInt8]?) throws(DecodingError) -> Script {
        Address.witness(version: 1, program: try taprootOutputKey(merkleRoot: merkleRoot).key.bytes).scriptPubKey
    }

    private init(validated bytes: [UInt8]) { self.bytes = bytes }
}

extension XOnlyPublicKey: Comparable {
    /// Orders keys by their bytes, as `sortedmulti_a` does.
    public static func < (lhs: XOnlyPublicKey, rhs: XOnlyPublicKey) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
