/// A strict TOML v1.0.0 parser (https://toml.io/en/v1.0.0) for sov's configuration files, without the
/// date and time types (rejected with a clear error). Everything else of the specification is read:
/// comments, `[table]` and `[[array of tables]]` headers, bare, quoted and dotted keys, the four string
/// forms with every escape, decimal/hex/octal/binary integers with `_`, floats with `inf` and `nan`,
/// booleans, multi-line arrays with trailing commas and inline tables. Whatever the specification
/// forbids is an error naming the line and column: duplicate keys, tables defined twice, tables defined
/// by dotted keys reopened with a header, inline tables or static arrays extended, bad escapes, control
/// characters, leading zeros, misplaced underscores, integers out of range. Nesting is capped so hostile
/// input cannot exhaust the stack.
struct TOMLParser {
    /// Deepest nesting of arrays and inline tables accepted.
    static let maximumDepth = 128

    let text: [Unicode.Scalar]
    var index = 0
    /// Offsets of the first scalar of each line, for locations.
    let lineStarts: [Int]
    /// Counts table sections (`[x]`, `[[x]]`) and inline tables: tables made by dotted keys belong to one.
    private var section = 0

    init(_ source: String) {
        text = Array(source.unicodeScalars)
        var starts = [0]
        for (offset, scalar) in text.enumerated() where scalar == "\n" { starts.append(offset + 1) }
        lineStarts = starts
    }

