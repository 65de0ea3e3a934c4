import Crypto

/// The hash functions Bitcoin uses, over byte arrays.
public enum Hashes {
    public static func sha256<C: Collection>(_ data: C) -> [UInt8] where C.Element == UInt8 {
        digest(of: data).withUnsafeBytes { Array($0) }
    }

    /// SHA-256 applied twice: txids, block hashes, Base58Check checksums.
    public static func hash256<C: Collection>(_ data: C) -> [UInt8] where C.Element == UInt8 {
        hash256Digest(of: data).withUnsafeBytes { Array($0) }
    }

    /// SHA-256 held inline, without an intermediate array (script hashes).
    public static func sha256Hash32<C: Collection>(_ data: C) -> Hash32 where C.Element == UInt8 {
        digest(of: data).withUnsafeBytes { Hash32($0)! }
    }

    /// SHA-256 of bytes in memory, held inline.
    public static func sha256Hash32(_ buffer: UnsafeRawBufferPointer) -> Hash32 {
        SHA256.hash(data: buffer).withUnsafeBytes { Hash32(loadingFrom: $0) }
    }

    /// SHA-256 applied twice, held inline (txids, block hashes).
    public static func hash256Hash32<C: Collection>(_ data: C) -> Hash32 where C.Element == UInt8 {
        hash256Digest(of: data).withUnsafeBytes { Hash32($0)! }
    }

    /// SHA-256 applied twice to the bytes of `buffer` in `ranges`, one after another, held inline: a txid
    /// straight from a transaction's bytes, without its segwit marker, flag and witnesses.
    public static func hash256Hash32(_ buffer: UnsafeRawBufferPointer, _ ranges: Range<Int>...) -> Hash32 {
        var hasher = SHA256()
        for range in ranges { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[range])) }
        return hasher.finalize().withUnsafeBytes { SHA256.hash(data: $0) }.withUnsafeBytes { Hash32(loadingFrom: $0) }
    }

    private static func digest<C: Collection>(of data: C) -> SHA256Digest where C.Element == UInt8 {
        if let digest = data.withContiguousStorageIfAvailable({ SHA256.hash(data: UnsafeRawBufferPointer($0)) }) { return digest }
        return SHA256.hash(data: Array(data))
    }

    private static func hash256Digest<C: Collection>(of data: C) -> SHA256Digest where C.Element == UInt8 {
        digest(of: data).withUnsafeBytes { SHA256.hash(data: $0) }
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
}
