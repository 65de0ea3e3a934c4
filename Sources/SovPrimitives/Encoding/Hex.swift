/// Lowercase hexadecimal encoding and strict decoding.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        // Straight from contiguous storage into the string's own buffer: no per-byte generic calls (a
        // 2016-header answer is 322 kB of hex).
        if let text = bytes.withContiguousStorageIfAvailable({ encode(UnsafeRawBufferPointer($0)) }) { return text }
        return Array(bytes).withUnsafeBytes { encode($0) }
    }

    /// Hex of raw bytes.
    public static func encode(_ buffer: UnsafeRawBufferPointer) -> String { write(buffer, count: buffer.count) }

    /// The hex of `count` bytes, written straight into the string's own buffer.
    @inline(__always) private static func write(_ bytes: some Sequence<UInt8>, count: Int) -> String {
        digits.withUnsafeBufferPointer { table in
            String(unsafeUninitializedCapacity: count * 2) { out in
                var i = 0
                for b in bytes {
                    out[i] = table[Int(b >> 4)]
                    out[i + 1] = table[Int(b & 0x0f)]
                    i += 2
                }
                return i
            }
        }
    }

    /// Writes the hex of `buffer`'s bytes taken last to first (display order of hashes) into `out` from `offset`,
    /// which must have room for it; returns where it ends. For text built in place, one row after another.
    @inline(__always)
    public static func writeReversed(_ buffer: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        digits.withUnsafeBufferPointer { table in
            var i = offset
            for b in buffer.reversed() {
                out[i] = table[Int(b >> 4)]
                out[i + 1] = table[Int(b & 0x0f)]
                i += 2
            }
            return i
        }
    }

    /// Hex of `bytes` in reverse order: how Core displays txids and block hashes.
    public static func encodeReversed(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes { encodeReversed($0) } }

    /// Hex of raw bytes taken last to first (display order of hashes), written straight into the string.
    public static func encodeReversed(_ buffer: UnsafeRawBufferPointer) -> String { write(buffer.reversed(), count: buffer.count) }

    @inline(__always) static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }

    /// Decodes an even-length hex string (either case). Throws with the offset of the first bad character.
    public static func decode(_ text: String) throws(DecodingError) -> [UInt8] {
        var text = text
        // Native strings are contiguous UTF-8: decode straight from their buffer.
        var bad: (offset: Int, reason: String)?
        let out: [UInt8] = text.withUTF8 { buffer in
            guard buffer.count % 2 == 0 else {
                bad = (buffer.count, "odd number of hex digits")
                return []
            }
            var out = [UInt8](repeating: 0, count: buffer.count / 2)
            var i = 0
            while i < buffer.count {
                guard let high = nibble(buffer[i]) else { bad = (i, "not a hex digit"); return [] }
                guard let low = nibble(buffer[i + 1]) else { bad = (i + 1, "not a hex digit"); return [] }
                out[i >> 1] = high << 4 | low
                i += 2
            }
            return out
        }
        if let bad { throw DecodingError(offset: bad.offset, bad.reason) }
        return out
    }

    /// Decodes an even-length hex string (either case). Throws with the offset of the first bad character.
    public static func decode(_ text: some StringProtocol) throws(DecodingError) -> [UInt8] {
        let utf8 = text.utf8
        guard utf8.count % 2 == 0 else { throw DecodingError(offset: utf8.count, "odd number of hex digits") }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var high: UInt8 = 0
        for (i, c) in utf8.enumerated() {
            guard let n = nibble(c) else { throw DecodingError(offset: i, "not a hex digit") }
            if i % 2 == 0 { high = n } else { out.append(high << 4 | n) }
        }
        return out
    }

    public static func isHex(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.count % 2 == 0 && text.utf8.allSatisfy { nibble($0) != nil }
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hex of these bytes.
    public var hex: String { Hex.encode(self) }
    /// Decodes hex, or nil when the text is not valid hex.
    public init?(hex: some StringProtocol) {
        guard let bytes = try? Hex.decode(hex) else { return nil }
        self = bytes
    }
}

extension ArraySlice where Element == UInt8 {
    public var hex: String { Hex.encode(self) }
}
