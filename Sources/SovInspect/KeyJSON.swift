import SovJSON
import SovPrimitives

/// Recognizes key encodings (filled in by the keys work).
enum KeyKind {
    static func looksLikeKey(_ text: String) -> Bool { false }
}

extension Inspector {
    func decodeKey(_ input: DecodeInput) throws(DecodingError) -> JSONValue {
        throw DecodingError("key decoding is not available yet")
    }
}
