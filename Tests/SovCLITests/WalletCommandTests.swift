import Foundation
import SovDescriptors
import SovJSON
import SovNodeDouble
import SovPrimitives
import SovTestSupport
import Testing

/// `sov wallet` end to end, as a user runs it: restore the fixture's mnemonic, sync from `sov serve` on the
/// fixture chain (block files alone, so the confirmed chain), and compare with Bitcoin Core's record
/// (`scripts.json`) for the addresses of Core's own descriptors of the same mnemonic (`wallet.json`).
@Suite(.serialized, .needsSharedData) struct WalletCommandTests {
    static let mnemonic = Result { try #require(try SharedData.json("fixtures/regtest/wallet.json")["mnemonic"]?.stringValue) }

    /// The addresses of Core's receive and change descriptors of one type, indexes 0..<200.
    static func coreAddresses(prefix: String) throws -> Set<String> {
        let descriptors = try #require(try SharedData.json("fixtures/regtest/wallet.json")["descriptors"]?.arrayValue)
        var addresses: Set<String> = []
        for text in descriptors.compactMap({ $0["private"]?.stringValue }) where text.hasPrefix(prefix) {
            let descriptor = try Descriptor(text, network: .regtest)
            for index in 0..<200 { addresses.formUnion(try descriptor.addresses(at: UInt32(index))) }
        }
        #expect(addresses.count == 400, "\(prefix) has a receive and a change descriptor")
        return addresses
    }

    static func sov(_ arguments: [String], dataDir: URL, input: String? = nil) async throws -> SovResult {
        try await SovProcess.run(["wallet"] + arguments + ["--network", "regtest", "--data-dir", dataDir.path], input: input.map { Data($0.utf8) })
    }

    static func startServer() async throws -> (SovServeProcess, URL) {
        let dataDir = try Fixtures.temporaryDirectory()
        let server = try await SovServeProcess(["--network", "regtest", "--data-dir", dataDir.path,
                                                "--blocks-dir", SharedData.path("fixtures/regtest/blocks"), "--no-node"])
        return (server, dataDir)
    }

    @Test func restoredAccountsEqualCoresRecord() async throws {
        let (server, serverDir) = try await Self.startServer()
        defer { _ = server.stop(); try? FileManager.default.removeItem(at: serverDir) }
        let address = try #require(server.tcpAddress) + ":t"
        let scripts = try SharedData.json("fixtures/regtest/scripts.json")
        let wallets = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: wallets) }
        var transactionsSeen = 0
        for (type, prefix) in [("pkh", "pkh("), ("sh-wpkh", "sh(wpkh("), ("wpkh", "wpkh("), ("tr", "tr(")] {
            let name = "restored-" + type
            let created = try await Self.sov(["create", name, "--mnemonic-stdin", "--type", type, "--json"], dataDir: wallets,
                                             input: try Self.mnemonic.get() + "\n")
            #expect(created.status == 0, "\(created.stderr)")
            let expected = try RecordedWalletActivity(addresses: try Self.coreAddresses(prefix: prefix), scripts: scripts)
            #expect(!expected.transactions.isEmpty, "\(type): the record has activity")

            let synced = try await Self.sov(["sync", "-w", name, "--server", address, "--json"], dataDir: wallets)
            #expect(synced.status == 0, "\(type): \(synced.stderr)")
            let report = try JSONParser.parse(synced.stdout)
            #expect(report["headers_added"]?.intValue == 264 && report["tip_height"]?.intValue == 263)
            #expect(report["proofs_verified"]?.intValue == expected.transactions.count, "\(type): a proof per confirmed transaction")
            #expect(report["transactions_fetched"]?.intValue == expected.transactions.count)

            let balance = try JSONParser.parse(try await Self.sov(["balance", "-w", name, "--json"], dataDir: wallets).stdout)
            #expect(balance["confirmed"]?.int64Value == expected.confirmed, "\(type): \(balance.compact) vs \(expected)")
            #expect(balance["immature"]?.int64Value == expected.unmatured, "\(type): \(balance.compact) vs \(expected)")
            #expect(balance["total"]?.int64Value == expected.recordedConfirmedBalance)

            let history = try #require(try JSONParser.parse(try await Self.sov(["history", "-w", name, "--json"], dataDir: wallets).stdout).arrayValue)
            var seen: [String: RecordedWalletActivity.Transaction] = [:]
            for item in history {
                guard let txid = item["txid"]?.stringValue, let height = item["height"]?.intValue, let position = item["position"]?.intValue,
                      let delta = item["delta"]?.int64Value else { Issue.record("\(type): history entry \(item.compact)"); continue }
                seen[txid] = .init(height: height, position: position, delta: delta)
            }
            #expect(seen == expected.transactions, "\(type): history differs from the record")
            transactionsSeen += seen.count

            let unspent = try #require(try JSONParser.parse(try await Self.sov(["utxos", "-w", name, "--json"], dataDir: wallets).stdout).arrayValue)
            #expect(unspent.compactMap { $0["value"]?.int64Value }.reduce(0, +) == expected.confirmed + expected.unmatured)

            // The next sync asks only for statuses: nothing changed, nothing is fetched.
            let again = try JSONParser.parse(try await Self.sov(["sync", "-w", name, "--json"], dataDir: wallets).stdout)
            #expect(again["headers_added"]?.intValue == 0 && again["histories_fetched"]?.intValue == 0
                    && again["transactions_fetched"]?.intValue == 0, "\(again.compact)")
            #expect(again["server"]?.stringValue == address, "the wallet remembers its server")

