import SovJSON
import SovKeys
import SovPrimitives

/// Recognizes key encodings in text: BIP32 extended keys (xpub/xprv/tpub/tprv) and WIF secrets.
/// (33- and 65-byte hex public keys are routed to `.key` by `Inspector.detect` itself.)
enum KeyKind {
    static func looksLikeKey(_ text: String) -> Bool {
        guard text.utf8.count <= 120, let payload = try? Base58.decodeCheck(text, maxLength: ExtendedKey.encodedSize) else { return false }
        if payload.count == ExtendedKey.encodedSize {
            return (try? ExtendedKey(serialized: payload)) != nil || (try? SLIP132.decode(serialized: payload)) != nil
        }
        return (try? PrivateKey.decodeWIF(text)) != nil
    }
}

extension Inspector {
    /// What a key encodes. Private material is never printed: secrets are only said to be private.
    ///
    /// Extended key (xpub/xprv/tpub/tprv):
    /// - `type`: "xpub", "xprv", "tpub" or "tprv"; `network`: "main", or for test versions the decoding
    ///   network's address family ("test", "regtest"); `private`: whether it holds a secret
    /// - `depth`, `parent_fingerprint` (hex), `child_number` (without the hardened bit), `hardened`
    /// - `chain_code` (hex), `public_key` (compressed, hex), `fingerprint` (its HASH160's first 4 bytes)
    /// - `extended_public_key`: the xpub/tpub of a private key
    ///
    /// WIF secret: `type` "wif", `network`, `private` (true), `compressed`, `public_key`, `x_only`,
    /// `hash160`, and `addresses` (below).
    ///
    /// Hex public key (33 or 65 bytes): `type` "pubkey", `valid` (a curve point), `compressed`,
    /// `public_key`, `x_only` (valid keys), `hash160`, and for a valid key `addresses`.
    /// Hex x-only key (32 bytes, `sov decode key` only): `type` "xonly_pubkey", `valid`, `x_only`, and
    /// for a valid key `addresses` with `p2tr`.
    ///
    /// `addresses` maps `p2pkh`, `p2sh-p2wpkh`, `p2wpkh` and `p2tr` (BIP86 key-path output, no script
    /// tree) to the key's addresses on the network; uncompressed keys have only `p2pkh`. `scripthashes`
    /// gives the Electrum scripthash of each of those output scripts, by the same names.
    func decodeKey(_ input: DecodeInput) throws(DecodingError) -> JSONValue {
        let text: String
        switch input {
        case .binary(let bytes): return try publicKeyJSON(bytes)
        case .text(let t): text = t
        }
        if Hex.isHex(text), let bytes = [UInt8](hex: text) { return try publicKeyJSON(bytes) }
        if let payload = try? Base58.decodeCheck(text, maxLength: ExtendedKey.encodedSize), payload.count == ExtendedKey.encodedSize {
            if let (key, kind) = try SLIP132.decode(serialized: payload) { return slip132JSON(key, kind) }
            return extendedKeyJSON(try ExtendedKey(serialized: payload))
        }
        if let (key, prefix) = try? PrivateKey.decodeWIF(text) { return wifJSON(key, prefix: prefix) }
        throw DecodingError("not a key: expected an xpub/xprv/tpub/tprv (or SLIP-132 ypub/zpub/upub/vpub…), a WIF private key, or a hex public key")
    }

    /// The network to show and encode for: this inspector's when its Base58 prefixes are the key's,
    /// else mainnet or testnet as the key says.
    func keyNetwork(isMainnet: Bool) -> Network {
        if isMainnet == (network == .main) { return network }
        return isMainnet ? .main : .test
    }

    func extendedKeyJSON(_ key: ExtendedKey) -> JSONValue {
        let shown = keyNetwork(isMainnet: key.network == .main)
        var o = JSONObject()
        o.append("type", .string(key.prefix))
        o.append("network", .string(shown.addressFamily))
        o.append("private", .bool(key.isPrivate))
        o.append("depth", .int(key.depth))
        o.append("parent_fingerprint", .string(key.parentFingerprint.hex))
        o.append("child_number", .int(key.childNumber & ~DerivationPath.hardenedBit))
        o.append("hardened", .bool(key.isHardenedChild))
        o.append("chain_code", .string(key.chainCode.hex))
        o.append("public_key", .string(key.publicKey.compressed.hex))
        o.append("fingerprint", .string(key.fingerprint.hex))
        if key.isPrivate { o.append("extended_public_key", .string(key.neutered.encoded)) }
        return .object(o)
    }

