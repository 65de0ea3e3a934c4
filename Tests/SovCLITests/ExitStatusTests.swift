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
