import Foundation
import SovJSON
import SovPrimitives

/// Recorded Core fixtures in `../shared` beside the repository.
enum Fixtures {
    /// `<repo>/../shared`, found from this file's path (Tests/SovIndexTests/Fixtures.swift → up 3).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")

    /// Whether `../shared` exists; prints a loud notice when it does not.
    static var isAvailable: Bool {
        let present = FileManager.default.fileExists(atPath: root.path)
        if !present { print("SKIPPED: ../shared not found at \(root.path): block file tests did not run") }
        return present
    }

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    static func json(_ relative: String) throws -> JSONValue { try JSONParser.parse(try text(relative)) }

    /// The `result` of a recorded RPC exchange.
    static func rpcResult(_ relative: String) throws -> JSONValue? {
        guard let body = try json(relative)["body"]?.stringValue else { return nil }
        return try JSONParser.parse(body)["result"]
    }

    /// The raw blocks of a recorded chain, one hex line per height.
    static func chain(_ relative: String) throws -> [[UInt8]] {
        try text(relative).split(separator: "\n").map { try Hex.decode($0) }
    }
}
