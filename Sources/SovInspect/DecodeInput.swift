import SovPrimitives

/// Input to `sov decode` as given: text (hex, base64, Base58, Bech32, a descriptor) or raw binary.
public enum DecodeInput: Sendable {
    case text(String)
    case binary([UInt8])

    /// Interprets bytes read from a file or stdin: text when they are printable UTF-8, binary otherwise.
    public static func from(bytes: [UInt8]) -> DecodeInput {
        let isText = bytes.allSatisfy { $0 == 0x09 || $0 == 0x0a || $0 == 0x0d || ($0 >= 0x20 && $0 < 0x7f) }
        if isText, let text = String(validating: bytes, as: UTF8.self) {
            return .text(text.trimmingWhitespace)
        }
        return .binary(bytes)
    }

    /// The bytes hex text stands for, or the raw bytes; nil for text that is not hex.
    var hexOrBinaryBytes: [UInt8]? {
        switch self {
        case .binary(let b): return b
        case .text(let t): return t.isEmpty ? [] : (try? Hex.decode(t))
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[start...end])
    }
}
