import FoundationEssentials

/// Builds mdoc(7) source line by line, escaping text so that help strings can never be read as macros.
struct Mdoc {
    private(set) var lines: [String] = []

    /// The page source, ending in a newline.
    var source: String { lines.joined(separator: "\n") + "\n" }

    /// A comment line (`.\"`).
    mutating func comment(_ text: String) {
        lines.append(#".\" "# + text)
    }

    /// A macro line: `name` followed by its already escaped arguments.
    mutating func macro(_ name: String, _ arguments: String...) {
        macro(name, arguments)
    }

    mutating func macro(_ name: String, _ arguments: [String]) {
        lines.append((["." + name] + arguments.filter { !$0.isEmpty }).joined(separator: " "))
    }

    /// Prose: one text line per source line; blank lines become paragraph breaks and indented runs
    /// (examples) literal displays.
    mutating func prose(_ text: String) {
        let source = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        var pendingBreak = false
        var wroteAny = false
        while index < source.count {
            let line = source[index]
            if line.allSatisfy(\.isWhitespace) {
                pendingBreak = wroteAny
                index += 1
                continue
            }
            let isIndented = line.first?.isWhitespace == true
            // A literal display starts with its own vertical space.
            if pendingBreak && !isIndented { macro("Pp") }
            pendingBreak = false
            if isIndented {
                var block: [String] = []
                while index < source.count, source[index].first?.isWhitespace == true {
                    block.append(source[index])
                    index += 1
                }
                literal(block)
            } else {
                lines += Mdoc.textLines(line)
                index += 1
            }
            wroteAny = true
        }
    }

    /// A literal display of `block`, its common indentation removed.
    private mutating func literal(_ block: [String]) {
        let indent = block.map { $0.prefix(while: \.isWhitespace).count }.min() ?? 0
        macro("Bd", "-literal", "-offset", "indent")
        for line in block {
            lines.append(Mdoc.text(String(line.dropFirst(indent))))
        }
        macro("Ed")
    }

    /// Longest text line written, as mandoc's style check wants.
    static let lineWidth = 80

    /// A line of prose as text lines: each sentence on a line of its own (so that formatters space
    /// sentences properly), and long sentences wrapped between words.
    static func textLines(_ line: String) -> [String] {
        var out: [String] = []
        var current = ""
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        for (index, word) in words.enumerated() {
            let candidate = current.isEmpty ? word : current + " " + word
            if !current.isEmpty && text(candidate).utf8.count > lineWidth {
                out.append(text(current))
                current = word
            } else {
                current = candidate
            }
            let next = index + 1 < words.count ? words[index + 1] : nil
            if let next, endsSentence(word), next.first?.isUppercase == true {
                out.append(text(current))
                current = ""
            }
        }
        if !current.isEmpty { out.append(text(current)) }
        return out
    }

    /// Whether `word` closes a sentence: it ends in `.`, `?` or `!` and is not an abbreviation like `e.g.`.
    private static func endsSentence(_ word: String) -> Bool {
        guard let last = word.last, ".?!".contains(last), word.count > 1 else { return false }
        return !word.dropLast().contains(".")
    }

    /// `text` as a text line: backslashes and hyphens escaped, and a leading `.` or `'` (which would start
    /// a request) or a leading space (which would break the line) protected with `\&`.
    static func text(_ text: String) -> String {
        let escaped = escape(text)
        if let first = escaped.first, first == "." || first == "'" || first == " " { return #"\&"# + escaped }
        return escaped
    }

    /// `word` as one macro argument: escaped, quoted when it holds spaces, and kept from being read as a
    /// macro name or a delimiter.
    static func argument(_ word: String) -> String {
        var escaped = escape(word).replacing("\"", with: #"\(dq"#)
        if escaped.isEmpty { return #"\&"# }
        let isMacroLike = escaped.count <= 3 && escaped.first?.isUppercase == true
            && escaped.dropFirst().allSatisfy(\.isLowercase)
        let isDelimiter = escaped.count == 1 && ".,;:?!()[]|".contains(escaped)
        if isMacroLike || isDelimiter { escaped = #"\&"# + escaped }
        if escaped.contains(" ") || escaped.contains("\t") { return "\"" + escaped + "\"" }
        return escaped
    }

    /// Words on a macro line that takes the rest of the line (`Nd`): each one kept from being read as a
    /// macro name or a delimiter.
    static func words(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).map { argument(String($0)) }.joined(separator: " ")
    }

    /// An option spelling for `Fl`, which writes the first dash itself: `--network` → `-network`.
    static func flag(_ spelling: String) -> String {
        argument(spelling.hasPrefix("-") ? String(spelling.dropFirst()) : spelling)
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "\\": out += #"\e"#
            case "-": out += #"\-"#
            default: out.append(character)
            }
        }
        return out
    }
}