            let info = try JSONParser.parse(try await Self.sov(["info", "-w", name, "--json"], dataDir: wallets).stdout)
            #expect(info["trust"]?["own_server"]?.boolValue == true && info["trust"]?["verified"]?.arrayValue?.count == 4)
            #expect(info["tip"]?["height"]?.intValue == 263)
        }
        #expect(transactionsSeen > 0)
        let listed = try await Self.sov(["list"], dataDir: wallets)
        #expect(listed.stdoutLines == ["restored-pkh", "restored-sh-wpkh", "restored-tr", "restored-wpkh"])
    }

    /// A server that lies about one thing is caught, named, and leaves the wallet as it was (exit 76). "future"
    /// places a transaction above the server's own tip: the sync reads the headers to the tip again (a block
    /// may have been found meanwhile) and still finds it above, so refuses it.
    @Test(arguments: [("header", "header 101 does not connect"), ("merkle", "merkle proof"),
                      ("withhold", "will not return the transaction"), ("swap", "is another transaction"),
                      ("status", "is not the hash of the history"), ("future", "above its own chain tip")])
    func aLyingServerIsCaught(mode: String, message: String) async throws {
        let (server, serverDir) = try await Self.startServer()
        defer { _ = server.stop(); try? FileManager.default.removeItem(at: serverDir) }
        let liar = try await LyingServer.start(upstream: try #require(server.tcpAddress), mode: mode)
        defer { liar.stop() }
        let wallets = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: wallets) }
        _ = try await Self.sov(["create", "w", "--mnemonic-stdin"], dataDir: wallets, input: try Self.mnemonic.get())
        let lied = try await Self.sov(["sync", "--server", "127.0.0.1:\(liar.port):t"], dataDir: wallets)
        #expect(lied.status == 76)
        #expect(lied.stderrLines.count == 1 && lied.stderr.contains(message) && lied.stderr.contains("lied or is broken"), "\(lied.stderr)")
        let balance = try JSONParser.parse(try await Self.sov(["balance", "--json"], dataDir: wallets).stdout)
        #expect(balance["total"]?.int64Value == 0)
        #expect(try #require(try JSONParser.parse(try await Self.sov(["history", "--json"], dataDir: wallets).stdout).arrayValue).isEmpty)
        // The honest server then brings the wallet to the truth.
        let honest = try await Self.sov(["sync", "--server", try #require(server.tcpAddress) + ":t"], dataDir: wallets)
        #expect(honest.status == 0, "\(honest.stderr)")
        let after = try JSONParser.parse(try await Self.sov(["balance", "--json"], dataDir: wallets).stdout)
        #expect((after["total"]?.int64Value ?? 0) > 0)
        // A synced wallet keeps its state when a later server lies about statuses.
        if mode == "status" {
            let again = try await Self.sov(["sync", "--server", "127.0.0.1:\(liar.port):t"], dataDir: wallets)
            #expect(again.status == 76)
            #expect(try JSONParser.parse(try await Self.sov(["balance", "--json"], dataDir: wallets).stdout) == after)
        }
    }

    @Test func badInputIsOneLineAndADocumentedStatus() async throws {
        let wallets = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: wallets) }
        func expectFailure(_ arguments: [String], input: String? = nil, status: Int32, _ text: String) async throws {
            let result = try await Self.sov(arguments, dataDir: wallets, input: input)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty && result.stderrLines.count == 1 && result.stderr.contains(text), "\(arguments): \(result.stderr)")
        }
        try await expectFailure(["balance"], status: 64, "no wallet on regtest yet")
        try await expectFailure(["create", "w", "--mnemonic-stdin"], input: "abandon abandon abandon\n", status: 65, "invalid mnemonic")
        try await expectFailure(["create", "w", "--mnemonic-stdin"], input: "", status: 65, "invalid mnemonic")
        try await expectFailure(["create", "w", "--descriptor", "wpkh(xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8/0/*)"],
                                status: 65, "invalid descriptor")
        try await expectFailure(["create", "../w", "--mnemonic-stdin"], input: try Self.mnemonic.get(), status: 64, "invalid wallet name")
        try await expectFailure(["create", "w"], status: 64, "either --descriptor or --mnemonic-stdin")
        #expect(try await Self.sov(["create", "w", "--mnemonic-stdin"], dataDir: wallets, input: try Self.mnemonic.get()).status == 0)
        try await expectFailure(["create", "w", "--mnemonic-stdin"], input: try Self.mnemonic.get(), status: 73, "already exists")
        try await expectFailure(["info", "-w", "nobody"], status: 66, "no wallet named 'nobody'")
        let closed = try freeLoopbackPort()
        try await expectFailure(["sync", "--server", "127.0.0.1:\(closed):t", "--timeout", "5"], status: 69, "cannot reach the server")
        try await expectFailure(["sync", "--server", "nonsense"], status: 64, "invalid Electrum server address")
        try await expectFailure(["delete", "w"], status: 64, "needs --yes")
        #expect(try await Self.sov(["create", "v", "--mnemonic-stdin", "--type", "tr"], dataDir: wallets, input: try Self.mnemonic.get()).status == 0)
        try await expectFailure(["balance"], status: 64, "several wallets on regtest (v, w)")
        #expect(try await Self.sov(["delete", "v", "--yes"], dataDir: wallets).status == 0)
        #expect(try await Self.sov(["balance", "--json"], dataDir: wallets).status == 0, "one wallet left: the default")
    }

    /// `kill -9` at any moment of a sync leaves a wallet that opens, and the next sync completes it.
    @Test func killedSyncsLeaveAUsableWallet() async throws {
        let (server, serverDir) = try await Self.startServer()
        defer { _ = server.stop(); try? FileManager.default.removeItem(at: serverDir) }
        let address = try #require(server.tcpAddress) + ":t"
        let wallets = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: wallets) }
        _ = try await Self.sov(["create", "w", "--mnemonic-stdin", "--gap-limit", "200"], dataDir: wallets, input: try Self.mnemonic.get())
        var random = SplitMix64(seed: 11)
        for round in 0..<8 {
            let process = Process()
            process.executableURL = try #require(SovProcess.executable)
            process.arguments = ["wallet", "sync", "--network", "regtest", "--data-dir", wallets.path, "--server", address]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .milliseconds(Int(random.next() % 120)))
            kill(process.processIdentifier, SIGKILL)
            await process.exited(within: 60)
            let balance = try await Self.sov(["balance", "--json"], dataDir: wallets)
            #expect(balance.status == 0, "round \(round): \(balance.stderr)")
        }
        #expect(try await Self.sov(["sync", "--server", address], dataDir: wallets).status == 0)
        let expected = try RecordedWalletActivity(addresses: try Self.coreAddresses(prefix: "wpkh("),
                                                  scripts: try SharedData.json("fixtures/regtest/scripts.json"))
        let balance = try JSONParser.parse(try await Self.sov(["balance", "--json"], dataDir: wallets).stdout)
        #expect(balance["total"]?.int64Value == expected.recordedConfirmedBalance)
    }
}

