import Foundation
import SovJSON
import SovTestSupport
import Testing

/// `sov decode -f FILE` with a raw binary block, as written by a node.
@Suite(.needsSharedData) struct DecodeFileTests {
    @Test func rawBlockFileDecodesAsBlock() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("block1.bin")
        try Data(try Fixtures.rawBlock(height: 1)).write(to: file)

        // Core's hash of block 1 is the previous-block field of block 2's header (bytes 4..<36, reversed).
        let block2 = try Fixtures.rawBlock(height: 2)
        let block1Hash = block2[4..<36].reversed().map { String(format: "%02x", $0) }.joined()
        // Core's transactions of block 1: every funding or spending event recorded at height 1.
        let scripts = try Fixtures.json("fixtures/regtest/scripts.json")
        var positions: [Int: String] = [:]
        for entry in try #require(scripts["scripthashes"]?.objectValue).entries {
            for event in entry.value["events"]?.arrayValue ?? [] where event["height"]?.intValue == 1 {
                if let pos = event["pos"]?.intValue, let txid = event["txid"]?.stringValue { positions[pos] = txid }
            }
        }
        try #require(!positions.isEmpty, "scripts.json records no event at height 1")

        let run = try await SovProcess.run(["decode", "-f", file.path])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderr.isEmpty)
        let block = try JSONParser.parse(run.stdout)
        #expect(block["hash"]?.stringValue == block1Hash)
        let txs = block["tx"]?.arrayValue ?? []
        #expect(txs.count == positions.count)
        #expect(block["nTx"]?.intValue == positions.count)
        for (pos, txid) in positions {
            #expect(txs.indices.contains(pos) && txs[pos]["txid"]?.stringValue == txid, "tx \(pos) of block 1")
        }

        // Named, and from standard input, it decodes the same.
        let named = try await SovProcess.run(["decode", "block", "-f", file.path])
        #expect(named.stdout == run.stdout)
        let piped = try await SovProcess.run(["decode", "-f", "-"], input: try Data(contentsOf: file))
        #expect(piped.stdout == run.stdout)
    }

    @Test func missingFileIsUsageError() async throws {
        let run = try await SovProcess.run(["decode", "-f", "/nonexistent/sov-block.bin"])
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
        #expect(run.stderrLines.count == 1)
    }
}
