/// Writes `JSONValue`s exactly as Bitcoin Core's UniValue does.
///
/// Pretty output (`indent` > 0) matches `bitcoin-cli` byte for byte: two-space indent, `"key": value`,
/// and empty arrays and objects written across two lines (`[` newline, indent, `]`). Compact output
/// (`indent` 0) has no whitespace at all, as `UniValue::write()`.
public enum JSONWriter {
    public static func write(_ value: JSONValue, indent: Int = 2) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(value, indent: indent, level: 1, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) static func newlineAndIndent(_ count: Int, into out: inout [UInt8]) {
        out.append(0x0a)
        for _ in 0..<count { out.append(0x20) }
    }

    /// Appends the UTF-8 text of `value` to `out`; `level` is the nesting depth of its members.
    public static func write(_ value: JSONValue, indent: Int, level: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): appendEscaped(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if indent > 0 { newlineAndIndent(indent * level, into: &out) }
                write(item, indent: indent, level: level + 1, into: &out)
            }
            if indent > 0 { newlineAndIndent(indent * (level - 1), into: &out) }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (i, entry) in object.entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if indent > 0 { newlineAndIndent(indent * level, into: &out) }
                appendEscaped(entry.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent > 0 { out.append(0x20) }
                write(entry.value, indent: indent, level: level + 1, into: &out)
            }
            if indent > 0 { newlineAndIndent(indent * (level - 1), into: &out) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// UniValue's escaping: quote, backslash and the short control escapes, other control
    /// characters and DEL as `\u00XX`; everything else (including non-ASCII) as is.
    public static func appendEscaped(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            // Fast path: nothing to escape (hex, addresses, asm: nearly every string sov writes).
            if !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5c || $0 == 0x7f }) {
                out.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): out.append(0x5c); out.append(byte)
                case UInt8(ascii: "\\"): out.append(0x5c); out.append(byte)
                case 0x08: out.append(0x5c); out.append(UInt8(ascii: "b"))
                case 0x0c: out.append(0x5c); out.append(UInt8(ascii: "f"))
                case 0x0a: out.append(0x5c); out.append(UInt8(ascii: "n"))
                case 0x0d: out.append(0x5c); out.append(UInt8(ascii: "r"))
                case 0x09: out.append(0x5c); out.append(UInt8(ascii: "t"))
                case 0..<0x20, 0x7f:
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0x0f)])
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// Core-style pretty text (two-space indent), without a trailing newline.
    public var pretty: String { JSONWriter.write(self, indent: 2) }
    /// Compact single-line text.
    public var compact: String { JSONWriter.write(self, indent: 0) }
}
