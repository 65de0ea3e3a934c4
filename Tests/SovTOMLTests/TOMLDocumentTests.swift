import Testing
@testable import SovTOML

/// The examples of the TOML v1.0.0 specification (https://toml.io/en/v1.0.0), valid and invalid, read by
/// `TOMLDocument`. Expected values are the ones the specification states (mostly as its JSON equivalents).
@Suite struct TOMLDocumentTests {
    func parse(_ text: String) throws -> TOMLTable { try TOMLDocument(parsing: text).root }

    func table(_ pairs: [(String, TOMLValue)]) -> TOMLValue { .table(TOMLTable(pairs)) }

    /// Expects `text` to be rejected, with the error at `line` and its reason containing `words`.
    func expectInvalid(_ text: String, line: Int? = nil, _ words: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let document = try TOMLDocument(parsing: text)
            Issue.record("accepted invalid TOML: \(text.debugDescription) → \(document.root)", sourceLocation: sourceLocation)
        } catch {
            if let line { #expect(error.location.line == line, "\(error)", sourceLocation: sourceLocation) }
            if let words { #expect(error.reason.contains(words), "\(error)", sourceLocation: sourceLocation) }
        }
    }

    // MARK: Comments and key/value pairs

    @Test func comments() throws {
        let t = try parse("""
        # This is a full-line comment
        key = "value"  # This is a comment at the end of a line
        another = "# This is not a comment"
        """)
        #expect(t["key"] == .string("value"))
        #expect(t["another"] == .string("# This is not a comment"))
        #expect(t.keys == ["key", "another"])
    }

    @Test func controlCharacterInCommentIsInvalid() {
        expectInvalid("a = 1 # bell \u{07}\n", line: 1, "control character U+0007")
        expectInvalid("# del \u{7f}\n", line: 1, "control character")
    }

    @Test func keyValuePairRules() {
        expectInvalid("key = # INVALID\n", line: 1, "expected a value")
        expectInvalid("first = \"Tom\" last = \"Preston-Werner\" # INVALID\n", line: 1, "expected a newline after a value")
        expectInvalid("= \"no key name\"  # INVALID\n", line: 1, "expected a key")
        expectInvalid("key\n", line: 1, "expected '='")
        expectInvalid("a = 1\r b = 2\n", "carriage return")
    }

    // MARK: Keys

    @Test func bareAndQuotedKeys() throws {
        let t = try parse("""
        key = "value"
        bare_key = "value"
        bare-key = "value"
        1234 = "value"
        "127.0.0.1" = "value"
        "character encoding" = "value"
        "ʎǝʞ" = "value"
        'key2' = "value"
        'quoted "value"' = "value"
        "" = "blank"
        """)
        #expect(t.keys == ["key", "bare_key", "bare-key", "1234", "127.0.0.1", "character encoding", "ʎǝʞ", "key2", "quoted \"value\"", ""])
        #expect(t[""] == .string("blank"))
        #expect(try parse("'' = 'blank'")[""] == .string("blank"))
    }

    @Test func dottedKeys() throws {
        let t = try parse("""
        name = "Orange"
        physical.color = "orange"
        physical.shape = "round"
        site."google.com" = true
        fruit.name = "banana"     # this is best practice
        fruit. color = "yellow"    # same as fruit.color
        fruit . flavor = "banana"   # same as fruit.flavor
        3.14159 = "pi"
        """)
        #expect(t["physical"] == table([("color", .string("orange")), ("shape", .string("round"))]))
        #expect(t["site"] == table([("google.com", .boolean(true))]))
        #expect(t["fruit"] == table([("name", .string("banana")), ("color", .string("yellow")), ("flavor", .string("banana"))]))
        #expect(t["3"] == table([("14159", .string("pi"))]))
    }

    @Test func dottedKeysExtendTablesTheyCreated() throws {
        let t = try parse("""
        fruit.apple.smooth = true
        fruit.orange = 2
        apple.type = "fruit"
        orange.type = "fruit"
        apple.skin = "thin"
        orange.skin = "thick"
        """)
        #expect(t["fruit"] == table([("apple", table([("smooth", .boolean(true))])), ("orange", .integer(2))]))
        #expect(t["apple"] == table([("type", .string("fruit")), ("skin", .string("thin"))]))
    }

    @Test func duplicateKeysAreInvalid() {
        expectInvalid("name = \"Tom\"\nname = \"Pradyun\"\n", line: 2, "duplicate key name (first defined at 1:1)")
        expectInvalid("spelling = \"favorite\"\n\"spelling\" = \"favourite\"\n", line: 2, "duplicate key spelling")
        expectInvalid("fruit.apple = 1\nfruit.apple.smooth = true\n", line: 2, "cannot use fruit.apple as a table: it is already an integer")
    }

    // MARK: Strings

    @Test func basicStrings() throws {
        let t = try parse(#"str = "I'm a string. \"You can quote me\". Name\tJos\u00E9\nLocation\tSF.""#)
        #expect(t["str"] == .string("I'm a string. \"You can quote me\". Name\tJos\u{E9}\nLocation\tSF."))
        let escapes = try parse(#"e = "\b\t\n\f\r\"\\\u0041\U0001F600""#)
        #expect(escapes["e"] == .string("\u{08}\t\n\u{0C}\r\"\\A\u{1F600}"))
    }

    @Test func invalidBasicStrings() {
        expectInvalid(#"a = "bad \x41""#, line: 1, "invalid escape sequence \\x")
        expectInvalid(#"a = "bad \e""#, line: 1, "invalid escape")
        expectInvalid(#"a = "\uD800""#, line: 1, "not a Unicode scalar value")
        expectInvalid(#"a = "\u12""#, line: 1, "exactly 4 hexadecimal digits")
        expectInvalid("a = \"no end\n", line: 1, "newline is not allowed")
        expectInvalid("a = \"no end", line: 1, "unterminated string")
        expectInvalid("a = \"tab ok\tbut not \u{01}\"", line: 1, "control character U+0001")
    }

    @Test func multilineBasicStrings() throws {
        let t = try parse("""
        str1 = \"\"\"
        Roses are red
        Violets are blue\"\"\"
        """)
        #expect(t["str1"] == .string("Roses are red\nViolets are blue"))

        let crlf = try parse("str1 = \"\"\"\r\nRoses are red\r\nViolets are blue\"\"\"\r\n")
        #expect(crlf["str1"] == .string("Roses are red\nViolets are blue"))

        let folded = try parse("""
        str1 = "The quick brown fox jumps over the lazy dog."

        str2 = \"\"\"
        The quick brown \\


          fox jumps over \\
            the lazy dog.\"\"\"

        str3 = \"\"\"\\
               The quick brown \\
               fox jumps over \\
               the lazy dog.\\
               \"\"\"
        """)
        #expect(folded["str2"] == folded["str1"])
        #expect(folded["str3"] == folded["str1"])

        let quotes = try parse(#"""
        str4 = """Here are two quotation marks: "". Simple enough."""
        str5 = """Here are three quotation marks: ""\"."""
        str6 = """Here are fifteen quotation marks: ""\"""\"""\"""\"""\"."""
        str7 = """"This," she said, "is just a pointless statement.""""
        """#)
        #expect(quotes["str4"] == .string(#"Here are two quotation marks: "". Simple enough."#))
        #expect(quotes["str5"] == .string(#"Here are three quotation marks: """."#))
        #expect(quotes["str6"] == .string("Here are fifteen quotation marks: " + String(repeating: "\"", count: 15) + "."))
        #expect(quotes["str7"] == .string(#""This," she said, "is just a pointless statement.""#))
    }

    @Test func invalidMultilineBasicStrings() {
        expectInvalid(#"str5 = """Here are three quotation marks: """."""  # INVALID"#, line: 1)
        expectInvalid("a = \"\"\"never closed\n", line: 1, "unterminated multi-line string")
        expectInvalid("a = \"\"\"x\"\"\"\"\"\"\n", line: 1, "too many quotes")
        expectInvalid("\"\"\"key\"\"\" = 1", line: 1, "multi-line string cannot be a key")
        expectInvalid("a = \"\"\"x \\ y\"\"\"\n", line: 1, "invalid escape sequence")
        expectInvalid("a = \"\"\"x\ry\"\"\"\n", line: 1, "carriage return must be followed by a line feed")
        expectInvalid("a = '''x\u{7f}'''\n", line: 1, "control character U+007F is not allowed in a multi-line literal string")
    }

    @Test func literalStrings() throws {
        let t = try parse(#"""
        winpath  = 'C:\Users\nodejs\templates'
        winpath2 = '\\ServerX\admin$\system32\'
        quoted   = 'Tom "Dubs" Preston-Werner'
        regex    = '<\i\c*\s*>'
        regex2 = '''I [dw]on't need \d{2} apples'''
        lines  = '''
        The first newline is
        trimmed in raw strings.
           All other whitespace
           is preserved.
        '''
        quot15 = '''Here are fifteen quotation marks: """""""""""""""'''
        apos15 = "Here are fifteen apostrophes: '''''''''''''''"
        str = ''''That,' she said, 'is still pointless.''''
        """#)
        #expect(t["winpath"] == .string(#"C:\Users\nodejs\templates"#))
        #expect(t["winpath2"] == .string(#"\\ServerX\admin$\system32\"#))
        #expect(t["quoted"] == .string(#"Tom "Dubs" Preston-Werner"#))
        #expect(t["regex"] == .string(#"<\i\c*\s*>"#))
        #expect(t["regex2"] == .string(#"I [dw]on't need \d{2} apples"#))
        #expect(t["lines"] == .string("The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n"))
        #expect(t["quot15"] == .string("Here are fifteen quotation marks: " + String(repeating: "\"", count: 15)))
        #expect(t["apos15"] == .string("Here are fifteen apostrophes: " + String(repeating: "'", count: 15)))
        #expect(t["str"] == .string("'That,' she said, 'is still pointless.'"))
    }

    @Test func invalidLiteralStrings() {
        expectInvalid("apos15 = '''Here are fifteen apostrophes: ''''''''''''''''''  # INVALID\n", line: 1)
        expectInvalid("a = 'no\nend'\n", line: 1, "newline is not allowed in a literal string")
        expectInvalid("a = 'bell \u{07}'\n", line: 1, "control character")
    }

    // MARK: Numbers and booleans

    @Test func integers() throws {
        let t = try parse("""
        int1 = +99
        int2 = 42
        int3 = 0
        int4 = -17
        int5 = 1_000
        int6 = 5_349_221
        int7 = 53_49_221  # Indian number system grouping
        int8 = 1_2_3_4_5  # VALID but discouraged
        zero1 = +0
        zero2 = -0
        hex1 = 0xDEADBEEF
        hex2 = 0xdeadbeef
        hex3 = 0xdead_beef
        oct1 = 0o01234567
        oct2 = 0o755 # useful for Unix file permissions
        bin1 = 0b11010110
        max = 9_223_372_036_854_775_807
        min = -9223372036854775808
        """)
        let expected: [(String, Int64)] = [
            ("int1", 99), ("int2", 42), ("int3", 0), ("int4", -17), ("int5", 1000), ("int6", 5_349_221),
            ("int7", 5_349_221), ("int8", 12345), ("zero1", 0), ("zero2", 0), ("hex1", 0xDEADBEEF),
            ("hex2", 0xDEADBEEF), ("hex3", 0xDEADBEEF), ("oct1", 0o01234567), ("oct2", 0o755), ("bin1", 0b11010110),
            ("max", Int64.max), ("min", Int64.min),
        ]
        for (key, value) in expected { #expect(t[key] == .integer(value), "\(key)") }
    }

    @Test func invalidIntegers() {
        expectInvalid("a = 0123\n", line: 1, "leading zeros")
        expectInvalid("a = 1__000\n", line: 1, "underscore")
        expectInvalid("a = _1000\n", line: 1, "expected a value")
        expectInvalid("a = 1000_\n", line: 1, "underscore")
        expectInvalid("a = +0x10\n", line: 1)
        expectInvalid("a = 0x_10\n", line: 1, "underscore")
        expectInvalid("a = 0o8\n", line: 1, "not a base-8 digit")
        expectInvalid("a = 0b102\n", line: 1, "not a base-2 digit")
        expectInvalid("a = 0XFF\n", line: 1)
        expectInvalid("a = 9223372036854775808\n", line: 1, "out of the 64-bit integer range")
        expectInvalid("a = -9223372036854775809\n", line: 1, "out of the 64-bit integer range")
        expectInvalid("a = 0x1_0000_0000_0000_0000\n", line: 1, "out of the 64-bit integer range")
    }

    @Test func floats() throws {
        let t = try parse("""
        flt1 = +1.0
        flt2 = 3.1415
        flt3 = -0.01
        flt4 = 5e+22
        flt5 = 1e06
        flt6 = -2E-2
        flt7 = 6.626e-34
        flt8 = 224_617.445_991_228
        sf1 = inf  # positive infinity
        sf2 = +inf # positive infinity
        sf3 = -inf # negative infinity
        sf4 = nan  # actual sNaN/qNaN encoding is implementation-specific
        sf5 = +nan # same as `nan`
        sf6 = -nan # valid, actual encoding is implementation-specific
        z1 = -0.0
        z2 = +0.0
        """)
        let expected: [(String, Double)] = [
            ("flt1", 1.0), ("flt2", 3.1415), ("flt3", -0.01), ("flt4", 5e22), ("flt5", 1e6), ("flt6", -0.02),
            ("flt7", 6.626e-34), ("flt8", 224617.445991228), ("sf1", .infinity), ("sf2", .infinity), ("sf3", -.infinity),
            ("z1", -0.0), ("z2", 0.0),
        ]
        for (key, value) in expected { #expect(t[key] == .float(value), "\(key)") }
        #expect(t["z1"]?.floatValue?.sign == .minus)
        for key in ["sf4", "sf5", "sf6"] { #expect(t[key]?.floatValue?.isNaN == true, "\(key)") }
    }

    @Test func invalidFloats() {
        expectInvalid("invalid_float_1 = .7\n", line: 1, "expected a value")
        expectInvalid("invalid_float_2 = 7.\n", line: 1, "decimal point must be followed by digits")
        expectInvalid("invalid_float_3 = 3.e+20\n", line: 1, "decimal point must be followed by digits")
        expectInvalid("a = 1e\n", line: 1, "exponent needs digits")
        expectInvalid("a = 03.14\n", line: 1, "leading zeros")
        expectInvalid("a = 1._5\n", line: 1, "underscore")
        expectInvalid("a = infinity\n", line: 1)
        expectInvalid("a = NaN\n", line: 1)
    }

    @Test func booleans() throws {
        let t = try parse("bool1 = true\nbool2 = false\n")
        #expect(t["bool1"] == .boolean(true))
        #expect(t["bool2"] == .boolean(false))
        expectInvalid("a = True\n", line: 1, "expected a value")
        expectInvalid("a = truex\n", line: 1, "expected a newline after a value")
    }

    @Test func datesAndTimesAreRefusedClearly() {
        expectInvalid("odt1 = 1979-05-27T07:32:00Z\n", line: 1, "dates and times")
        expectInvalid("ld1 = 1979-05-27\n", line: 1, "dates and times")
        expectInvalid("lt1 = 07:32:00\n", line: 1, "dates and times")
    }

    // MARK: Arrays

    @Test func arrays() throws {
        let t = try parse("""
        integers = [ 1, 2, 3 ]
        colors = [ "red", "yellow", "green" ]
        nested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]
        nested_mixed_array = [ [ 1, 2 ], ["a", "b", "c"] ]
        string_array = [ "all", 'strings', \"\"\"are the same\"\"\", '''type''' ]

        # Mixed-type arrays are allowed
        numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]
        contributors = [
          "Foo Bar <foo@example.com>",
          { name = "Baz Qux", email = "bazqux@example.com", url = "https://example.com/bazqux" }
        ]
        integers2 = [
          1, 2, 3
        ]

        integers3 = [
          1,
          2, # this is ok
        ]
        empty = [ ]
        """)
        #expect(t["integers"] == .array([.integer(1), .integer(2), .integer(3)]))
        #expect(t["colors"] == .array(["red", "yellow", "green"].map(TOMLValue.string)))
        #expect(t["nested_arrays_of_ints"] == .array([.array([.integer(1), .integer(2)]), .array([.integer(3), .integer(4), .integer(5)])]))
        #expect(t["nested_mixed_array"] == .array([.array([.integer(1), .integer(2)]), .array(["a", "b", "c"].map(TOMLValue.string))]))
        #expect(t["string_array"] == .array(["all", "strings", "are the same", "type"].map(TOMLValue.string)))
        #expect(t["numbers"] == .array([.float(0.1), .float(0.2), .float(0.5), .integer(1), .integer(2), .integer(5)]))
        #expect(t["contributors"] == .array([
            .string("Foo Bar <foo@example.com>"),
            table([("name", .string("Baz Qux")), ("email", .string("bazqux@example.com")), ("url", .string("https://example.com/bazqux"))]),
        ]))
        #expect(t["integers2"] == t["integers"])
        #expect(t["integers3"] == .array([.integer(1), .integer(2)]))
        #expect(t["empty"] == .array([]))
    }

    @Test func invalidArrays() {
        expectInvalid("a = [1 2]\n", line: 1, "expected ',' or ']'")
        expectInvalid("a = [1,,2]\n", line: 1, "expected a value")
        expectInvalid("a = [1, 2\n", line: 2, "unterminated array")
        expectInvalid("a = [,]\n", line: 1, "expected a value")
        expectInvalid(String(repeating: "a = " + String(repeating: "[", count: 200), count: 1) + "\n", line: 1, "nested more than 128 deep")
    }

    // MARK: Locations and rendering

    @Test func locationsAreKept() throws {
        let document = try TOMLDocument(parsing: "# c\n[limits]\n  max_batch = 5\n[listen]\ntcp = [\"x\"]\n")
        #expect(document.location(of: ["limits", "max_batch"]) == TOMLLocation(line: 3, column: 3))
        #expect(document.location(of: ["listen"]) == TOMLLocation(line: 4, column: 1))
        #expect(document.location(of: ["listen", "tcp"]) == TOMLLocation(line: 5, column: 1))
        #expect(document.location(of: ["nope"]) == nil)
    }

    @Test func errorsNameLineAndColumn() {
        do {
            _ = try TOMLDocument(parsing: "a = 1\nb = \"x\\q\"\n")
            Issue.record("accepted a bad escape")
        } catch {
            #expect(error.description == #"2:7: invalid escape sequence \q (allowed: \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX)"#)
        }
    }

    @Test func renderedValuesParseBack() throws {
        let values: [TOMLValue] = [
            .string("quote \" backslash \\ newline \n tab \t bell \u{07} é 😀"), .integer(Int64.min), .integer(42),
            .float(1.5), .float(1e300), .float(-0.0), .float(3), .float(.infinity), .float(-.infinity), .boolean(false),
            .array([.integer(1), .array([]), .string("x")]),
            table([("a b", .integer(1)), ("c", table([("d", .array([table([])]))])), ("", .boolean(true))]),
        ]
        for value in values {
            let text = "v = " + value.tomlText + "\n"
            #expect(try parse(text)["v"] == value, "\(text)")
        }
        #expect(try parse("v = " + TOMLValue.float(.nan).tomlText)["v"]?.floatValue?.isNaN == true)
    }

    @Test func emptyAndWhitespaceDocuments() throws {
        #expect(try parse("").isEmpty)
        #expect(try parse("\n\n  # only comments\r\n\t\n").isEmpty)
        #expect(try parse("a=1").count == 1)
    }
}
