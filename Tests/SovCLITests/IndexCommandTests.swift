import Foundation
import SovIndex
import SovJSON
import SovNodeDouble
import SovPrimitives
import SovTestSupport
import Testing

/// `sov index` as a user runs it: from the block files alone, from the node double, killed and resumed.
@Suite(.serialized, .needsSharedData) struct IndexCommandTests {
    static func blocksDirectory(_ fixture: String) -> String {
        FixtureChain.directory(named: fixture).appendingPathComponent("blocks").path
    }

    static func scripts(_ fixture: String) throws -> [(scripthash: String, confirmed: Int64, history: Int)] {
        let url = FixtureChain.directory(named: fixture).appendingPathComponent("scripts.json")
        let root = try JSONParser.parse(try String(contentsOf: url, encoding: .utf8))
        return root["scripthashes"]!.objectValue!.entries.map { sh, v in
            let confirmedTxids = Set(v["events"]!.arrayValue!.filter { $0["height"]!.intValue! > 0 }.map { $0["txid"]!.stringValue! })
            return (sh, v["confirmed_balance"]!.int64Value!, confirmedTxids.count)
        }
    }

    /// Every recorded script's confirmed balance and history length from `sov index query` (every one for
    /// small fixtures, an even sample of 80 for large ones: one process each).
    static func checkQueries(_ fixture: String, options: [String]) async throws {
        let all = try scripts(fixture)
        let step = max(1, all.count / 80)
        for script in stride(from: 0, to: all.count, by: step).map({ all[$0] }) {
            let result = try await SovProcess.run(["index", "query"] + options + [script.scripthash])
            #expect(result.status == 0, "\(result.stderr)")
            let value = try JSONParser.parse(result.stdout)
            #expect(value["scripthash"]?.stringValue == script.scripthash)
            #expect(value["balance"]?["confirmed"]?.int64Value == script.confirmed)
            #expect(value["history"]?.arrayValue?.filter { ($0["height"]?.intValue ?? 0) > 0 }.count == script.history)
        }
    }

