/// A JSON value that keeps object keys in insertion order and numbers as their literal text.
///
/// Bitcoin Core's RPC output is compared byte for byte, so neither key order nor number formatting
/// (`50.00000000`) may be lost: objects are ordered pair lists and numbers carry their exact digits.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number as its literal JSON text, e.g. `"42"` or `"0.00010000"`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// An integer number.
    public static func int<T: BinaryInteger>(_ value: T) -> JSONValue { .number(String(value)) }

    /// An amount of satoshis written as bitcoins with eight decimals, as Core's `ValueFromAmount` does.
    public static func amount(_ satoshis: Int64) -> JSONValue {
        let negative = satoshis < 0
        let magnitude = satoshis.magnitude
        let whole = magnitude / 100_000_000
        let fraction = String(magnitude % 100_000_000)
        let padded = String(repeating: "0", count: 8 - fraction.count) + fraction
        return .number((negative ? "-" : "") + String(whole) + "." + padded)
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var int64Value: Int64? { if case .number(let n) = self { return Int64(n) }; return nil }
    public var intValue: Int? { if case .number(let n) = self { return Int(n) }; return nil }
    public var doubleValue: Double? { if case .number(let n) = self { return Double(n) }; return nil }
    public var isNull: Bool { self == .null }

    /// Parses a decimal amount in bitcoins ("0.12200000", "50") into satoshis exactly.
    public var satoshis: Int64? {
        guard case .number(let text) = self else { return nil }
        return JSONValue.parseAmount(text)
    }

    static func parseAmount(_ text: String) -> Int64? {
        var s = Substring(text)
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let wholePart = parts.first, !wholePart.isEmpty,
              wholePart.allSatisfy(\.isASCIIDigit), let whole = Int64(wholePart) else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard digits.count <= 8, digits.allSatisfy(\.isASCIIDigit) else { return nil }
            fraction = Int64(digits + String(repeating: "0", count: 8 - digits.count)) ?? 0
        }
        let (product, overflow) = whole.multipliedReportingOverflow(by: 100_000_000)
        guard !overflow else { return nil }
        return negative ? -(product + fraction) : product + fraction
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}

/// An ordered JSON object.
public struct JSONObject: Sendable, Equatable {
    public private(set) var entries: [(key: String, value: JSONValue)] = []

    public init() {}
    public init(_ entries: [(String, JSONValue)]) { self.entries = entries.map { (key: $0.0, value: $0.1) } }

    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((key: key, value: newValue))
            }
        }
    }

    /// Appends a key without looking for an existing one (Core's `pushKV`).
    public mutating func append(_ key: String, _ value: JSONValue) { entries.append((key: key, value: value)) }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
