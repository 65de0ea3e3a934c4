import Foundation
import SovJSON
import SovPrimitives

/// Published vectors and recorded Core fixtures in `../shared` beside the repository.
enum Fixtures {
    /// `<repo>/../shared`, found from this file's path (Tests/SovPrimitivesTests/Fixtures.swift → up 3).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")

    /// Whether `../shared` exists; prints a loud notice when it does not.
    static var isAvailable: Bool {
        let present = FileManager.default.fileExists(atPath: root.path)
        if !present { print("SKIPPED: ../shared not found at \(root.path): vector tests did not run") }
        return present
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    static func json(_ relative: String) throws -> JSONValue {
        try JSONParser.parse(try text(relative))
    }

    /// Each non-empty line of a JSON-lines file, parsed.
    static func jsonLines(_ relative: String) throws -> [JSONValue] {
        try text(relative).split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    /// The test cases of one of Core's `src/test/data` arrays: entries that are not a lone comment string.
    static func coreCases(_ relative: String) throws -> [[JSONValue]] {
        let all = try json(relative).arrayValue ?? []
        return all.compactMap { entry in
            guard let items = entry.arrayValue else { return nil }
            if items.count == 1, items[0].stringValue != nil { return nil }
            return items
        }
    }

    /// The raw blocks of a recorded chain, one hex line per height.
    static func chain(_ relative: String) throws -> [[UInt8]] {
        try text(relative).split(separator: "\n").map { try Hex.decode($0) }
    }
}


extension Fixtures {
    /// Parses `../shared/<relative>`, or nil (after printing SKIPPED) when it is not there.
    static func optionalJSON(_ relative: String) throws -> JSONValue? {
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path) else {
            print("SKIPPED: ../shared not found (\(relative))")
            return nil
        }
        return try json(relative)
    }
}
