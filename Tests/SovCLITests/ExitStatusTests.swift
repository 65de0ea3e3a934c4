import Foundation
import SovTestSupport
import Testing

/// Exit statuses of sysexits(3): 64 for usage errors, 65 for bad data; each failure one line on stderr and
/// nothing on stdout.
@Suite(.needsSharedData) struct ExitStatusTests {
    static let usage: Int32 = 64
    static let dataError: Int32 = 65

    /// Checks the shape every failure shares and returns its one stderr line.
    @discardableResult
    private func expectFailure(_ arguments: [String], status: Int32, input: Data? = nil,
                               sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let run = try await SovProcess.run(arguments, input: input)
        #expect(run.status == status, "sov \(arguments.joined(separator: " ")) exited \(run.status); stderr: \(run.stderr)",
                sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, "stdout should be empty, got: \(run.stdout)", sourceLocation: sourceLocation)
        #expect(run.stderrLines.count == 1, "want one line on stderr, got: \(run.stderr)", sourceLocation: sourceLocation)
        let line = run.stderrLines.first ?? ""
        #expect(line.hasPrefix("sov: "), "stderr should start with 'sov: ': \(line)", sourceLocation: sourceLocation)
        return line
    }

    @Test(arguments: [["--bogus"], ["decode", "--bogus", "00"], ["frobnicate"]])
    func unknownOptionOrCommandIsUsageError(arguments: [String]) async throws {
        let line = try await expectFailure(arguments, status: Self.usage)
        #expect(line.contains(arguments.first { $0.hasPrefix("--") || $0 == "frobnicate" } ?? ""), "names the culprit: \(line)")
    }

    @Test func tooManyArgumentsIsUsageError() async throws {
        try await expectFailure(["decode", "tx", "00", "11"], status: Self.usage)
    }

    @Test func badNetworkIsUsageError() async throws {
        let line = try await expectFailure(["decode", "--network", "moon", "00"], status: Self.usage)
        #expect(line.contains("moon"))
    }

    @Test func badNetworkEnvironmentIsUsageError() async throws {
        let run = try await SovProcess.run(["decode", "script", "51"], environment: ["SOV_NETWORK": "moon"])
        #expect(run.status == Self.usage)
        #expect(run.stdout.isEmpty)
        #expect(run.stderrLines.count == 1 && run.stderr.contains("SOV_NETWORK"), "\(run.stderr)")
    }

    @Test func missingGenerateDocsOutputIsUsageError() async throws {
        try await expectFailure(["generate-docs"], status: Self.usage)
    }

    @Test func nonHexTransactionIsDataError() async throws {
        let line = try await expectFailure(["decode", "tx", "zz"], status: Self.dataError)
        #expect(line.contains("hex"), "says what is wrong: \(line)")
        #expect(line.hasSuffix("at byte 0"), "says where: \(line)")
    }

    /// A real transaction cut short: the error names a byte offset inside the bytes given.
    @Test func truncatedTransactionIsDataError() async throws {
        let hex = try #require(try CoreTransactionRecord.all().dropFirst(5).first).hex
        for keptBytes in [4, 5, 41, hex.count / 4] {
            let cut = String(hex.prefix(keptBytes * 2))
            let line = try await expectFailure(["decode", "tx", cut], status: Self.dataError)
            let offset = try #require(byteOffset(in: line), "no byte offset in: \(line)")
            #expect(offset <= keptBytes, "offset \(offset) beyond the \(keptBytes) bytes given: \(line)")
        }
    }

    @Test func oddLengthScriptIsDataError() async throws {
        let line = try await expectFailure(["decode", "script", "76a91"], status: Self.dataError)
        #expect(line.contains("odd"), "says what is wrong: \(line)")
        #expect(byteOffset(in: line) != nil, "says where: \(line)")
    }

    @Test func garbageOnStandardInputIsDataError() async throws {
        try await expectFailure(["decode", "tx"], status: Self.dataError, input: Data("not a transaction\n".utf8))
    }

    /// The number after "at byte" in an error line.
    private func byteOffset(in line: String) -> Int? {
        guard let range = line.range(of: "at byte ") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
}

