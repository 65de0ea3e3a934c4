import Foundation
import SovJSON
import SovTestSupport
import Testing

/// BDK (`bdkpython`, an independent Rust wallet) as a second real client of `sov serve` with default
/// settings: `full_scan` of the fixture's BIP84 and BIP86 accounts (stop gap 20) over one connection, as a
/// wallet syncs. Balance and transactions must equal Bitcoin Core's record (`scripts.json`).
@Suite(.serialized, .needsSharedData) struct BDKWalletTests {
    /// The Python with bdkpython: `SOV_PEERS_PYTHON`, else the venv `.ci/setup` makes.
    static var python: String? {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [environment["SOV_PEERS_PYTHON"], (environment["HOME"] ?? "/root") + "/.cache/sov-peers/bin/python"]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let script = Fixtures.repositoryRoot.appendingPathComponent("Tests/SovCLITests/Peers/bdk_full_scan.py").path

    /// Runs the BDK script against `server` for two descriptors; returns its JSON report.
    static func fullScan(server: String, descriptor: String, change: String) async throws -> JSONValue {
        try await offThePool { try runFullScan(server: server, descriptor: descriptor, change: change) }
    }

    private static func runFullScan(server: String, descriptor: String, change: String) throws -> JSONValue {
        guard let python else { throw FixtureError("no Python with bdkpython (run .ci/setup, or set SOV_PEERS_PYTHON)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, server, descriptor, change]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let (data, errors) = try process.readingUntilExit {
            (out.fileHandleForReading.readDataToEndOfFile(), String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        guard process.terminationStatus == 0 else { throw FixtureError("bdk_full_scan.py exited \(process.terminationStatus): \(errors)") }
        return try JSONParser.parse(String(decoding: data, as: UTF8.self))
    }

    @Test func bdkFullScanSeesTheRecordedBalanceAndTransactions() async throws {
        if Self.python == nil {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "CI must have bdkpython (.ci/setup makes ~/.cache/sov-peers)")
            print("SKIPPED: no Python with bdkpython (run .ci/setup): BDKWalletTests did not run")
            return
        }
        let fixture = SharedData.url("fixtures/regtest")
        let scripts = try SharedData.json("fixtures/regtest/scripts.json")
        let descriptors = try #require(try SharedData.json("fixtures/regtest/wallet.json")["descriptors"]?.arrayValue)
        func pair(_ prefix: String) throws -> (String, String) {
            let matching = descriptors.compactMap { $0["private"]?.stringValue }.filter { $0.hasPrefix(prefix) }
            guard matching.count == 2 else { throw FixtureError("wallet.json has \(matching.count) \(prefix) descriptors") }
            return (String(matching[0].split(separator: "#")[0]), String(matching[1].split(separator: "#")[0]))
        }
        // Default settings, block files alone: the record's confirmed part is what a client can see.
        let dataDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDir) }
        let server = try await SovServeProcess(["--network", "regtest", "--data-dir", dataDir.path,
                                          "--blocks-dir", fixture.appendingPathComponent("blocks").path, "--no-node"])
        defer { server.stop() }
        let tcp = try #require(server.tcpAddress)

        var transactionsSeen = 0
        for (name, prefix) in [("BIP84", "wpkh("), ("BIP86", "tr(")] {
            let (receive, change) = try pair(prefix)
            let report = try await Self.fullScan(server: tcp, descriptor: receive, change: change)
            let addresses = Set(report["addresses"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            let expected = try RecordedWalletActivity(addresses: addresses, scripts: scripts)
            #expect(expected.scriptsWithActivity > 0 && !expected.transactions.isEmpty, "\(name): the record has activity for BDK's addresses")
            let balance = try #require(report["balance"])
            #expect(balance["confirmed"]?.int64Value == expected.confirmed, "\(name): BDK \(balance.compact), record \(expected)")
            #expect(balance["immature"]?.int64Value == expected.unmatured, "\(name): BDK \(balance.compact), record \(expected)")
            #expect(balance["total"]?.int64Value == expected.recordedConfirmedBalance, "\(name): BDK \(balance.compact), record \(expected)")
            let reported = report["transactions"]?.arrayValue ?? []
            var seen: [String: RecordedWalletActivity.Transaction] = [:]
            for item in reported {
                guard let txid = item["txid"]?.stringValue, let height = item["height"]?.intValue,
                      let sent = item["sent"]?.int64Value, let received = item["received"]?.int64Value else {
                    Issue.record("\(name): BDK transaction without a confirmed height or amounts: \(item.compact)")
                    continue
                }
                seen[txid] = .init(height: height, position: expected.transactions[txid]?.position ?? -1, delta: received - sent)
            }
            #expect(seen.count == reported.count && seen.count == expected.transactions.count,
                    "\(name): BDK has \(seen.count) transactions, the record \(expected.transactions.count)")
            for (txid, transaction) in expected.transactions where seen[txid] != transaction {
                Issue.record("\(name): \(txid) recorded \(transaction), BDK shows \(seen[txid].map { "\($0)" } ?? "nothing")")
            }
            transactionsSeen += seen.count
            print("BDKWalletTests: \(name) full_scan in \(report["seconds"]?.doubleValue.map { String(format: "%.2f s", $0) } ?? "?"): \(addresses.count) addresses, \(seen.count) transactions, record: \(expected)")
        }
        #expect(transactionsSeen > 0)
        #expect(server.stop() == 0, "sov serve exits cleanly on SIGTERM")
    }
}
