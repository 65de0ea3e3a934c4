import Foundation
import SovJSON

/// Ground truth recorded from a real Bitcoin Core, in `../shared` beside the repository.
enum SharedFixtures {
    /// `<repo>/../shared`, found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")

    static var isAvailable: Bool {
        let present = FileManager.default.fileExists(atPath: root.path)
        if !present { print("SKIPPED: ../shared not found at \(root.path): golden tests did not run") }
        return present
    }

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }

    static func data(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(relative)))
    }

    static func json(_ relative: String) throws -> JSONValue {
        try JSONParser.parse(try text(relative))
    }

    /// Each line of a JSON-lines file, parsed.
    static func jsonLines(_ relative: String) throws -> [JSONValue] {
        try text(relative).split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }
}
