/// A TOML table: keys in the order the text defined them, each with its value and, for parsed tables,
/// where the key was written. Equality ignores order and locations, as TOML tables are unordered.
public struct TOMLTable: Sendable, Equatable {
    /// One key of the table.
    public struct Entry: Sendable {
        public var key: String
        public var value: TOMLValue
        /// Where the key (or the table's header) was written; nil for tables built in code.
        public var location: TOMLLocation?

        public init(key: String, value: TOMLValue, location: TOMLLocation? = nil) {
            self.key = key
            self.value = value
            self.location = location
        }
    }

    /// The entries in definition order.
    public private(set) var entries: [Entry] = []
    private var positions: [String: Int] = [:]

    public init() {}

    /// A table of `pairs`, in order; a repeated key keeps its last value.
    public init(_ pairs: [(String, TOMLValue)]) {
        for (key, value) in pairs { set(key, value) }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }
    /// The keys in definition order.
    public var keys: [String] { entries.map(\.key) }

    public subscript(key: String) -> TOMLValue? { entry(key)?.value }

    /// The entry for `key`, with its location.
    public func entry(_ key: String) -> Entry? { positions[key].map { entries[$0] } }

    /// The value at a dotted path of keys through nested tables (`["limits", "max_batch"]`).
    public func value(at path: [String]) -> TOMLValue? {
        guard let first = path.first, let value = self[first] else { return nil }
        if path.count == 1 { return value }
        return value.tableValue?.value(at: Array(path.dropFirst()))
    }

    /// Sets `key` to `value`: replaces an existing entry in place, or appends a new one.
    public mutating func set(_ key: String, _ value: TOMLValue, location: TOMLLocation? = nil) {
        if let position = positions[key] {
            entries[position] = Entry(key: key, value: value, location: location)
        } else {
            positions[key] = entries.count
            entries.append(Entry(key: key, value: value, location: location))
        }
    }

    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.entries.allSatisfy { rhs[$0.key] == $0.value }
    }

    /// `key` as TOML writes it: bare when it is made of `A-Za-z0-9_-` only, else a basic string.
    public static func keyText(_ key: String) -> String {
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy { TOMLParser.isBareKeyScalar($0) }
        return bare ? key : TOMLValue.basicString(key)
    }
}
