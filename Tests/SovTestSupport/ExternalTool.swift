import Foundation
import Testing

/// A program from Debian's packages that tests use as an independent peer (`qrencode`, `zbarimg`, `tor`,
/// `chromium`): found on PATH; missing, it skips the test on a developer's machine and fails it under CI.
public struct ExternalTool: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The tool named `name`, or nil after printing why the test is skipped (recording a failure under CI).
    public static func find(_ name: String, package: String, sourceLocation: SourceLocation = #_sourceLocation) -> ExternalTool? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") + ":/usr/sbin:/sbin"
        for directory in directories.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return ExternalTool(path: candidate) }
        }
        if SharedData.underCI {
            Issue.record("\(name) is not installed (apt-get install \(package)); .ci/setup installs it", sourceLocation: sourceLocation)
        } else {
            print("SKIPPED: \(name) is not on PATH (apt-get install \(package))")
        }
        return nil
    }

    public struct Result: Sendable {
        public let status: Int32
        public let stdout: Data
        public let stderr: String
        public var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs the tool to its end on a thread of its own.
    public func run(_ arguments: [String], input: Data? = nil, environment: [String: String] = [:]) async throws -> Result {
        let path = path
        return try await offThePool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
            let out = Pipe()
            let err = Pipe()
            let stdin = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = input == nil ? FileHandle.nullDevice : stdin
            try process.run()
            nonisolated(unsafe) var errorData = Data()
            let output = try process.readingUntilExit {
                if let input {
                    stdin.fileHandleForWriting.write(input)
                    try? stdin.fileHandleForWriting.close()
                }
                let reader = Thread { errorData = err.fileHandleForReading.readDataToEndOfFile() }
                reader.start()
                let output = out.fileHandleForReading.readDataToEndOfFile()
                while reader.isExecuting || !reader.isFinished { usleep(1000) }
                return output
            }
            return Result(status: process.terminationStatus, stdout: output, stderr: String(decoding: errorData, as: UTF8.self))
        }
    }
}
