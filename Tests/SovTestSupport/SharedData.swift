import Foundation
import SovJSON
import SovPrimitives

/// Ground truth recorded from a real Bitcoin Core and published vectors, in `../shared` beside the
/// repository: one reader for every test target.
public enum SharedData {
    /// `<repo>/../shared`, found from this file's path (Tests/SovTestSupport/SharedData.swift → up 3).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")

    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }
    public static func path(_ relative: String) -> String { url(relative).path }

    public static func text(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }

    public static func bytes(_ relative: String) throws -> [UInt8] { Array(try Data(contentsOf: url(relative))) }
    public static func data(_ relative: String) throws -> [UInt8] { try bytes(relative) }

    public static func json(_ relative: String) throws -> JSONValue { try JSONParser.parse(try text(relative)) }

    /// Each non-empty line of a JSON-lines file, parsed.
    public static func jsonLines(_ relative: String) throws -> [JSONValue] {
        try text(relative).split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    /// The test cases of one of Core's `src/test/data` arrays: entries that are not a lone comment string.
    public static func coreCases(_ relative: String) throws -> [[JSONValue]] {
        guard let entries = try json(relative).arrayValue else { throw FixtureError("\(relative) is not a JSON array") }
        return entries.compactMap { entry in
            guard let items = entry.arrayValue else { return nil }
            if items.count == 1, items[0].stringValue != nil { return nil }
            return items
        }
    }

    /// The raw blocks of a recorded chain file, one hex line per height.
    public static func chain(_ relative: String) throws -> [[UInt8]] {
        try text(relative).split(separator: "\n").map { try Hex.decode($0) }
    }

    /// The `result` of a recorded RPC exchange (`rpc/*.json`).
    public static func rpcResult(_ relative: String) throws -> JSONValue? {
        guard let body = try json(relative)["body"]?.stringValue else { throw FixtureError("\(relative) has no body") }
        return try JSONParser.parse(body)["result"]
    }
}

/// A fixture is missing or not shaped as the test expects.
public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