extension WalletCommandTests {
    /// The server's chain reorganizes under a synced wallet (the fixture's recorded reorg, `stale.json`): the
    /// next sync finds the last shared block, rolls back above it and ends equal to Core's record.
    @Test func aReorgRollsBackToTheForkAndResyncs() async throws {
        let fixture = try FixtureChain(name: "regtest")
        let node = try NodeDouble(fixture: fixture, state: "before-reorg")
        defer { node.stop() }
        let serverDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: serverDir) }
        let server = try await SovServeProcess(["--network", "regtest", "--data-dir", serverDir.path, "--node", node.url,
                                                "--node-datadir", node.datadir.path, "--interval", "0.2"])
        defer { _ = server.stop() }
        let address = try #require(server.tcpAddress) + ":t"
        let wallets = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: wallets) }
        #expect(try await Self.sov(["create", "w", "--mnemonic-stdin"], dataDir: wallets, input: try Self.mnemonic.get()).status == 0)
        let first = try JSONParser.parse(try await Self.sov(["sync", "--server", address, "--json"], dataDir: wallets).stdout)
        let before = try #require(fixture.checkpoints.first { $0.label == "before-reorg" })
        #expect(first["tip_hash"]?.stringValue == before.tip)

        try node.step(to: "after-reorg")
        let after = try #require(fixture.checkpoints.first { $0.label == "after-reorg" })
        // The server follows the node in steps, so a sync may land between them: the rollback is reported by
        // whichever sync first sees the new branch, and a sync that meets the server below the wallet's tip is
        // told so (75) and changes nothing.
        var report = JSONValue.null
        var rollbacks: [Int] = []
        let deadline = Date().addingTimeInterval(20)
        repeat {
            let synced = try await Self.sov(["sync", "--json"], dataDir: wallets)
            if synced.status == 0 {
                report = try JSONParser.parse(synced.stdout)
                if let height = report["reorganized_at"]?.intValue { rollbacks.append(height) }
            } else {
                #expect(synced.status == 75, "\(synced.stderr)")
            }
            if report["tip_hash"]?.stringValue != after.tip { try await Task.sleep(for: .milliseconds(200)) }
        } while report["tip_hash"]?.stringValue != after.tip && Date() < deadline
        #expect(report["tip_hash"]?.stringValue == after.tip && report["tip_height"]?.intValue == after.height)
        let forkHeight = try #require(try SharedData.json("fixtures/regtest/stale.json")["fork_height"]?.intValue)
        #expect(rollbacks == [forkHeight - 1], "one rollback, to the last shared block: \(rollbacks)")

        let expected = try RecordedWalletActivity(addresses: try Self.coreAddresses(prefix: "wpkh("),
                                                  scripts: try SharedData.json("fixtures/regtest/scripts.json"))
        let balance = try JSONParser.parse(try await Self.sov(["balance", "--json"], dataDir: wallets).stdout)
        #expect(balance["confirmed"]?.int64Value == expected.confirmed && balance["immature"]?.int64Value == expected.unmatured)
        let history = try #require(try JSONParser.parse(try await Self.sov(["history", "--json"], dataDir: wallets).stdout).arrayValue)
        #expect(Set(history.compactMap { $0["txid"]?.stringValue }) == Set(expected.transactions.keys))
    }
}

