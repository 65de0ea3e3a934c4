import SovPrimitives
import Testing

@Suite struct Base64Tests {
    /// RFC 4648 section 10 test vectors.
    static let rfc4648: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test func rfc4648Vectors() throws {
        for (plain, encoded) in Self.rfc4648 {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(try Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    /// Core's `DecodeBase64` rejects these: bad length, padding in the middle or three `=`, characters
    /// outside the alphabet (whitespace included), and non-zero bits left over in the last character.
    @Test func strictDecodingRejects() {
        for text in ["Zg", "Zg=", "Zm9", "Z===", "Zg==Zg==", "Zm 9v", "Zm9v\n", "Zm9-", "Zh==", "Zm9=", "=Zm9"] {
            #expect(throws: DecodingError.self, "\(text)") { try Base64.decode(text) }
        }
    }
}
