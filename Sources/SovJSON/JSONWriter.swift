/// Writes `JSONValue`s exactly as Bitcoin Core's UniValue does.
///
/// Pretty output (`indent` > 0) matches `bitcoin-cli` byte for byte: two-space indent, `"key": value`,
/// and empty arrays and objects written across two lines (`[` newline, indent, `]`). Compact output
/// (`indent` 0) has no whitespace at all, as `UniValue::write()`.
public enum JSONWriter {
    public static func write(_ value: JSONValue, indent: Int = 2) -> String {
        var out = ""
        out.reserveCapacity(256)
        write(value, indent: indent, level: 1, into: &out)
        return out
    }

    /// Appends the text of `value` to `out`; `level` is the nesting depth of its members.
    public static func write(_ value: JSONValue, indent: Int, level: Int, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): appendEscaped(s, into: &out)
        case .array(let items):
            out += "["
            if indent > 0 { out += "\n" }
            for (i, item) in items.enumerated() {
                if indent > 0 { out += String(repeating: " ", count: indent * level) }
                write(item, indent: indent, level: level + 1, into: &out)
                if i != items.count - 1 { out += "," }
                if indent > 0 { out += "\n" }
            }
            if indent > 0 { out += String(repeating: " ", count: indent * (level - 1)) }
            out += "]"
        case .object(let object):
            out += "{"
            if indent > 0 { out += "\n" }
            for (i, entry) in object.entries.enumerated() {
                if indent > 0 { out += String(repeating: " ", count: indent * level) }
                appendEscaped(entry.key, into: &out)
                out += ":"
                if indent > 0 { out += " " }
                write(entry.value, indent: indent, level: level + 1, into: &out)
                if i != object.entries.count - 1 { out += "," }
                if indent > 0 { out += "\n" }
            }
            if indent > 0 { out += String(repeating: " ", count: indent * (level - 1)) }
            out += "}"
        }
    }

    /// UniValue's escaping: quote, backslash and the short control escapes, other control
    /// characters and DEL as `\u00XX`; everything else (including non-ASCII) as is.
    public static func appendEscaped(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension JSONValue {
    /// Core-style pretty text (two-space indent), without a trailing newline.
    public var pretty: String { JSONWriter.write(self, indent: 2) }
    /// Compact single-line text.
    public var compact: String { JSONWriter.write(self, indent: 0) }
}
