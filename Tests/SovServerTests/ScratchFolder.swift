import Foundation

/// A temporary folder for one test, removed when the test's suite instance goes away.
final class ScratchFolder: Sendable {
    let root: String

    init(_ prefix: String) {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// A new empty folder inside the scratch folder.
    func folder() throws -> String {
        let path = root + "/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }
}
