import FoundationEssentials
import SovPrimitives

/// A parsed TOML file (TOML v1.0.0, https://toml.io/en/v1.0.0, without dates and times): its root table,
/// with every key's location kept for error messages. sov's configuration files are read with it.
///
/// ```swift
/// let document = try TOMLDocument(parsing: "[limits]\nmax_batch = 50\n")
/// document.root.value(at: ["limits", "max_batch"])   // .integer(50)
/// ```
public struct TOMLDocument: Sendable, Equatable {
    /// The top-level table.
    public var root: TOMLTable

    public init(root: TOMLTable) {
        self.root = root
    }

    /// Parses TOML text; throws a `TOMLError` with the line and column of the first problem.
    public init(parsing text: String) throws(TOMLError) {
        var parser = TOMLParser(text)
        root = try parser.parseDocument()
    }

    /// Reads and parses the UTF-8 file at `path`. Errors that are not about the TOML itself (the file
    /// cannot be read, is not UTF-8) are thrown as `TOMLError` at 1:1 with the reason.
    public init(contentsOfFile path: String) throws(TOMLError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TOMLError(TOMLLocation(line: 1, column: 1), "cannot read the file: \(systemErrorText(error))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TOMLError(TOMLLocation(line: 1, column: 1), "the file is not valid UTF-8")
        }
        try self.init(parsing: text)
    }

    /// Where the value at a dotted path was defined (for arrays of tables: in their first element).
    public func location(of path: [String]) -> TOMLLocation? {
        var table = root
        for (offset, key) in path.enumerated() {
            guard let entry = table.entry(key) else { return nil }
            if offset == path.count - 1 { return entry.location }
            if let next = entry.value.tableValue {
                table = next
            } else if let first = entry.value.arrayValue?.first?.tableValue {
                table = first
            } else {
                return nil
            }
        }
        return nil
    }
}
