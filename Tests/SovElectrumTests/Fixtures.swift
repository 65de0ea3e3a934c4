import Foundation
import SovJSON
import SovPrimitives

/// Recorded chains in `../shared` beside the repository.
enum Fixtures {
    /// `<repo>/../shared`, found from this file's path (Tests/SovElectrumTests/Fixtures.swift → up 3).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")

    /// Whether `../shared` exists; prints a loud notice when it does not.
    static var isAvailable: Bool {
        let present = FileManager.default.fileExists(atPath: root.path)
        if !present { print("SKIPPED: ../shared not found at \(root.path): Electrum fixture tests did not run") }
        return present
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    static func json(_ relative: String) throws -> JSONValue { try JSONParser.parse(try text(relative)) }

    /// The raw blocks of a recorded chain, one hex line per height.
    static func chain(_ fixture: String) throws -> [[UInt8]] {
        try text("fixtures/\(fixture)/chain.hex").split(separator: "\n").map { try Hex.decode($0) }
    }
}