    /// A SLIP-0132 key (ypub, zpub, vpub…): the extended key's fields, with `type` its own prefix, plus
    /// `script_type` (the descriptor shape it stands for), `standard` (the same key as xpub/tpub, or
    /// xprv/tprv) and, for a public key, `descriptor`: the account's receive descriptor with checksum.
    func slip132JSON(_ key: ExtendedKey, _ kind: SLIP132.Kind) -> JSONValue {
        guard case .object(var o) = extendedKeyJSON(key) else { return .null }
        o["type"] = .string(kind.prefix)
        o.append("script_type", .string(kind.scriptType))
        o.append("standard", .string(key.encoded))
        if !kind.isPrivate, !kind.scriptType.contains("multi") {
            let body = kind.scriptType == "wpkh" ? "wpkh(\(key.encoded)/0/*)" : "sh(wpkh(\(key.encoded)/0/*))"
            o.append("descriptor", .string(body + "#" + (DescriptorChecksum.checksum(body) ?? "")))
        }
        return .object(o)
    }

    func wifJSON(_ key: PrivateKey, prefix: UInt8) -> JSONValue {
        let shown = keyNetwork(isMainnet: prefix == Network.main.wifPrefix)
        let publicKey = key.publicKey
        var o = JSONObject()
        o.append("type", .string("wif"))
        o.append("network", .string(shown.addressFamily))
        o.append("private", .bool(true))
        o.append("compressed", .bool(key.isCompressed))
        o.append("public_key", .string(publicKey.bytes.hex))
        o.append("x_only", .string(publicKey.xOnly.hex))
        o.append("hash160", .string(publicKey.hash160.hex))
        o.append("addresses", addressesJSON(publicKey, network: shown))
        o.append("scripthashes", scriptHashesJSON(publicKey))
        return .object(o)
    }

    func publicKeyJSON(_ bytes: [UInt8]) throws(DecodingError) -> JSONValue {
        var o = JSONObject()
        if bytes.count == 32 {
            o.append("type", .string("xonly_pubkey"))
            o.append("valid", .bool(XOnlyPublicKey.isValid(bytes)))
            o.append("x_only", .string(bytes.hex))
            if let key = try? XOnlyPublicKey(bytes), let output = try? key.taprootOutputKey(merkleRoot: nil) {
                let address = Address.witness(version: 1, program: output.key.bytes)
                o.append("addresses", .object(JSONObject([("p2tr", .string(address.encoded(for: network)))])))
                o.append("scripthashes", .object(JSONObject([("p2tr", .string(ScriptHash(script: address.scriptPubKey.bytes).hex))])))
            }
            return .object(o)
        }
        guard bytes.count == 33 || bytes.count == 65 else {
            throw DecodingError("a public key is 33 or 65 bytes (or 32 bytes x-only), got \(bytes.count)")
        }
        let key = try? PublicKey(bytes)
        o.append("type", .string("pubkey"))
        o.append("valid", .bool(key != nil))
        o.append("compressed", .bool(bytes.count == 33))
        o.append("public_key", .string(bytes.hex))
        if let key { o.append("x_only", .string(key.xOnly.hex)) }
        o.append("hash160", .string(Hashes.hash160(bytes).hex))
        if let key {
            o.append("addresses", addressesJSON(key, network: network))
            o.append("scripthashes", scriptHashesJSON(key))
        }
        return .object(o)
    }

    /// The Electrum scripthash of each standard output script of `key`, by the same names as `addresses`.
    func scriptHashesJSON(_ key: PublicKey) -> JSONValue {
        .object(JSONObject(key.standardAddresses.map { ($0.name, .string(ScriptHash(script: $0.address.scriptPubKey.bytes).hex)) }))
    }

    func addressesJSON(_ key: PublicKey, network: Network) -> JSONValue {
        .object(JSONObject(key.standardAddresses.map { ($0.name, .string($0.address.encoded(for: network))) }))
    }
}