/// Issue 13's error lines: they name what failed and stay one short line whatever the input.
@Suite(.needsSharedData) struct ErrorLineTests {
    /// A socket listening on a free loopback port that never accepts: its port is taken, and a client's
    /// connection completes (in the kernel's queue) without an answer. The caller closes it.
    static func silentListener() -> (descriptor: Int32, port: UInt16) {
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, length) } }
        _ = listen(holder, 8)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(holder, $0, &length) } }
        return (holder, UInt16(bigEndian: address.sin_port))
    }

    @Test func portInUseNamesTheAddress() async throws {
        let (holder, port) = Self.silentListener()
        defer { close(holder) }
        let dataDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDir) }
        let result = try await SovProcess.run(["serve", "--network", "regtest", "--data-dir", dataDir.path, "--blocks-dir",
                                               SharedData.path("fixtures/regtest/blocks"), "--no-node", "--tcp", "127.0.0.1:\(port)", "--status", ""])
        #expect(result.status == 69)
        #expect(result.stderrLines.last == "sov: cannot listen on 127.0.0.1:\(port): address already in use (another server, or another sov, listens there)",
                "\(result.stderr)")
    }

    @Test func aHugeBadInputIsQuotedShort() async throws {
        let huge = "wsh(and_v(v:pk(" + String(repeating: "Z", count: 2_000_000) + ")))"
        let result = try await SovProcess.run(["decode", "descriptor", "-f", "-"], input: Data(huge.utf8))
        #expect(result.status == 65)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.utf8.count < 1_000, "an error line of \(result.stderr.utf8.count) bytes")
        #expect(result.stderr.contains("bytes left out"))
    }

    @Test func followingWithoutNewBlocksSaysSyncedOnce() async throws {
        let dataDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDir) }
        guard let executable = SovProcess.executable else { throw FixtureError("sov not built") }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["index", "build", "--follow", "--network", "regtest", "--data-dir", dataDir.path, "--no-node",
                             "--blocks-dir", SharedData.path("fixtures/regtest/blocks"), "--interval", "0.2", "--json"]
        let output = dataDir.appendingPathComponent("out.jsonl")
        try Data().write(to: output)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        try await Task.sleep(for: .seconds(3))
        kill(process.processIdentifier, SIGTERM)
        await process.exited()
        let synced = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").filter { $0.contains("\"event\":\"synced\"") }
        #expect(synced.count == 1, "about 14 rounds found nothing new; the first says synced, the rest nothing: \(synced)")
    }
}

extension ErrorLineTests {
    /// Issue 13: a node that accepts the connection and never answers is given up on after --timeout, not after
    /// the default minute.
    @Test func timeoutBoundsANodeThatNeverAnswers() async throws {
        let (holder, port) = Self.silentListener()  // the kernel completes connections; nobody reads or answers
        defer { close(holder) }
        // (What sov says, not a stopwatch: under a loaded test run wall time proves nothing.)
        let result = try await SovProcess.run(["node", "status", "--network", "regtest", "--node", "http://127.0.0.1:\(port)",
                                               "--rpc-user", "u", "--rpc-password", "p", "--timeout", "3"])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("(timed out after 3 s)"), "the answer was waited for --timeout, not the default minute: \(result.stderr)")
    }
}

extension ErrorLineTests {
    /// Issue 13: a first build with no node says what to do instead, and leaves no empty index behind.
    @Test func firstBuildWithoutANodeSaysWhatToDoAndLeavesNothing() async throws {
        let dataDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDir) }
        let result = try await SovProcess.run(["index", "build", "--network", "regtest", "--data-dir", dataDir.path, "--node", "http://127.0.0.1:1",
                                               "--rpc-user", "u", "--rpc-password", "p", "--blocks-dir", dataDir.appendingPathComponent("none").path, "--timeout", "1"])
        #expect(result.status == 69)
        #expect(result.stderrLines.count == 1)
        for hint in ["--blocks-dir DIR --no-node", "sov node config", "sov demo"] { #expect(result.stderr.contains(hint), "\(result.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: dataDir.appendingPathComponent("index").path), "no empty index left behind")
    }
}
