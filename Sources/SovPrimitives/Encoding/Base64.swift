/// Standard Base64 (RFC 4648 alphabet, `=` padding), decoded as strictly as Bitcoin Core's `DecodeBase64`.
public enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let decodeTable: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = Int8(i) }
        return t
    }()

    /// Encodes with padding, as Core's `EncodeBase64`.
    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out = BitGroups.encode(bytes, bits: 6, alphabet: alphabet)
        while out.count % 4 != 0 { out.append(UInt8(ascii: "=")) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes Base64 with Core's rules: the length is a multiple of four, at most two `=` and only at the
    /// end, no character outside the alphabet (no whitespace), and the unused low bits of the last
    /// character are zero. Throws with the offset of the first offending character.
    public static func decode(_ text: some StringProtocol) throws(DecodingError) -> [UInt8] {
        var chars = Array(text.utf8)
        guard chars.count % 4 == 0 else {
            throw DecodingError(offset: chars.count, "Base64 length \(chars.count) is not a multiple of 4")
        }
        if chars.last == UInt8(ascii: "=") { chars.removeLast() }
        if chars.last == UInt8(ascii: "=") { chars.removeLast() }
        var out = [UInt8]()
        out.reserveCapacity(chars.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for (offset, c) in chars.enumerated() {
            let value = decodeTable[Int(c)]
            guard value >= 0 else { throw DecodingError(offset: offset, "invalid Base64 character") }
            accumulator = (accumulator << 6 | UInt32(value)) & 0x3fff
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(accumulator >> UInt32(bits) & 0xff))
            }
        }
        guard bits < 6, accumulator << UInt32(8 - bits) & 0xff == 0 else {
            throw DecodingError(offset: chars.count, "Base64 has non-zero padding bits")
        }
        return out
    }
}
