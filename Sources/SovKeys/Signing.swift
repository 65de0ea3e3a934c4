import CSecp256k1
import SovPrimitives

extension PrivateKey {
    /// An ECDSA signature of the 32-byte `digest`, DER-encoded, low-S, and with a low R as Bitcoin Core grinds
    /// it (`CKey::Sign` with `grind`): RFC 6979 nonces with an extra-entropy counter until R's first byte is
    /// below 0x80, which makes the signature at most 71 bytes. Deterministic for a key and digest.
    public func signECDSA(digest: [UInt8]) throws(DecodingError) -> [UInt8] {
        guard digest.count == 32 else { throw DecodingError("a signature digest must be 32 bytes, got \(digest.count)") }
        let context = Secp256k1Context.shared.pointer
        var signature = secp256k1_ecdsa_signature()
        var counter: UInt32 = 0
        var compact = [UInt8](repeating: 0, count: 64)
        while true {
            var entropy = [UInt8](repeating: 0, count: 32)
            withUnsafeBytes(of: counter.littleEndian) { for (i, b) in $0.enumerated() { entropy[i] = b } }
            let signed = counter == 0
                ? secp256k1_ecdsa_sign(context, &signature, digest, bytes, secp256k1_nonce_function_rfc6979, nil)
                : secp256k1_ecdsa_sign(context, &signature, digest, bytes, secp256k1_nonce_function_rfc6979, entropy)
            guard signed == 1 else { throw DecodingError("signing failed") }
            _ = secp256k1_ecdsa_signature_serialize_compact(context, &compact, &signature)
            if compact[0] < 0x80 { break }
            counter += 1
        }
        var der = [UInt8](repeating: 0, count: 72)
        var length = der.count
        _ = secp256k1_ecdsa_signature_serialize_der(context, &der, &length, &signature)
        return Array(der.prefix(length))
    }

    /// A BIP340 Schnorr signature (64 bytes) of the 32-byte `digest`, with `auxiliaryRandom` (32 bytes; nil
    /// for none, as BIP340 allows).
    public func signSchnorr(digest: [UInt8], auxiliaryRandom: [UInt8]?) throws(DecodingError) -> [UInt8] {
        guard digest.count == 32 else { throw DecodingError("a signature digest must be 32 bytes, got \(digest.count)") }
        guard auxiliaryRandom == nil || auxiliaryRandom?.count == 32 else { throw DecodingError("auxiliary randomness must be 32 bytes") }
        let context = Secp256k1Context.shared.pointer
        var keypair = secp256k1_keypair()
        guard secp256k1_keypair_create(context, &keypair, bytes) == 1 else { throw DecodingError("invalid secret key") }
        var signature = [UInt8](repeating: 0, count: 64)
        let signed: Int32
        if let auxiliaryRandom {
            signed = secp256k1_schnorrsig_sign32(context, &signature, digest, &keypair, auxiliaryRandom)
        } else {
            signed = secp256k1_schnorrsig_sign32(context, &signature, digest, &keypair, nil)
        }
        guard signed == 1 else { throw DecodingError("signing failed") }
        return signature
    }

    /// The BIP341 output key's secret for this internal key: negated if its point has odd y, then tweaked by
    /// `TapTweak(xonly || merkleRoot)` (no merkle root for a key-path-only output, BIP86).
    public func taprootTweaked(merkleRoot: [UInt8]?) throws(DecodingError) -> PrivateKey {
        let context = Secp256k1Context.shared.pointer
        var keypair = secp256k1_keypair()
        guard secp256k1_keypair_create(context, &keypair, bytes) == 1 else { throw DecodingError("invalid secret key") }
        var internalKey = secp256k1_xonly_pubkey()
        _ = secp256k1_keypair_xonly_pub(context, &internalKey, nil, &keypair)
        var xOnly = [UInt8](repeating: 0, count: 32)
        _ = secp256k1_xonly_pubkey_serialize(context, &xOnly, &internalKey)
        let tweak = TaprootTree.tweakHash(internalKey: xOnly, merkleRoot: merkleRoot)
        guard secp256k1_keypair_xonly_tweak_add(context, &keypair, tweak) == 1 else { throw DecodingError("taproot tweak out of range") }
        var secret = [UInt8](repeating: 0, count: 32)
        _ = secp256k1_keypair_sec(context, &secret, &keypair)
        return try PrivateKey(secret, compressed: true)
    }

    /// The x-only public key of this secret (BIP340).
    public var xOnlyPublicKey: XOnlyPublicKey {
        // The compressed key's x coordinate is a valid x-only key.
        (try? XOnlyPublicKey(publicKey.xOnly)) ?? XOnlyPublicKey(publicKey)
    }
}

extension PublicKey {
    /// Whether `der` (a DER-encoded ECDSA signature, without a sighash byte) signs `digest` with this key.
    /// High-S signatures are normalized first, as Core's script check does not (policy) but consensus does.
    public func verifyECDSA(signature der: [UInt8], digest: [UInt8]) -> Bool {
        guard digest.count == 32 else { return false }
        let context = Secp256k1Context.shared.pointer
        var signature = secp256k1_ecdsa_signature()
        var key = secp256k1_pubkey()
        guard secp256k1_ecdsa_signature_parse_der(context, &signature, der, der.count) == 1,
              secp256k1_ec_pubkey_parse(context, &key, bytes, bytes.count) == 1 else { return false }
        var normalized = secp256k1_ecdsa_signature()
        _ = secp256k1_ecdsa_signature_normalize(context, &normalized, &signature)
        return secp256k1_ecdsa_verify(context, &normalized, digest, &key) == 1
    }
}

extension XOnlyPublicKey {
    /// Whether the 64-byte BIP340 `signature` signs the 32-byte `message` with this key.
    public func verifySchnorr(signature: [UInt8], message: [UInt8]) -> Bool {
        guard signature.count == 64 else { return false }
        let context = Secp256k1Context.shared.pointer
        var key = secp256k1_xonly_pubkey()
        guard secp256k1_xonly_pubkey_parse(context, &key, bytes) == 1 else { return false }
        return secp256k1_schnorrsig_verify(context, signature, message, message.count, &key) == 1
    }
}
