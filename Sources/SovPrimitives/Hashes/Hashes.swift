import Crypto

/// The hash functions Bitcoin uses, over byte arrays.
public enum Hashes {
    public static func sha256<C: Collection>(_ data: C) -> [UInt8] where C.Element == UInt8 {
        if let digest = data.withContiguousStorageIfAvailable({ SHA256.hash(data: UnsafeRawBufferPointer($0)) }) {
            return Array(digest)
        }
        return Array(SHA256.hash(data: Array(data)))
    }

    /// SHA-256 applied twice: txids, block hashes, Base58Check checksums.
    public static func hash256<C: Collection>(_ data: C) -> [UInt8] where C.Element == UInt8 {
        sha256(sha256(data))
    }

    public static func ripemd160<C: Collection>(_ data: C) -> [UInt8] where C.Element == UInt8 {
        RIPEMD160.hash(data)
    }

    /// RIPEMD-160 of SHA-256: public key and script hashes in addresses.
    public static func hash160<C: Collection>(_ data: C) -> [UInt8] where C.Element == UInt8 {
        RIPEMD160.hash(sha256(data))
    }

    public static func hmacSHA512(key: [UInt8], data: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA512>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }

    public static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }

    public static func sha512(_ data: [UInt8]) -> [UInt8] { Array(SHA512.hash(data: data)) }

    /// BIP340 tagged hash: SHA256(SHA256(tag) || SHA256(tag) || data).
    public static func tagged(_ tag: String, _ data: [UInt8]) -> [UInt8] {
        let tagHash = sha256(Array(tag.utf8))
        var hasher = SHA256()
        hasher.update(data: tagHash)
        hasher.update(data: tagHash)
        hasher.update(data: data)
        return Array(hasher.finalize())
    }

    /// The Electrum protocol's script hash: SHA-256 of the script, shown byte-reversed in hex.
    public static func electrumScriptHash(_ script: [UInt8]) -> String { Hex.encodeReversed(sha256(script)) }
}