extension WalletCommandTests {
    /// A server that leaves the newest transaction out of every history, announcing the status of what it
    /// returns, passes every check one server allows; a second, honest server shows the omission (exit 76).
    @Test func aSecondServerCatchesAnOmission() async throws {
        let (server, serverDir) = try await Self.startServer()
        defer { _ = server.stop(); try? FileManager.default.removeItem(at: serverDir) }
        let honest = try #require(server.tcpAddress) + ":t"
        let liar = try await LyingServer.start(upstream: try #require(server.tcpAddress), mode: "omit")
        defer { liar.stop() }
        let omitting = "127.0.0.1:\(liar.port):t"
        let wallets = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: wallets) }
        #expect(try await Self.sov(["create", "w", "--mnemonic-stdin"], dataDir: wallets, input: try Self.mnemonic.get()).status == 0)
        let alone = try await Self.sov(["sync", "--server", omitting], dataDir: wallets)
        #expect(alone.status == 0, "alone, the omission cannot be seen: \(alone.stderr)")
        let expected = try RecordedWalletActivity(addresses: try Self.coreAddresses(prefix: "wpkh("),
                                                  scripts: try SharedData.json("fixtures/regtest/scripts.json"))
        let short = try JSONParser.parse(try await Self.sov(["balance", "--json"], dataDir: wallets).stdout)
        #expect(short["total"]?.int64Value != expected.recordedConfirmedBalance)