    /// Whether `scalar` may appear in a bare key: `A-Z a-z 0-9 _ -`.
    static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": return true
        default: return false
        }
    }

    // MARK: The document

    /// Parses the whole text into its root table.
    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        let root = Node(origin: .header, location: TOMLLocation(line: 1, column: 1), path: [])
        var current = root
        while true {
            skipWhitespace()
            guard let scalar = peek() else { break }
            switch scalar {
            case "#", "\n", "\r":
                try endOfLine(after: "")
            case "[":
                current = try parseHeader(root: root)
                try endOfLine(after: "a table header")
            default:
                try parseKeyValue(into: current, section: section, depth: 0)
                try endOfLine(after: "a value")
            }
        }
        return root.table
    }

    /// After a header or key/value pair: optional whitespace and comment, then a newline or the end.
    mutating func endOfLine(after what: String) throws(TOMLError) {
        skipWhitespace()
        if peek() == "#" { try skipComment() }
        guard let scalar = peek() else { return }
        if scalar == "\n" { index += 1; return }
        if scalar == "\r", peek(1) == "\n" { index += 2; return }
        if scalar == "\r" { throw error("a carriage return must be followed by a line feed") }
        throw error(what.isEmpty ? "unexpected \(describe(scalar))" : "expected a newline after \(what), found \(describe(scalar))")
    }

    /// A comment from `#` to the end of the line (the newline is left); control characters other than
    /// tab are not allowed in it.
    mutating func skipComment() throws(TOMLError) {
        index += 1
        while let scalar = peek(), scalar != "\n" {
            if scalar == "\r", peek(1) == "\n" { return }
            if Self.isControl(scalar) { throw error("control character \(describe(scalar)) in a comment") }
            index += 1
        }
    }

    // MARK: Headers

    /// `[a.b]` or `[[a.b]]`: defines (or appends) the table and returns it as the current table.
    private mutating func parseHeader(root: Node) throws(TOMLError) -> Node {
        let start = location()
        let isArray = peek(1) == "["
        index += isArray ? 2 : 1
        skipWhitespace()
        let key = try parseKey()
        skipWhitespace()
        if isArray {
            guard peek() == "]", peek(1) == "]" else { throw error("expected ']]' to close the array of tables header") }
            index += 2
        } else {
            guard peek() == "]" else { throw error("expected ']' to close the table header") }
            index += 1
        }
        section += 1
        let name = key.path.joined(separator: ".")
        var table = root
        for (depth, part) in key.path.dropLast().enumerated() {
            let prefix = key.path.prefix(depth + 1).joined(separator: ".")
            switch table.entries[part] {
            case nil:
                let child = Node(origin: .implicit, location: start, path: Array(key.path.prefix(depth + 1)))
                table.append(part, .table(child))
                table = child
            case .table(let child)?:
                table = child
            case .tables(let elements)?:
                guard let last = elements.last else { throw TOMLError(start, "internal: empty array of tables") }
                table = last
            case .value(let value, let at)?:
                throw TOMLError(key.locations[depth], "cannot define [\(name)]: \(prefix) is already \(article(value)) \(value.typeName) (defined at \(at))")
            }
        }
        guard let last = key.path.last else { throw TOMLError(start, "empty header") }
        let lastLocation = key.locations[key.locations.count - 1]
        switch table.entries[last] {
        case nil:
            let child = Node(origin: .header, location: start, path: key.path)
            table.append(last, isArray ? .tables([child]) : .table(child))
            return child
        case .table(let existing)?:
            if isArray { throw TOMLError(lastLocation, "cannot define [[\(name)]]: \(name) is already a table (defined at \(existing.location))") }
            switch existing.origin {
            case .header: throw TOMLError(lastLocation, "table [\(name)] is defined twice (first at \(existing.location))")
            case .dotted: throw TOMLError(lastLocation, "table [\(name)] was already defined by dotted keys at \(existing.location)")
            case .implicit:
                existing.origin = .header
                return existing
            }
        case .tables(let elements)?:
            guard isArray else { throw TOMLError(lastLocation, "cannot define [\(name)]: \(name) is an array of tables") }
            let child = Node(origin: .header, location: start, path: key.path)
            table.entries[last] = .tables(elements + [child])
            return child
        case .value(let value, let at)?:
            if isArray, case .array = value {
                throw TOMLError(lastLocation, "cannot append [[\(name)]] to the static array defined at \(at)")
            }
            throw TOMLError(lastLocation, "cannot define \(isArray ? "[[\(name)]]" : "[\(name)]"): \(name) is already \(article(value)) \(value.typeName) (defined at \(at))")
        }
    }

    // MARK: Keys and values

    /// `key = value` into `table`, the value nesting at `depth`; the tables a dotted key creates belong
    /// to `section`. Inside an inline table (its own section) the same rules keep it self-contained.
    private mutating func parseKeyValue(into table: Node, section: Int, depth: Int) throws(TOMLError) {
        let key = try parseKey()
        skipWhitespace()
        guard peek() == "=" else {
            throw error(peek().map { "expected '=' after the key \(key.path.joined(separator: ".")), found \(describe($0))" }
                        ?? "expected '=' after the key \(key.path.joined(separator: "."))")
        }
        index += 1
        skipWhitespace()
        let value = try parseValue(depth: depth)
        var target = table
        for (depth, part) in key.path.dropLast().enumerated() {
            let prefix = (target.path + [part]).joined(separator: ".")
            switch target.entries[part] {
            case nil:
                let child = Node(origin: .dotted(section: section), location: key.locations[depth], path: target.path + [part])
                target.append(part, .table(child))
                target = child
            case .table(let child)?:
                switch child.origin {
                case .header:
                    throw TOMLError(key.locations[depth], "cannot add to table \(prefix) with dotted keys: it was defined by its header at \(child.location)")
                case .dotted(let owner) where owner != section:
                    throw TOMLError(key.locations[depth], "cannot add to table \(prefix) with dotted keys here: it was defined at \(child.location) under another header")
                case .dotted:
                    break
                case .implicit:
                    child.origin = .dotted(section: section)
                }
                target = child
            case .tables(let elements)?:
                throw TOMLError(key.locations[depth], "cannot add to \(prefix) with dotted keys: it is an array of tables (defined at \(elements.first?.location ?? key.locations[depth]))")
            case .value(let existing, let at)?:
                let what = existing.tableValue != nil ? "an inline table, which cannot be extended" : "\(article(existing)) \(existing.typeName)"
                throw TOMLError(key.locations[depth], "cannot use \(prefix) as a table: it is already \(what) (defined at \(at))")
            }
        }
        guard let last = key.path.last else { return }
        let lastLocation = key.locations[key.locations.count - 1]
        if let existing = target.entries[last] {
            throw TOMLError(lastLocation, "duplicate key \((target.path + [last]).joined(separator: ".")) (first defined at \(existing.location))")
        }
        target.append(last, .value(value, lastLocation))
    }

    /// A possibly dotted key, with where each part was written.
    mutating func parseKey() throws(TOMLError) -> (path: [String], locations: [TOMLLocation]) {
        var path: [String] = []
        var locations: [TOMLLocation] = []
        while true {
            locations.append(location())
            path.append(try parseSimpleKey())
            let save = index
            skipWhitespace()
            guard peek() == "." else { index = save; break }
            index += 1
            skipWhitespace()
        }
        return (path, locations)
    }

    mutating func parseSimpleKey() throws(TOMLError) -> String {
        guard let scalar = peek() else { throw error("expected a key, found the end of the text") }
        if scalar == "\"" {
            if peek(1) == "\"", peek(2) == "\"" { throw error("a multi-line string cannot be a key") }
            return try parseString(quote: "\"", multiline: false)
        }
        if scalar == "'" {
            if peek(1) == "'", peek(2) == "'" { throw error("a multi-line string cannot be a key") }
            return try parseString(quote: "'", multiline: false)
        }
        var key = String.UnicodeScalarView()
        while let c = peek(), Self.isBareKeyScalar(c) {
            key.append(c)
            index += 1
        }
        guard !key.isEmpty else { throw error("expected a key, found \(describe(scalar))") }
        return String(key)
    }

    mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLValue {
        guard depth < Self.maximumDepth else { throw error("arrays and inline tables nested more than \(Self.maximumDepth) deep") }
        guard let scalar = peek() else { throw error("expected a value, found the end of the text") }
        switch scalar {
        case "\"", "'":
            return .string(try parseString(quote: scalar, multiline: peek(1) == scalar && peek(2) == scalar))
        case "t":
            guard matches("true") else { throw error("expected a value, found \(describeWord())") }
            index += 4
            return .boolean(true)
        case "f":
            guard matches("false") else { throw error("expected a value, found \(describeWord())") }
            index += 5
            return .boolean(false)
        case "[":
            return try parseArray(depth: depth)
        case "{":
            return try parseInlineTable(depth: depth)
        case "0"..."9", "+", "-", "i", "n":
            return try parseNumber()
        default:
            throw error("expected a value, found \(describe(scalar))")
        }
    }

    mutating func parseArray(depth: Int) throws(TOMLError) -> TOMLValue {
        index += 1
        var items: [TOMLValue] = []
        while true {
            try skipWhitespaceCommentsAndNewlines()
            if peek() == "]" { index += 1; return .array(items) }
            items.append(try parseValue(depth: depth + 1))
            try skipWhitespaceCommentsAndNewlines()
            switch peek() {
            case ","?: index += 1
            case "]"?: index += 1; return .array(items)
            case nil: throw error("unterminated array: expected ']'")
            case let other?: throw error("expected ',' or ']' in an array, found \(describe(other))")
            }
        }
    }

    mutating func parseInlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
        let start = location()
        index += 1
        section += 1
        let inlineSection = section
        let table = Node(origin: .header, location: start, path: [])
        skipWhitespace()
        if peek() == "}" { index += 1; return .table(table.table) }
        while true {
            skipWhitespace()
            if peek() == "}" { throw error("a trailing comma is not allowed in an inline table") }
            try parseKeyValue(into: table, section: inlineSection, depth: depth + 1)
            skipWhitespace()
            switch peek() {
            case ","?: index += 1
            case "}"?: index += 1; return .table(table.table)
            case "\n"?, "\r"?: throw error("an inline table must be on one line: expected ',' or '}' before the newline")
            case "#"?: throw error("a comment cannot appear inside an inline table")
            case nil: throw error("unterminated inline table: expected '}'")
            case let other?: throw error("expected ',' or '}' in an inline table, found \(describe(other))")
            }
        }
    }

    // MARK: The tree being built

    /// How a table came to exist, which decides whether it may be defined again: a header may define a
    /// table that only exists implicitly (as the prefix of another header); dotted keys may extend tables
    /// they created within the same section.
    private enum Origin {
        case implicit
        case header
        case dotted(section: Int)
    }

    private enum Entry {
        case value(TOMLValue, TOMLLocation)
        case table(Node)
        case tables([Node])

        var location: TOMLLocation {
            switch self {
            case .value(_, let at): return at
            case .table(let node): return node.location
            case .tables(let nodes): return nodes.first?.location ?? TOMLLocation(line: 1, column: 1)
            }
        }
    }

    private final class Node {
        var origin: Origin
        let location: TOMLLocation
        /// The keys from the root (or from the inline table) to this table.
        let path: [String]
        var order: [String] = []
        var entries: [String: Entry] = [:]

        init(origin: Origin, location: TOMLLocation, path: [String]) {
            self.origin = origin
            self.location = location
            self.path = path
        }

        func append(_ key: String, _ entry: Entry) {
            order.append(key)
            entries[key] = entry
        }

        var table: TOMLTable {
            var out = TOMLTable()
            for key in order {
                guard let entry = entries[key] else { continue }
                switch entry {
                case .value(let value, let at): out.set(key, value, location: at)
                case .table(let node): out.set(key, .table(node.table), location: node.location)
                case .tables(let nodes): out.set(key, .array(nodes.map { .table($0.table) }), location: nodes.first?.location)
                }
            }
            return out
        }
    }
}
