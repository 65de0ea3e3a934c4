/// Bech32 (BIP173) and Bech32m (BIP350) strings.
public enum Bech32 {
    public enum Encoding: String, Sendable { case bech32, bech32m }

    static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    static let charsetRev: [Int8] = {
        var t = [Int8](repeating: -1, count: 128)
        for (i, c) in charset.enumerated() {
            t[Int(c)] = Int8(i)
            t[Int(c) - 32 >= 65 ? Int(c) - 32 : Int(c)] = Int8(i)  // uppercase letters too
        }
        return t
    }()

    static func polymod(_ values: [UInt8]) -> UInt32 {
        let gen: [UInt32] = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
        var chk: UInt32 = 1
        for v in values {
            let top = chk >> 25
            chk = (chk & 0x1ffffff) << 5 ^ UInt32(v)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { chk ^= gen[i] }
        }
        return chk
    }

    static func expandHRP(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    static func constant(_ encoding: Encoding) -> UInt32 { encoding == .bech32 ? 1 : 0x2bc830a3 }

    public static func encode(hrp: String, data: [UInt8], encoding: Encoding) -> String {
        let h = Array(hrp.lowercased().utf8)
        let values = expandHRP(h) + data + [0, 0, 0, 0, 0, 0]
        let mod = polymod(values) ^ constant(encoding)
        var out = h + [UInt8(ascii: "1")]
        out += data.map { charset[Int($0)] }
        for i in 0..<6 { out.append(charset[Int((mod >> (5 * (5 - UInt32(i)))) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes a Bech32 or Bech32m string (at most `limit` characters), returning the lowercase HRP and 5-bit data.
    public static func decode(_ text: String, limit: Int = 90) throws(DecodingError) -> (hrp: String, data: [UInt8], encoding: Encoding) {
        let bytes = Array(text.utf8)
        guard bytes.count <= limit else { throw DecodingError("Bech32 string too long (\(bytes.count) > \(limit))") }
        var lower = false, upper = false
        for (i, c) in bytes.enumerated() {
            guard c >= 33 && c <= 126 else { throw DecodingError(offset: i, "invalid Bech32 character") }
            if c >= 97 && c <= 122 { lower = true }
            if c >= 65 && c <= 90 { upper = true }
        }
        guard !(lower && upper) else { throw DecodingError("mixed case in Bech32 string") }
        guard let sep = bytes.lastIndex(of: UInt8(ascii: "1")) else { throw DecodingError("missing Bech32 separator '1'") }
        guard sep >= 1 else { throw DecodingError(offset: 0, "empty Bech32 human-readable part") }
        guard sep + 7 <= bytes.count else { throw DecodingError(offset: sep, "Bech32 data part too short") }
        let hrp = bytes[..<sep].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        var data: [UInt8] = []
        for i in (sep + 1)..<bytes.count {
            let c = bytes[i]
            let v = c < 128 ? charsetRev[Int(c)] : -1
            guard v >= 0 else { throw DecodingError(offset: i, "invalid Bech32 character '\(Character(Unicode.Scalar(c)))'") }
            data.append(UInt8(v))
        }
        let check = polymod(expandHRP(hrp) + data)
        let encoding: Encoding
        if check == constant(.bech32) { encoding = .bech32 } else if check == constant(.bech32m) { encoding = .bech32m } else {
            throw DecodingError("Bech32 checksum mismatch")
        }
        return (String(decoding: hrp, as: UTF8.self), Array(data.dropLast(6)), encoding)
    }

    /// Regroups bits (8→5 with padding, 5→8 strictly).
    public static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var acc = 0, bits = 0
        var out: [UInt8] = []
        let maxv = (1 << to) - 1
        for value in data {
            guard Int(value) >> from == 0 else { return nil }
            acc = (acc << from) | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((acc >> bits) & maxv))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8((acc << (to - bits)) & maxv)) }
        } else if bits >= from || ((acc << (to - bits)) & maxv) != 0 {
            return nil
        }
        return out
    }
}
