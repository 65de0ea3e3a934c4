import Foundation
import SovTestSupport

/// What one run of the `sov` binary did.
struct SovResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Standard error's lines, without the final newline.
    var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    /// Standard output's lines, without the final newline.
    var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
}

/// Runs the built `sov` executable as a subprocess, as a user would.
enum SovProcess {
    /// The `sov` executable of this build: `$SOV_BINARY` when set, else the one in the products directory
    /// beside the running test bundle, else the newest `.build*/debug/sov` in the repository.
    static let executable: URL? = locate()

    static func locate() -> URL? {
        let manager = FileManager.default
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SOV_BINARY"], !path.isEmpty { return URL(fileURLWithPath: path) }
        var directories: [URL] = []
        // The products directory holds the .xctest bundle (macOS) or executable (Linux) and `sov`.
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for start in [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments.first ?? "")].compactMap({ $0 }) {
            var url = start.resolvingSymlinksInPath()
            while url.pathComponents.count > 1 {
                if url.pathExtension == "xctest" { directories.append(url.deletingLastPathComponent()) }
                url = url.deletingLastPathComponent()
            }
            directories.append(start.deletingLastPathComponent())
        }
        for directory in directories {
            let candidate = directory.appendingPathComponent("sov")
            if manager.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        // Last resort: the newest sov under any build directory of the repository.
        let root = Fixtures.repositoryRoot
        let builds = ((try? manager.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.hasPrefix(".build") }
        let candidates = builds.flatMap { build in
            [root.appendingPathComponent(build).appendingPathComponent("debug/sov")]
        }.filter { manager.isExecutableFile(atPath: $0.path) }
        return candidates.max { modified($0) < modified($1) }
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }

    /// Runs `sov arguments…` with `input` on standard input (empty when nil) and `environment` added to
    /// this process's environment (`SOV_NETWORK` removed first, so only a test that sets it gets it).
    /// The wait happens off Swift's cooperative pool (see `offThePool`).
    /// `descriptor`, when given, is another file descriptor (3 or more) opened on that data, as a shell's
    /// `3< file` does: for options such as `--key-passphrase-fd 3` beside a mnemonic on stdin.
    static func run(_ arguments: [String], input: Data? = nil, environment: [String: String] = [:],
                    descriptor: (fd: Int32, data: Data)? = nil) async throws -> SovResult {
        try await offThePool { try runBlocking(arguments, input: input, environment: environment, descriptor: descriptor) }
    }

    private static func runBlocking(_ arguments: [String], input: Data?, environment: [String: String],
                                    descriptor: (fd: Int32, data: Data)? = nil) throws -> SovResult {
        guard let executable else {
            throw FixtureError("sov executable not found beside the test bundle; build it with swift build")
        }
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inURL = directory.appendingPathComponent("stdin")
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        try (input ?? Data()).write(to: inURL)
        try Data().write(to: outURL)
        try Data().write(to: errURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SOV_NETWORK"] = nil
        env.merge(environment) { _, new in new }
        if let descriptor {
            let extraURL = directory.appendingPathComponent("fd\(descriptor.fd)")
            try descriptor.data.write(to: extraURL)
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "exec \"$0\" \"$@\" \(descriptor.fd)<\"$SOV_TEST_EXTRA_FILE\"", executable.path] + arguments
            env["SOV_TEST_EXTRA_FILE"] = extraURL.path
        }
        process.environment = env
        // Files rather than pipes: nothing can block on a full pipe buffer.
        let stdin = try FileHandle(forReadingFrom: inURL)
        let stdout = try FileHandle(forWritingTo: outURL)
        let stderr = try FileHandle(forWritingTo: errURL)
        defer { try? stdin.close(); try? stdout.close(); try? stderr.close() }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        try process.waitUntilExit(within: Process.testDeadline)
        return SovResult(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }
}
