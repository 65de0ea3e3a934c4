import Foundation
import SovJSON

/// Ground truth from `../shared` (beside the repository root). Missing files print a loud SKIPPED line.
enum Fixtures {
    /// The repository root: Tests/SovInspectTests/Fixtures.swift → up 3.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// Parses `../shared/<relativePath>`, or nil (after printing SKIPPED) when it is not there.
    static func json(_ relativePath: String) throws -> JSONValue? {
        let url = shared.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            print("SKIPPED: ../shared not found (\(relativePath))")
            return nil
        }
        return try JSONParser.parse(String(decoding: data, as: UTF8.self))
    }
}
