/// Script numbers: little-endian sign-magnitude integers (Core's `CScriptNum`).
public enum ScriptNumber {
    /// Decodes without the size or minimality checks (as `ScriptToAsmStr` does for pushes of up to 4 bytes).
    public static func decodeUnchecked<C: BidirectionalCollection>(_ data: C) -> Int64 where C.Element == UInt8 {
        guard !data.isEmpty else { return 0 }
        var result: Int64 = 0
        for (i, byte) in data.enumerated() where i < 8 {
            result |= Int64(byte) << (8 * Int64(i))
        }
        let last = data.last!
        if last & 0x80 != 0 {
            let mask = ~(Int64(0x80) << (8 * Int64(data.count - 1)))
            return 0 &- (result & mask)  // wrapping: more than 8 bytes must not trap
        }
        return result
    }

    /// Minimal encoding of `value`.
    public static func encode(_ value: Int64) -> [UInt8] {
        if value == 0 { return [] }
        var result: [UInt8] = []
        let negative = value < 0
        var absolute = value.magnitude
        while absolute > 0 {
            result.append(UInt8(absolute & 0xff))
            absolute >>= 8
        }
        if result.last! & 0x80 != 0 {
            result.append(negative ? 0x80 : 0)
        } else if negative {
            result[result.count - 1] |= 0x80
        }
        return result
    }
}

extension Int64 {
    /// Core's `CScriptNum::getint()`: clamps to the int32 range.
    var clampedToInt32: Int64 { Swift.min(Swift.max(self, Int64(Int32.min)), Int64(Int32.max)) }
}
