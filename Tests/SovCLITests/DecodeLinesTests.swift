import Foundation
import SovJSON
import SovTestSupport
import Testing

/// `sov decode --lines`: one input per line on stdin, one compact JSON object per line on stdout.
@Suite(.needsSharedData) struct DecodeLinesTests {
    /// A spread of the fixture's transactions: coinbases, segwit and legacy spends.
    private func sample() throws -> [CoreTransactionRecord] {
        let all = try CoreTransactionRecord.all()
        return stride(from: 0, to: all.count, by: max(1, all.count / 12)).map { all[$0] }
    }

    @Test func streamsOneCompactObjectPerLine() async throws {
        let records = try sample()
        #expect(records.count >= 10)
        let input = records.map(\.hex).joined(separator: "\n") + "\n"
        let run = try await SovProcess.run(["decode", "--lines"], input: Data(input.utf8))
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderr.isEmpty)
        let lines = run.stdoutLines
        try #require(lines.count == records.count, "want \(records.count) lines, got \(lines.count)")
        for (line, record) in zip(lines, records) {
            #expect(!line.contains("\n") && !line.hasPrefix(" "), "not compact: \(line.prefix(80))")
            let decoded = try JSONParser.parse(line)
            #expect(decoded["txid"]?.stringValue == record.txid, "txid differs for \(record.hex.prefix(40))…")
        }
    }

    @Test func badLineIsReportedByNumberAndOthersStillPrint() async throws {
        let records = Array(try sample().prefix(5))
        var inputLines = records.map(\.hex)
        let truncated = String(records[3].hex.prefix(30))
        inputLines.insert(truncated, at: 2)  // becomes line 3
        let run = try await SovProcess.run(["decode", "tx", "--lines"], input: Data((inputLines.joined(separator: "\n") + "\n").utf8))
        #expect(run.status == 65, "stderr: \(run.stderr)")
        #expect(run.stderrLines.count == 1, "one line per bad input: \(run.stderr)")
        let error = run.stderrLines.first ?? ""
        #expect(error.contains("line 3"), "names the line: \(error)")
        #expect(error.contains("at byte"), "names the byte: \(error)")
        let txids = try run.stdoutLines.map { try JSONParser.parse($0)["txid"]?.stringValue }
        #expect(txids == records.map { Optional($0.txid) }, "the good lines are printed, in order")
    }

    @Test func blankLinesAreSkipped() async throws {
        let records = Array(try sample().prefix(2))
        let input = "\n" + records[0].hex + "\n\n  \n" + records[1].hex + "\n"
        let run = try await SovProcess.run(["decode", "--lines"], input: Data(input.utf8))
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let txids = try run.stdoutLines.map { try JSONParser.parse($0)["txid"]?.stringValue }
        #expect(txids == records.map { Optional($0.txid) })
    }

    @Test func linesWithAnArgumentIsUsageError() async throws {
        let run = try await SovProcess.run(["decode", "--lines", "00"])
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
        #expect(run.stderrLines.count == 1)
    }
}
