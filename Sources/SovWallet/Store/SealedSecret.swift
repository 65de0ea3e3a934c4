import CSodium

/// A secret sealed under a passphrase (libsodium): the key comes from Argon2id, memory-hard, with a random
/// salt; the secret is encrypted and authenticated with XChaCha20-Poly1305 under a random nonce. The header
/// (format, KDF cost, salt, nonce) is authenticated too, so none of it can be changed unnoticed.
///
/// Layout: `"SOVKEYS1"` (8 bytes), Argon2id operations and memory (8 bytes each, little-endian), salt (16),
/// nonce (24), then the ciphertext with its 16-byte tag.
public enum SealedSecret {
    static let magic = Array("SOVKEYS1".utf8)
    /// Argon2id cost: 3 passes over 64 MiB (libsodium's "interactive" memory with one more pass): about a
    /// quarter of a second here, and 64 MiB for every guess.
    static let operations: UInt64 = 3
    static let memory: UInt64 = 64 << 20
    static let headerSize = 8 + 8 + 8 + 16 + 24

    /// Why a sealed secret could not be opened.
    public enum Failure: Error, Sendable, Equatable {
        /// The passphrase is not the one it was sealed with (or the file was changed: the two cannot be told apart).
        case wrongPassphrase
        /// Not a sealed secret sov can read.
        case malformed(String)
        /// libsodium could not run (no memory for Argon2id, or it did not initialize).
        case unavailable(String)
    }

    private static let initialized: Bool = sodium_init() >= 0

    /// `secret` sealed under `passphrase`.
    public static func seal(_ secret: [UInt8], passphrase: [UInt8]) throws(Failure) -> [UInt8] {
        guard initialized else { throw .unavailable("libsodium did not initialize") }
        var salt = [UInt8](repeating: 0, count: Int(crypto_pwhash_saltbytes()))
        var nonce = [UInt8](repeating: 0, count: Int(crypto_aead_xchacha20poly1305_ietf_npubbytes()))
        randombytes_buf(&salt, salt.count)
        randombytes_buf(&nonce, nonce.count)
        var header = magic
        withUnsafeBytes(of: operations.littleEndian) { header += $0 }
        withUnsafeBytes(of: memory.littleEndian) { header += $0 }
        header += salt + nonce
        var key = try deriveKey(passphrase: passphrase, salt: salt, operations: operations, memory: memory)
        defer { sodium_memzero(&key, key.count) }
        var sealed = [UInt8](repeating: 0, count: secret.count + Int(crypto_aead_xchacha20poly1305_ietf_abytes()))
        var length: UInt64 = 0
        guard crypto_aead_xchacha20poly1305_ietf_encrypt(&sealed, &length, secret, UInt64(secret.count), header, UInt64(header.count),
                                                          nil, nonce, key) == 0 else { throw .unavailable("encryption failed") }
        return header + sealed.prefix(Int(length))
    }

    /// The secret in `sealed`, if `passphrase` is the one it was sealed with.
    public static func open(_ sealed: [UInt8], passphrase: [UInt8]) throws(Failure) -> [UInt8] {
        guard initialized else { throw .unavailable("libsodium did not initialize") }
        guard sealed.count >= headerSize + Int(crypto_aead_xchacha20poly1305_ietf_abytes()), Array(sealed.prefix(8)) == magic else {
            throw .malformed("not a sov key file")
        }
        func uint64(at offset: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(sealed[offset + $1]) << (8 * UInt64($1)) } }
        let operations = uint64(at: 8), memory = uint64(at: 16)
        // Costs within libsodium's limits and not absurd (a changed header must not make sov allocate terabytes).
        guard operations >= UInt64(crypto_pwhash_opslimit_min()), operations <= 64,
              memory >= UInt64(crypto_pwhash_memlimit_min()), memory <= 4 << 30 else {
            throw .malformed("its key derivation cost is out of range")
        }
        let salt = Array(sealed[24..<40]), nonce = Array(sealed[40..<64])
        let header = Array(sealed.prefix(headerSize)), body = Array(sealed.dropFirst(headerSize))
        var key = try deriveKey(passphrase: passphrase, salt: salt, operations: operations, memory: memory)
        defer { sodium_memzero(&key, key.count) }
        var secret = [UInt8](repeating: 0, count: body.count)
        var length: UInt64 = 0
        guard crypto_aead_xchacha20poly1305_ietf_decrypt(&secret, &length, nil, body, UInt64(body.count), header, UInt64(header.count),
                                                          nonce, key) == 0 else { throw .wrongPassphrase }
        return Array(secret.prefix(Int(length)))
    }

    private static func deriveKey(passphrase: [UInt8], salt: [UInt8], operations: UInt64, memory: UInt64) throws(Failure) -> [UInt8] {
        var key = [UInt8](repeating: 0, count: Int(crypto_aead_xchacha20poly1305_ietf_keybytes()))
        // A terminated copy, so that even an empty passphrase has an address.
        var characters = passphrase.map { CChar(bitPattern: $0) } + [0]
        defer { sodium_memzero(&characters, characters.count) }
        let result = crypto_pwhash(&key, UInt64(key.count), characters, UInt64(passphrase.count), salt, operations, Int(memory),
                                   crypto_pwhash_alg_argon2id13())
        guard result == 0 else { throw .unavailable("Argon2id could not get \(memory >> 20) MiB of memory") }
        return key
    }
}