        let caught = try await Self.sov(["sync", "--server", omitting, "--server", honest], dataDir: wallets)
        #expect(caught.status == 76 && caught.stderrLines.count == 1 && caught.stderr.contains("disagree about"), "\(caught.stderr)")

        let agreed = try await Self.sov(["sync", "--server", honest, "--server", honest, "--json"], dataDir: wallets)
        #expect(agreed.status == 0, "\(agreed.stderr)")
        let check = try #require(try JSONParser.parse(agreed.stdout)["cross_checks"]?[0])
        #expect(check["tip_agrees"]?.boolValue == true && check["disagreements"]?.arrayValue?.isEmpty == true)
        #expect((check["scripts_compared"]?.intValue ?? 0) >= 40)
        let balance = try JSONParser.parse(try await Self.sov(["balance", "--json"], dataDir: wallets).stdout)
        #expect(balance["total"]?.int64Value == expected.recordedConfirmedBalance, "the honest server restores the truth")

        // The cross-checking server is pinned too: one --tls-fingerprint per --server, in order (- for none).
        let tls = try #require(server.tlsAddress) + ":s"
        let fingerprint = try #require(server.tlsFingerprint)
        let pinned = try await Self.sov(["sync", "--server", honest, "--server", tls, "--tls-fingerprint", "-", "--tls-fingerprint", fingerprint, "--json"],
                                        dataDir: wallets)
        #expect(pinned.status == 0, "\(pinned.stderr)")
        #expect(try JSONParser.parse(pinned.stdout)["cross_checks"]?[0]?["tip_agrees"]?.boolValue == true)
        let wrongPin = String(repeating: "ab", count: 32)
        let refused = try await Self.sov(["sync", "--server", honest, "--server", tls, "--tls-fingerprint", "-", "--tls-fingerprint", wrongPin],
                                         dataDir: wallets)
        #expect(refused.status == 69 && refused.stderrLines.count == 1, "a second server whose certificate is not its pin is refused: \(refused.stderr)")
        let tooMany = try await Self.sov(["sync", "--server", honest, "--tls-fingerprint", fingerprint, "--tls-fingerprint", fingerprint], dataDir: wallets)
        #expect(tooMany.status == 64, "\(tooMany.stderr)")
    }
}

extension WalletCommandTests {
    /// Bitcoin Core's own `listdescriptors` (recorded in wallet.json) imports as the same wallet the mnemonic
    /// makes; `export` gives back what `import` takes.
    @Test func coresListDescriptorsImportAndExportRoundTrips() async throws {
        let wallets = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: wallets) }
        let core = try #require(try SharedData.json("fixtures/regtest/wallet.json")["core_listdescriptors"])
        let document = JSONValue.object(JSONObject([("wallet_name", .string("core")), ("descriptors", core)])).compact
        let several = try await Self.sov(["import", "c"], dataDir: wallets, input: document)
        #expect(several.status == 65 && several.stderr.contains("choose one with --type"), "\(several.stderr)")
        for type in ["pkh", "sh-wpkh", "wpkh", "tr"] {
            let imported = try JSONParser.parse(try await Self.sov(["import", "core-" + type, "--type", type, "--json"], dataDir: wallets, input: document).stdout)
            let created = try JSONParser.parse(try await Self.sov(["create", "seed-" + type, "--mnemonic-stdin", "--type", type, "--json"],
                                                                  dataDir: wallets, input: try Self.mnemonic.get()).stdout)
            #expect(imported["descriptors"] == created["descriptors"] && imported["descriptors"] != nil, "\(type)")
            let exported = try await Self.sov(["export", "-w", "core-" + type], dataDir: wallets)
            let again = try JSONParser.parse(try await Self.sov(["import", "again-" + type, "--json"], dataDir: wallets, input: exported.stdout).stdout)
            #expect(again["descriptors"] == created["descriptors"], "\(type)")
        }
    }
}

