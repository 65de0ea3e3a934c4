/// The encoding step Base32 and Base64 share: bytes read as one big-endian bit string, cut into groups of
/// `bits` bits (the last one filled with zero bits), each group written as its character of `alphabet`.
enum BitGroups {
    static func encode<C: Collection>(_ bytes: C, bits width: Int, alphabet: [UInt8]) -> [UInt8] where C.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count * 8 + width - 1) / width)
        let mask = UInt32(1) << UInt32(width) - 1
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            accumulator = accumulator << 8 | UInt32(byte)
            bits += 8
            while bits >= width {
                bits -= width
                out.append(alphabet[Int(accumulator >> UInt32(bits) & mask)])
            }
            accumulator &= (1 << UInt32(bits)) - 1
        }
        if bits > 0 { out.append(alphabet[Int(accumulator << UInt32(width - bits) & mask)]) }
        return out
    }
}
