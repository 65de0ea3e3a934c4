/// The 8-character checksum of output descriptors (BIP380, Core's `DescriptorChecksum`).
public enum DescriptorChecksum {
    static let inputCharset = Array("0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ".utf8)
    static let checksumCharset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    static let position: [Int] = {
        var t = [Int](repeating: -1, count: 256)
        for (i, c) in inputCharset.enumerated() { t[Int(c)] = i }
        return t
    }()

    static func polymod(_ c: UInt64, _ val: Int) -> UInt64 {
        let c0 = UInt8(c >> 35)
        var c = (c & 0x7_ffff_ffff) << 5 ^ UInt64(val)
        if c0 & 1 != 0 { c ^= 0xf5dee51989 }
        if c0 & 2 != 0 { c ^= 0xa9fdca3312 }
        if c0 & 4 != 0 { c ^= 0x1bab10e32d }
        if c0 & 8 != 0 { c ^= 0x3706b1677a }
        if c0 & 16 != 0 { c ^= 0x644d626ffd }
        return c
    }

    /// The checksum of `descriptor` (without `#`), or nil if it has a character descriptors do not allow.
    public static func checksum(_ descriptor: String) -> String? {
        var c: UInt64 = 1
        var cls = 0
        var clscount = 0
        for ch in descriptor.utf8 {
            let pos = position[Int(ch)]
            if pos == -1 { return nil }
            c = polymod(c, pos & 31)
            cls = cls * 3 + (pos >> 5)
            clscount += 1
            if clscount == 3 {
                c = polymod(c, cls)
                cls = 0
                clscount = 0
            }
        }
        if clscount > 0 { c = polymod(c, cls) }
        for _ in 0..<8 { c = polymod(c, 0) }
        c ^= 1
        var out = [UInt8]()
        for j in 0..<8 { out.append(checksumCharset[Int((c >> (5 * (7 - UInt64(j)))) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `descriptor#checksum`.
    public static func adding(to descriptor: String) -> String {
        descriptor + "#" + (checksum(descriptor) ?? "")
    }

    /// Splits `desc#checksum`, verifying the checksum when present.
    public static func strip(_ text: String, requireChecksum: Bool = false) throws(DecodingError) -> String {
        guard let hash = text.lastIndex(of: "#") else {
            if requireChecksum { throw DecodingError("missing descriptor checksum") }
            return text
        }
        let body = String(text[..<hash])
        let given = String(text[text.index(after: hash)...])
        guard given.count == 8 else { throw DecodingError(offset: body.utf8.count, "descriptor checksum must be 8 characters, got \(given.count)") }
        guard let expected = checksum(body) else { throw DecodingError("descriptor has a character outside the descriptor alphabet") }
        guard expected == given else { throw DecodingError(offset: body.utf8.count, "descriptor checksum \(given) does not match, expected \(expected)") }
        return body
    }
}
