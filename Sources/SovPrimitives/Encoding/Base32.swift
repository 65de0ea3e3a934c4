/// Base32 (RFC 4648 §6 alphabet, upper case, no padding): how Tor writes x25519 keys for v3 onion client
/// authorization (`ClientAuthV3=…`, `.auth_private` files) and onion addresses (lower case).
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Encodes without padding, in upper case.
    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: BitGroups.encode(bytes, bits: 5, alphabet: alphabet), as: UTF8.self)
    }

    /// Decodes unpadded Base32 in either case; nil for any other character or for leftover bits that are not zero.
    public static func decode(_ text: String) -> [UInt8]? {
        var out = [UInt8]()
        var accumulator: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            let value: UInt8
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = c - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = c - UInt8(ascii: "a")
            case UInt8(ascii: "2")...UInt8(ascii: "7"): value = c - UInt8(ascii: "2") + 26
            default: return nil
            }
            accumulator = accumulator << 5 | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(accumulator >> UInt32(bits) & 0xff))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        guard bits < 5, accumulator == 0 else { return nil }
        return out
    }
}
