/// Base58 and Base58Check (Satoshi's alphabet).
public enum Base58 {
    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    static let decodeTable: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = Int8(i) }
        return t
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        let zeros = bytes.prefix { $0 == 0 }.count
        // Big-endian base-58^5 limbs: five digits per UInt32 keeps the quadratic loop short.
        var limbs: [UInt32] = []
        limbs.reserveCapacity(bytes.count / 3 + 1)
        let limbBase: UInt64 = 656_356_768  // 58^5
        for byte in bytes[zeros...] {
            var carry = UInt64(byte)
            for i in limbs.indices.reversed() {
                carry += UInt64(limbs[i]) << 8
                limbs[i] = UInt32(carry % limbBase)
                carry /= limbBase
            }
            while carry > 0 { limbs.insert(UInt32(carry % limbBase), at: 0); carry /= limbBase }
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(limbs.count * 5)
        for (i, limb) in limbs.enumerated() {
            var value = limb
            var chunk = [UInt8](repeating: 0, count: 5)
            for j in stride(from: 4, through: 0, by: -1) { chunk[j] = UInt8(value % 58); value /= 58 }
            if i == 0 { digits.append(contentsOf: chunk.drop { $0 == 0 }) } else { digits.append(contentsOf: chunk) }
        }
        var out = [UInt8](repeating: alphabet[0], count: zeros)
        out.append(contentsOf: digits.map { alphabet[Int($0)] })
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes Base58; `maxLength` bounds the output to keep hostile input cheap.
    public static func decode(_ text: String, maxLength: Int = 256) throws(DecodingError) -> [UInt8] {
        let chars = Array(text.utf8)
        guard chars.count <= maxLength * 138 / 100 + 2 else { throw DecodingError("Base58 string too long") }
        let zeros = chars.prefix { $0 == alphabet[0] }.count
        var bytes: [UInt8] = []  // little-endian
        for (offset, c) in chars.enumerated().dropFirst(zeros) {
            let value = decodeTable[Int(c)]
            guard value >= 0 else { throw DecodingError(offset: offset, "invalid Base58 character '\(Character(Unicode.Scalar(c)))'") }
            var carry = Int(value)
            for i in bytes.indices {
                carry += Int(bytes[i]) * 58
                bytes[i] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 { bytes.append(UInt8(carry & 0xff)); carry >>= 8 }
        }
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }

    public static func encodeCheck(_ payload: [UInt8]) -> String {
        encode(payload + Hashes.hash256(payload).prefix(4))
    }

    public static func decodeCheck(_ text: String, maxLength: Int = 256) throws(DecodingError) -> [UInt8] {
        let raw = try decode(text, maxLength: maxLength + 4)
        guard raw.count >= 4 else { throw DecodingError("Base58Check data too short") }
        let payload = Array(raw.dropLast(4))
        guard Hashes.hash256(payload).prefix(4).elementsEqual(raw.suffix(4)) else {
            throw DecodingError("Base58Check checksum mismatch")
        }
        return payload
    }
}
