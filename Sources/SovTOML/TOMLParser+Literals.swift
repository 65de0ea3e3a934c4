/// Strings (the four forms and their escapes) and numbers (integers in four bases, floats) of TOML values.
extension TOMLParser {
    // MARK: Strings

    /// A basic (`"`) or literal (`'`) string, single-line or multi-line (tripled quotes). Basic strings
    /// take escapes; literal strings are taken as written. Single-line strings allow no newline;
    /// multi-line ones drop a newline right after the opening quotes, keep other newlines (CRLF read as
    /// LF), allow up to two quotes before the closing ones, and in basic form join a line ending in a
    /// backslash to the next non-blank text. No control characters but tab (and newlines in multi-line).
    mutating func parseString(quote: Unicode.Scalar, multiline: Bool) throws(TOMLError) -> String {
        let start = location()
        let escapes = quote == "\""
        let kind = (multiline ? "multi-line " : "") + (escapes ? "string" : "literal string")
        let delimiter = String(repeating: Character(quote), count: multiline ? 3 : 1)
        index += multiline ? 3 : 1
        if multiline {
            if peek() == "\n" { index += 1 } else if peek() == "\r", peek(1) == "\n" { index += 2 }
        }
        var out = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else { throw TOMLError(start, "unterminated \(kind): expected \(delimiter)") }
            switch scalar {
            case quote where !multiline:
                index += 1
                return String(out)
            case quote:
                var quotes = 0
                while peek() == quote { quotes += 1; index += 1 }
                guard quotes >= 3 else {
                    for _ in 0..<quotes { out.append(quote) }
                    continue
                }
                guard quotes <= 5 else {
                    throw error("too many quotes at the end of a \(kind) (at most two may precede the closing \(delimiter))")
                }
                for _ in 0..<(quotes - 3) { out.append(quote) }
                return String(out)
            case "\\" where escapes && multiline && isLineEndingBackslash():
                // Drop the backslash and all blank space and newlines up to the next text.
                index += 1
                while let c = peek(), c == " " || c == "\t" || c == "\n" || (c == "\r" && peek(1) == "\n") {
                    index += c == "\r" ? 2 : 1
                }
            case "\\" where escapes:
                out.append(try parseEscape())
            case "\n" where multiline:
                out.append("\n")
                index += 1
            case "\r" where multiline:
                guard peek(1) == "\n" else { throw error("a carriage return must be followed by a line feed") }
                out.append("\n")
                index += 2
            case "\n", "\r":
                let tripled = String(repeating: Character(quote), count: 3)
                throw error("a newline is not allowed in a \(kind) (use \(tripled) for a multi-line string)")
            default:
                if Self.isControl(scalar) { throw error("control character \(describe(scalar)) is not allowed in a \(kind)\(escapes ? " (escape it)" : "")") }
                out.append(scalar)
                index += 1
            }
        }
    }

    /// At a backslash: whether only spaces or tabs follow it before the end of the line.
    func isLineEndingBackslash() -> Bool {
        var offset = 1
        while let c = peek(offset), c == " " || c == "\t" { offset += 1 }
        return peek(offset) == "\n" || (peek(offset) == "\r" && peek(offset + 1) == "\n")
    }

    /// One escape after a backslash: `\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`.
    mutating func parseEscape() throws(TOMLError) -> Unicode.Scalar {
        let start = location()
        index += 1
        guard let code = peek() else { throw TOMLError(start, "unterminated escape sequence") }
        index += 1
        switch code {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = code == "u" ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let digit = peek(), let nibble = Self.hexValue(digit) else {
                    throw TOMLError(start, "\\\(code) needs exactly \(count) hexadecimal digits")
                }
                value = value << 4 | nibble
                index += 1
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw TOMLError(start, "\\\(code) escape U+\(String(value, radix: 16, uppercase: true)) is not a Unicode scalar value")
            }
            return scalar
        default:
            let shown = code.value < 0x20 || code.value == 0x7f ? Self.printable(code) : String(Character(code))
            throw TOMLError(start, "invalid escape sequence \\\(shown) (allowed: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)")
        }
    }

    // MARK: Numbers

    /// Integers (decimal with sign, `0x`, `0o`, `0b`) and floats (fraction and/or exponent, `inf`, `nan`),
    /// `_` allowed only between digits. Dates and times are recognised and refused.
    mutating func parseNumber() throws(TOMLError) -> TOMLValue {
        let start = location()
        var token = String.UnicodeScalarView()
        while let c = peek(), Self.isBareKeyScalar(c) || c == "+" || c == "." || c == ":" {
            token.append(c)
            index += 1
        }
        let scalars = Array(token)
        let word = String(token)
        func invalid(_ why: String) -> TOMLError { TOMLError(start, "invalid number \(word): \(why)") }

        if Self.looksLikeDateOrTime(scalars) {
            throw TOMLError(start, "dates and times (\(word)) are not supported in sov's configuration")
        }
        switch word {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        guard let first = scalars.first else { throw TOMLError(start, "expected a value") }
        if first == "i" || first == "n" { throw TOMLError(start, "expected a value, found \(word)") }

        if scalars.count > 2, scalars[0] == "0", let radix = ["x": 16, "o": 8, "b": 2][Character(scalars[1])] {
            let digits = Array(scalars[2...])
            try Self.checkDigits(digits, radix: radix, word: word, start: start)
            let clean = String(String.UnicodeScalarView(digits.filter { $0 != "_" }))
            guard let value = Int64(clean, radix: radix) else { throw invalid("out of the 64-bit integer range") }
            return .integer(value)
        }

        // Decimal: [sign] int [. digits] [e [sign] digits]
        var position = 0
        if scalars[0] == "+" || scalars[0] == "-" { position = 1 }
        let integerStart = position
        while position < scalars.count, Self.isDecimalOrUnderscore(scalars[position]) { position += 1 }
        let integerPart = Array(scalars[integerStart..<position])
        guard !integerPart.isEmpty else { throw invalid("expected digits") }
        try Self.checkDigits(integerPart, radix: 10, word: word, start: start)
        if integerPart.count > 1, integerPart[0] == "0" { throw invalid("leading zeros are not allowed") }
        var isFloat = false
        if position < scalars.count, scalars[position] == "." {
            isFloat = true
            position += 1
            let fractionStart = position
            while position < scalars.count, Self.isDecimalOrUnderscore(scalars[position]) { position += 1 }
            let fraction = Array(scalars[fractionStart..<position])
            guard !fraction.isEmpty else { throw invalid("a decimal point must be followed by digits") }
            try Self.checkDigits(fraction, radix: 10, word: word, start: start)
        }
        if position < scalars.count, scalars[position] == "e" || scalars[position] == "E" {
            isFloat = true
            position += 1
            if position < scalars.count, scalars[position] == "+" || scalars[position] == "-" { position += 1 }
            let exponentStart = position
            while position < scalars.count, Self.isDecimalOrUnderscore(scalars[position]) { position += 1 }
            let exponent = Array(scalars[exponentStart..<position])
            guard !exponent.isEmpty else { throw invalid("an exponent needs digits") }
            try Self.checkDigits(exponent, radix: 10, word: word, start: start)
        }
        guard position == scalars.count else { throw invalid("unexpected \(describe(scalars[position]))") }
        let clean = String(String.UnicodeScalarView(scalars.filter { $0 != "_" }))
        if isFloat {
            guard let value = Double(clean) else { throw invalid("not a float") }
            return .float(value)
        }
        guard let value = Int64(clean) else { throw invalid("out of the 64-bit integer range") }
        return .integer(value)
    }

    /// Digits of `radix` with `_` only between two digits.
    static func checkDigits(_ digits: [Unicode.Scalar], radix: Int, word: String, start: TOMLLocation) throws(TOMLError) {
        guard !digits.isEmpty else { throw TOMLError(start, "invalid number \(word): expected digits") }
        for (offset, digit) in digits.enumerated() {
            if digit == "_" {
                guard offset > 0, offset < digits.count - 1, digits[offset - 1] != "_", digits[offset + 1] != "_" else {
                    throw TOMLError(start, "invalid number \(word): an underscore must be between two digits")
                }
                continue
            }
            guard let value = hexValue(digit), value < radix else {
                throw TOMLError(start, "invalid number \(word): \(printable(digit)) is not a base-\(radix) digit")
            }
        }
    }

    static func isDecimalOrUnderscore(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || scalar == "_"
    }

    /// `YYYY-MM-DD…` or `HH:MM…`.
    static func looksLikeDateOrTime(_ s: [Unicode.Scalar]) -> Bool {
        func digit(_ i: Int) -> Bool { i < s.count && ("0"..."9").contains(s[i]) }
        if s.count >= 5, (0..<4).allSatisfy(digit), s[4] == "-" { return true }
        if s.count >= 3, digit(0), digit(1), s[2] == ":" { return true }
        return false
    }

    static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": return scalar.value - 0x30
        case "a"..."f": return scalar.value - 0x61 + 10
        case "A"..."F": return scalar.value - 0x41 + 10
        default: return nil
        }
    }
}
