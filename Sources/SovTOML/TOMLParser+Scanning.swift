/// Reading the text: looking ahead, skipping blanks and comments, and saying where an error is.
extension TOMLParser {
    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        index + ahead < text.count ? text[index + ahead] : nil
    }

    func matches(_ word: String) -> Bool {
        for (offset, scalar) in word.unicodeScalars.enumerated() where peek(offset) != scalar { return false }
        return true
    }

    mutating func skipWhitespace() {
        while let c = peek(), c == " " || c == "\t" { index += 1 }
    }

    /// Inside arrays: whitespace, newlines and comments.
    mutating func skipWhitespaceCommentsAndNewlines() throws(TOMLError) {
        while let c = peek() {
            switch c {
            case " ", "\t", "\n": index += 1
            case "\r":
                guard peek(1) == "\n" else { throw error("a carriage return must be followed by a line feed") }
                index += 2
            case "#": try skipComment()
            default: return
            }
        }
    }

    /// Control characters TOML forbids in comments and strings: U+0000–U+0008, U+000A–U+001F, U+007F.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7f
    }

    func location() -> TOMLLocation { location(at: index) }

    func location(at offset: Int) -> TOMLLocation {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return TOMLLocation(line: low + 1, column: offset - lineStarts[low] + 1)
    }

    func error(_ reason: String) -> TOMLError { TOMLError(location(), reason) }

    func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "a newline"
        case "\r": return "a carriage return"
        default: return Self.printable(scalar)
        }
    }

    func describeWord() -> String {
        var word = String.UnicodeScalarView()
        var offset = 0
        while let c = peek(offset), Self.isBareKeyScalar(c), word.count < 32 { word.append(c); offset += 1 }
        return word.isEmpty ? "nothing" : "'\(String(word))'"
    }

    static func printable(_ scalar: Unicode.Scalar) -> String {
        if scalar.value < 0x20 || scalar.value == 0x7f || (0x80..<0xa0).contains(scalar.value) {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(Character(scalar))'"
    }

    func article(_ value: TOMLValue) -> String {
        switch value {
        case .integer, .array: return "an"
        default: return "a"
        }
    }
}