    @Test func buildFromBlockFilesAloneThenQueryStatusVerify() async throws {
        let blocks = Self.blocksDirectory("regtest")
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("sov-cli-index-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let options = ["--network", "regtest", "--data-dir", dataDir, "--blocks-dir", blocks, "--no-node"]
        let build = try await SovProcess.run(["index", "build"] + options)
        #expect(build.status == 0, "\(build.stderr)")
        let lines = build.stdoutLines.map { try? JSONParser.parse($0) }
        let synced = try #require(lines.last ?? nil)
        #expect(synced["event"]?.stringValue == "synced")
        let expectedTip = try FixtureChain(name: "regtest").checkpoints.last!
        #expect(synced["height"]?.intValue == expectedTip.height)
        #expect(synced["hash"]?.stringValue == expectedTip.tip)
        try await Self.checkQueries("regtest", options: options)
        let status = try await SovProcess.run(["index", "status", "--json"] + options)
        #expect(try JSONParser.parse(status.stdout)["tip_height"]?.intValue == expectedTip.height)
        let verify = try await SovProcess.run(["index", "verify"] + options)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        // Issue 13: piped, every line of verify is JSON, the verdict last.
        let verdicts = verify.stdoutLines.map { try? JSONParser.parse($0) }
        #expect(!verdicts.isEmpty && verdicts.allSatisfy { $0 != nil }, "\(verify.stdout)")
        #expect(verdicts.last??["problems"]?.arrayValue?.isEmpty == true && verdicts.last??["blocks"]?.intValue == expectedTip.height + 1)
        // Issue 13: compacting twice does not report growth (the table files are the data).
        for _ in 0..<2 {
            let compact = try JSONParser.parse(try await SovProcess.run(["index", "compact", "--json"] + options).stdout)
            let before = try #require(compact["size_before"]?.intValue), after = try #require(compact["size_after"]?.intValue)
            #expect(after <= before, "compact reported growth: \(before) → \(after)")
        }
        // An address works as well as a scripthash.
        let address = try await SovProcess.run(["index", "query"] + options + ["bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk"])
        #expect(address.status == 0)
        // Issue 13: the index remembers it was built from block files alone: query and status need only its
        // place (no --no-node, no --blocks-dir), and answer what the full options answer.
        let bare = ["--network", "regtest", "--data-dir", dataDir]
        let remembered = try await SovProcess.run(["index", "query"] + bare + ["bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk"])
        #expect(remembered.status == 0, "\(remembered.stderr)")
        #expect(remembered.stdout == address.stdout)
        #expect(remembered.stderr.isEmpty, "no node was used to build it, so nothing is missing: \(remembered.stderr)")
        let bareStatus = try await SovProcess.run(["index", "status", "--json"] + bare)
        #expect(bareStatus.status == 0, "\(bareStatus.stderr)")
        #expect(try JSONParser.parse(bareStatus.stdout)["tip_height"]?.intValue == expectedTip.height)
        // Another network is refused with what to do.
        let wrong = try await SovProcess.run(["index", "status", "--network", "main", "--data-dir", dataDir, "--no-node"])
        #expect(wrong.status == 64 || wrong.status == 65)
        #expect(wrong.stderr.hasPrefix("sov: "))
    }

    @Test func anIndexOfTheLastSchemaIsRefusedToQueriesAndUpgradedByBuild() async throws {
        let blocks = Self.blocksDirectory("regtest")
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("sov-cli-index-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let options = ["--network", "regtest", "--data-dir", dataDir, "--blocks-dir", blocks, "--no-node"]
        try SchemaTwoIndex.build(blocksDirectory: blocks, into: dataDir + "/index")
        let query = try await SovProcess.run(["index", "query"] + options + ["bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk"])
        #expect(query.status == 65)
        #expect(query.stderr.split(separator: "\n").count == 1)
        #expect(query.stderr.hasPrefix("sov: ") && query.stderr.contains("schema 2") && query.stderr.contains("sov index build"))

        let build = try await SovProcess.run(["index", "build"] + options)
        #expect(build.status == 0, "\(build.stderr)")
        let lines = build.stdoutLines.compactMap { try? JSONParser.parse($0) }
        let announced = try #require(lines.first)
        #expect(announced["event"]?.stringValue == "upgrade")
        #expect(announced["from_schema"]?.intValue == 2 && announced["to_schema"]?.intValue == 4)
        let tip = try FixtureChain(name: "regtest").checkpoints.last!
        #expect(announced["blocks"]?.intValue == tip.height + 1)
        #expect(lines.contains { $0["event"]?.stringValue == "progress" && $0["phase"]?.stringValue == "upgrade" })
        #expect(lines.last?["event"]?.stringValue == "synced")
        #expect(lines.last?["height"]?.intValue == tip.height)
        try await Self.checkQueries("regtest", options: options)
        let status = try await SovProcess.run(["index", "status", "--json"] + options)
        #expect(try JSONParser.parse(status.stdout)["schema"]?.intValue == 4)
    }

    @Test func buildOverRPCFromTheNodeDouble() async throws {
        let node = try NodeDouble(fixture: try FixtureChain(name: "regtest"))
        defer { node.stop() }
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("sov-cli-index-rpc-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let options = ["--network", "regtest", "--data-dir", dataDir, "--node", node.url, "--node-datadir", node.datadir.path]
        let build = try await SovProcess.run(["index", "build"] + options)
        #expect(build.status == 0, "\(build.stderr)")
        try await Self.checkQueries("regtest", options: options)
        // With the node, the mempool shows up as unconfirmed.
        let record = try JSONParser.parse(try String(contentsOf: FixtureChain.directory(named: "regtest").appendingPathComponent("scripts.json"), encoding: .utf8))
        var unconfirmedChecked = 0
        for (sh, v) in record["scripthashes"]!.objectValue!.entries where v["unconfirmed_delta"]!.int64Value! != 0 {
            unconfirmedChecked += 1
            let result = try JSONParser.parse(try await SovProcess.run(["index", "query"] + options + [sh]).stdout)
            #expect(result["balance"]?["unconfirmed"]?.int64Value == v["unconfirmed_delta"]!.int64Value!)
        }
        #expect(unconfirmedChecked > 0, "the fixture gave nothing to check")
    }

    /// Issue 13: sov beside a node whose block files it reads. With the node gone, status still answers (no
    /// node height), and a query gives the confirmed part and says on stderr that the mempool part is
    /// missing — with no source options at all: the index remembers its sources.
    @Test func withTheNodeGoneReadersAnswerWhatTheIndexHolds() async throws {
        let node = try NodeDouble(fixture: try FixtureChain(name: "regtest"))
        defer { node.stop() }
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("sov-cli-index-gone-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let build = try await SovProcess.run(["index", "build", "--network", "regtest", "--data-dir", dataDir, "--node", node.url,
                                              "--node-datadir", node.datadir.path, "--blocks-dir", Self.blocksDirectory("regtest")])
        #expect(build.status == 0, "\(build.stderr)")
        node.stop()
        let options = ["--network", "regtest", "--data-dir", dataDir]
        let status = try await SovProcess.run(["index", "status", "--json"] + options)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(try JSONParser.parse(status.stdout)["node_height"]?.isNull == true)
        let record = try SharedData.json("fixtures/regtest/scripts.json")
        let (sh, entry) = try #require(record["scripthashes"]?.objectValue?.entries.first { $0.value["unconfirmed_delta"]?.int64Value != 0 })
        let confirmedOnly = try await SovProcess.run(["index", "query"] + options + [sh])
        #expect(confirmedOnly.status == 0, "\(confirmedOnly.stderr)")
        #expect(confirmedOnly.stderrLines == ["sov: the node did not answer: confirmed history only, the mempool part is missing"])
        let balance = try JSONParser.parse(confirmedOnly.stdout)["balance"]
        #expect(balance?["unconfirmed"]?.int64Value == 0)
        #expect(balance?["confirmed"]?.int64Value == entry["confirmed_balance"]?.int64Value)
    }

    /// kill -9 at random moments of a build of regtest-busy; each restart carries on from the stored tip;
    /// the end state is byte for byte the state of a clean build.
    @Test func survivesKillNineAtRandomMoments() async throws {
        let blocks = Self.blocksDirectory("regtest-busy")
        let executable = try #require(SovProcess.executable)
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sov-cli-index-kill-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let killedDir = base + "/killed", cleanDir = base + "/clean"
        func options(_ dataDir: String) -> [String] {
            ["--network", "regtest", "--data-dir", dataDir, "--blocks-dir", blocks, "--no-node", "-q"]
        }
        var generator = SystemRandomNumberGenerator()
        var kills = 0, attempts = 0
        var heights: [Int] = []
        while kills < 10 && attempts < 60 {
            attempts += 1
            let process = Process()
            process.executableURL = executable
            process.arguments = ["index", "build", "--batch-blocks", "1"] + options(killedDir)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .seconds(Double.random(in: 0.02...0.4, using: &generator)))
            let wasRunning = process.isRunning
            if wasRunning { kill(process.processIdentifier, SIGKILL) }
            await process.exited()
            if wasRunning && process.terminationReason == .uncaughtSignal { kills += 1 }
            let status = try await SovProcess.run(["index", "status", "--json"] + options(killedDir))
            let height = (try? JSONParser.parse(status.stdout))?["tip_height"]?.intValue ?? -1
            if !wasRunning {
                // The build finished before the kill: start over so every kill lands in a build.
                try? FileManager.default.removeItem(atPath: killedDir)
                heights = []
            } else {
                heights.append(height)
            }
        }
        #expect(kills >= 10, "only \(kills) kills landed in \(attempts) attempts")
        #expect(heights == heights.sorted(), "the tip never goes backwards across kills: \(heights)")
        #expect(try await SovProcess.run(["index", "build"] + options(killedDir)).status == 0)
        #expect(try await SovProcess.run(["index", "build"] + options(cleanDir)).status == 0)
        // Every key and value of the killed-and-resumed index equals the clean build's.
        let killed = try AddressIndex(directory: killedDir + "/index", network: .regtest, create: false)
        let clean = try AddressIndex(directory: cleanDir + "/index", network: .regtest, create: false)
        var left: [([UInt8], [UInt8])] = [], right: [([UInt8], [UInt8])] = []
        killed.store.scan(prefix: []) { k, v in left.append((Array(k), Array(v))); return true }
        clean.store.scan(prefix: []) { k, v in right.append((Array(k), Array(v))); return true }
        #expect(left.count == right.count)
        #expect(left.count > 10_000)
        var differing = 0
        for (a, b) in zip(left, right) where a.0 != b.0 || a.1 != b.1 { differing += 1 }
        #expect(differing == 0, "the resumed index differs from a clean build in \(differing) entries")
    }
}

extension IndexCommandTests {
    /// `--follow` hears the node's ZMQ hashblock announcement and follows the reorg at once, long before
    /// its next poll; SIGTERM stops it cleanly.
    @Test func followsNewBlocksAnnouncedOverZMQ() async throws {
        let executable = try #require(SovProcess.executable)
        let fixture = try FixtureChain(name: "regtest")
        let node = try NodeDouble(fixture: fixture, state: "before-reorg")
        defer { node.stop() }
        try node.enableBlockNotifications()
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("sov-cli-follow-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let options = ["--network", "regtest", "--data-dir", dataDir, "--node", node.url, "--node-datadir", node.datadir.path]
        let process = Process()
        process.executableURL = executable
        process.arguments = ["index", "build", "--follow", "--interval", "60", "--json"] + options
        let output = Pipe()
        process.standardOutput = output
        let errorsURL = URL(fileURLWithPath: dataDir + ".stderr")
        try Data().write(to: errorsURL)
        let errors = try FileHandle(forWritingTo: errorsURL)
        defer { try? errors.close(); try? FileManager.default.removeItem(at: errorsURL) }
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        /// The stored tip, or nil while the follower has not created the index yet.
        func tip() async throws -> String? {
            let status = try await SovProcess.run(["index", "status", "--json", "--no-node"] + options)
            guard status.status == 0 else { return nil }
            return try JSONParser.parse(status.stdout)["tip_hash"]?.stringValue
        }
        let before = try #require(fixture.checkpoints.first { $0.label == "before-reorg" })
        var deadline = Date().addingTimeInterval(20)
        while try await tip() != before.tip && Date() < deadline { try await Task.sleep(for: .seconds(0.1)) }
        #expect(try await tip() == before.tip)
        deadline = Date().addingTimeInterval(10)
        while node.blockNotifications?.subscriberCount == 0 && Date() < deadline { try await Task.sleep(for: .seconds(0.05)) }
        #expect(node.blockNotifications?.subscriberCount == 1)
        let started = Date()
        try node.step(to: "final")
        let final = try #require(fixture.checkpoints.last)
        deadline = Date().addingTimeInterval(20)
        while try await tip() != final.tip && Date() < deadline { try await Task.sleep(for: .seconds(0.1)) }
        #expect(try await tip() == final.tip)
        #expect(Date().timeIntervalSince(started) < 30, "followed by notification, not by the 60 s poll")
        process.terminate()
        await process.exited()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0,
                "stderr: \(String(decoding: (try? Data(contentsOf: errorsURL)) ?? Data(), as: UTF8.self))")
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        let synced = lines.compactMap { try? JSONParser.parse(String($0)) }.filter { $0["event"]?.stringValue == "synced" }
        #expect(synced.last?["hash"]?.stringValue == final.tip)
        #expect(synced.contains { ($0["rolled_back"]?.intValue ?? 0) > 0 })
    }
}
