import Crypto

extension Hashes {
    /// PBKDF2 with HMAC-SHA512 (RFC 8018), as BIP39 uses it to turn a mnemonic into a seed.
    ///
    /// `length` is capped at 64 bytes per block; BIP39 asks for exactly one block.
    public static func pbkdf2SHA512(password: [UInt8], salt: [UInt8], iterations: Int, length: Int = 64) -> [UInt8] {
        let key = SymmetricKey(data: password)
        var output: [UInt8] = []
        output.reserveCapacity(length)
        var block: UInt32 = 1
        while output.count < length {
            let blockIndex: [UInt8] = [UInt8(block >> 24), UInt8(block >> 16 & 0xff), UInt8(block >> 8 & 0xff), UInt8(block & 0xff)]
            var u = Array(HMAC<SHA512>.authenticationCode(for: salt + blockIndex, using: key))
            var t = u
            if iterations > 1 {
                for _ in 1..<iterations {
                    u = Array(HMAC<SHA512>.authenticationCode(for: u, using: key))
                    for i in t.indices { t[i] ^= u[i] }
                }
            }
            output.append(contentsOf: t.prefix(length - output.count))
            block += 1
        }
        return output
    }
}
