import SovPrimitives
import Testing

@Suite struct Base32Tests {
    /// RFC 4648 section 10 test vectors (Base32), without the `=` padding Tor does not write.
    static let rfc4648: [(String, String)] = [
        ("", ""), ("f", "MY======"), ("fo", "MZXQ===="), ("foo", "MZXW6==="),
        ("foob", "MZXW6YQ="), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI======"),
    ]

    @Test func rfc4648Vectors() {
        for (plain, padded) in Self.rfc4648 {
            let encoded = padded.replacingOccurrences(of: "=", with: "")
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
            #expect(Base32.decode(encoded.lowercased()) == Array(plain.utf8), "either case")
        }
    }

    /// A 32-byte key is 52 characters, as in Tor's `ClientAuthV3` and `.auth_private` lines.
    @Test func keysAreFiftyTwoCharacters() {
        let key = (0..<32).map { UInt8($0 * 7 & 0xff) }
        let text = Base32.encode(key)
        #expect(text.count == 52)
        #expect(Base32.decode(text) == key)
    }

    @Test func rejectsOtherCharactersAndStrayBits() {
        for text in ["MY1", "MZ XQ", "MZXW6=", "MZ"] {
            #expect(Base32.decode(text) == nil, "\(text)")
        }
    }
}