/// `Peers/lying_electrum.py`: a proxy in front of `sov serve` that falsifies one kind of answer.
final class LyingServer: @unchecked Sendable {
    let port: Int
    private let process = Process()

    /// Starts the proxy off Swift's cooperative pool (waiting for its first line blocks).
    static func start(upstream: String, mode: String) async throws -> LyingServer {
        try await offThePool { try LyingServer(upstream: upstream, mode: mode) }
    }

    init(upstream: String, mode: String) throws {
        let script = Fixtures.repositoryRoot.appendingPathComponent("Tests/SovCLITests/Peers/lying_electrum.py").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, upstream, mode]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("listening "), let port = Int(text.dropFirst(10)) else {
            process.terminate()
            throw FixtureError("lying_electrum.py did not start: \(text)")
        }
        self.port = port
    }

    func stop() {
        // SIGKILL: a child of the test process may inherit a mask that blocks SIGTERM.
        if process.isRunning { try? process.waitUntilExit(within: 0) }  // killed, the wait bounded
    }

    deinit { stop() }
}

extension WalletCommandTests {
    /// `sov wallet tx TXID` for every transaction of the synced fixture wallet: the history line again, the
    /// bytes (which decode, as Core decodes them, to that txid and those outputs), and the wallet's inputs and
    /// outputs marked as Core's own wallet derives its addresses; what they add up to is what the line says.
    @Test func eachTransactionShowsTheWalletsPart() async throws {
        let bed = try await WalletTestBed(wallets: [("w", "wpkh")])
        let mine = try Self.coreAddresses(prefix: "wpkh(")
        let history = try #require(try JSONParser.parse(try await bed.sov(["wallet", "history", "-w", "w", "--json"]).stdout).arrayValue)
        #expect(history.count >= 5)
        for item in history {
            let txid = try #require(item["txid"]?.stringValue)
            let shown = try await bed.sov(["wallet", "tx", "-w", "w", txid, "--json"])
            #expect(shown.status == 0, "\(shown.stderr)")
            let detail = try JSONParser.parse(shown.stdout)
            for key in ["txid", "height", "position", "time", "received", "sent", "delta", "fee", "vsize"] {
                #expect(detail[key] == item[key], "\(txid) \(key)")
            }
            let decoded = try JSONParser.parse(try await SovProcess.run(["decode", "--network", "regtest", try #require(detail["hex"]?.stringValue)]).stdout)
            #expect(decoded["txid"]?.stringValue == txid)
            let outputs = try #require(detail["outputs"]?.arrayValue)
            #expect(outputs.map { $0["address"]?.stringValue } == (decoded["vout"]?.arrayValue ?? []).map { $0["scriptPubKey"]?["address"]?.stringValue })
            #expect(outputs.map { $0["mine"]?.boolValue } == outputs.map { $0["address"]?.stringValue.map(mine.contains) ?? false }, "\(txid)")
            let received = outputs.filter { $0["mine"]?.boolValue == true }.compactMap { $0["value"]?.int64Value }.reduce(0, +)
            #expect(received == item["received"]?.int64Value, "\(txid)")
            let inputs = try #require(detail["inputs"]?.arrayValue)
            let sent = inputs.filter { $0["mine"]?.boolValue == true }.compactMap { $0["value"]?.int64Value }.reduce(0, +)
            #expect(sent == item["sent"]?.int64Value, "\(txid)")
            #expect(inputs.filter { $0["mine"]?.boolValue == true }.allSatisfy { $0["address"]?.stringValue.map(mine.contains) == true })
        }
        let unknown = try await bed.sov(["wallet", "tx", "-w", "w", String(repeating: "0", count: 64)])
        #expect(unknown.status == 66 && unknown.stderrLines.count == 1 && unknown.stderr.contains("not a transaction of this wallet"), "\(unknown.stderr)")
        let bad = try await bed.sov(["wallet", "tx", "-w", "w", "xyz"])
        #expect(bad.status == 64, "\(bad.stderr)")
    }
}
