import Foundation
import SovJSON
import SovPrimitives
import SovTestSupport
import Testing

/// A real Electrum wallet (Debian's `electrum` 4.3.4, headless) against `sov serve` on the regtest fixture,
/// over TCP and over TLS: watch-only wallets restored from the fixture's account keys report the balance
/// and history Bitcoin Core recorded in `scripts.json`.
@Suite(.serialized, .needsSharedData) struct ElectrumWalletTests {
    @Test func watchOnlyWalletsSeeTheRecordedBalanceAndHistory() async throws {
        guard ElectrumDaemon.executable != nil else {
            print("SKIPPED: the electrum command is not on PATH (apt-get install electrum): ElectrumWalletTests did not run")
            return
        }
        let fixture = SharedData.url("fixtures/regtest")
        let scripts = try SharedData.json("fixtures/regtest/scripts.json")
        let tip = try #require(scripts["tip_height"]?.intValue)
        let (wallets, unsupported) = try ElectrumWatchOnlyWallet.fromFixture(try SharedData.json("fixtures/regtest/wallet.json"))
        #expect(wallets.filter(\.isAccount).count == 3, "wallet.json's pkh, sh(wpkh) and wpkh accounts")
        for descriptor in unsupported {
            print("ElectrumWalletTests: Electrum 4.3.4 cannot restore \(descriptor) as an account (no taproot wallets); its receiving addresses are watched as imported addresses")
        }

        // From block files alone (`--no-node`) the server has no mempool: the record's final mempool
        // transactions are invisible, so the expected values are the record's confirmed ones
        // (RecordedWalletActivity leaves out heights ≤ 0 and mempool spends).
        let dataDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDir) }
        let server = try await SovServeProcess(["--network", "regtest", "--data-dir", dataDir.path,
                                          "--blocks-dir", fixture.appendingPathComponent("blocks").path, "--no-node"])
        defer { server.stop() }
        let tcp = try #require(server.tcpAddress, "listening event without tcp: \(server.listening.pretty)")
        let tls = try #require(server.tlsAddress, "listening event without tls: \(server.listening.pretty)")
        let fingerprint = try #require(server.tlsFingerprint, "listening event without tls_fingerprint: \(server.listening.pretty)")

        var transactionsSeen = 0
        do {
            let daemon = try await ElectrumDaemon(server: "\(tcp):t")
            defer { daemon.stop() }
            for wallet in wallets {
                transactionsSeen += try await Self.check(wallet, daemon: daemon, scripts: scripts, tip: tip, transport: "tcp")
            }
        }
        #expect(transactionsSeen > 0, "the watched wallets have history in the record")

        // TLS with sov's self-signed certificate: Electrum pins it on first use; it must be the one whose
        // fingerprint sov printed.
        do {
            let daemon = try await ElectrumDaemon(server: "\(tls):s")
            defer { daemon.stop() }
            for wallet in wallets {
                _ = try await Self.check(wallet, daemon: daemon, scripts: scripts, tip: tip, transport: "tls")
            }
            let host = String(tls[..<(tls.lastIndex(of: ":") ?? tls.endIndex)])
            let pinned = daemon.directory.appendingPathComponent("regtest/certs/\(host)")
            let pem = try String(contentsOf: pinned, encoding: .utf8)
            let base64 = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            let der = try #require(Data(base64Encoded: base64), "the certificate Electrum pinned is not PEM: \(pem)")
            let printed = fingerprint.replacingOccurrences(of: ":", with: "").lowercased()
            #expect(Hex.encode(Hashes.sha256(Array(der))) == printed,
                    "the certificate Electrum pinned is not the one sov printed the fingerprint of")
        }

        // Exactly what `sov pair` prints: its Electrum command's server string and certificate fingerprint.
        do {
            let paired = try await SovProcess.run(["pair", "--json", "--network", "regtest", "--data-dir", dataDir.path, "--tls", tls, "--tcp", tcp])
            #expect(paired.status == 0, "\(paired.stderr)")
            let command = try #require(try JSONParser.parse(paired.stdout)["electrum_command"]?.stringValue).split(separator: " ").map(String.init)
            func value(_ flag: String) throws -> String {
                let at = try #require(command.firstIndex(of: flag), "no \(flag) in \(command)")
                return command[at + 1]
            }
            #expect(command.starts(with: ["electrum", "--regtest", "--oneserver"]))
            let daemon = try await ElectrumDaemon(server: try value("--server"), fingerprint: try value("--serverfingerprint"))
            defer { daemon.stop() }
            _ = try await Self.check(wallets[0], daemon: daemon, scripts: scripts, tip: tip, transport: "tls, as sov pair printed")
            #expect(daemon.logTail(400).contains("cert fingerprint verification passed"), "Electrum checked the pinned fingerprint")
        }

        #expect(server.stop() == 0, "sov serve exits cleanly on SIGTERM: \(server.stderr.suffix(2000))")
    }

    /// Restores `wallet` in `daemon`, waits for it to synchronize and compares what Electrum reports with
    /// the record; returns how many transactions the wallet has.
    static func check(_ wallet: ElectrumWatchOnlyWallet, daemon: ElectrumDaemon, scripts: JSONValue, tip: Int,
                      transport: String) async throws -> Int {
        let label = "electrum \(wallet.name) wallet over \(transport)"
        let path = try await daemon.restoreAndLoad(wallet.restoreText, name: wallet.name)
        try await daemon.waitUntilSynchronized(wallet: path, tipHeight: tip)

        // Electrum's addresses: its derivation must give Core's receiving addresses first.
        let addresses = try await daemon.json(["listaddresses", "-w", path]).arrayValue?.compactMap(\.stringValue) ?? []
        if wallet.isAccount {
            let receiving = try await daemon.json(["listaddresses", "--receiving", "-w", path]).arrayValue?.compactMap(\.stringValue) ?? []
            #expect(Array(receiving.prefix(wallet.coreAddresses.count)) == wallet.coreAddresses, "\(label): derivation")
        } else {
            #expect(Set(addresses) == Set(wallet.coreAddresses), "\(label): addresses")
        }
        let expected = try RecordedWalletActivity(addresses: Set(addresses), scripts: scripts)
        #expect(expected.confirmed + expected.unmatured == expected.recordedConfirmedBalance, "\(label): reading of the record")

        let balance = try await daemon.json(["getbalance", "-w", path])
        func amount(_ key: String) -> Int64? {
            guard let text = balance[key]?.stringValue else { return balance[key] == nil ? 0 : nil }
            return RecordedWalletActivity.satoshis(bitcoins: text)
        }
        #expect(amount("confirmed") == expected.confirmed, "\(label): getbalance \(balance.pretty), record \(expected)")
        #expect(amount("unmatured") == expected.unmatured, "\(label): getbalance \(balance.pretty), record \(expected)")
        #expect(amount("unconfirmed") == 0, "\(label): nothing unconfirmed without a mempool: \(balance.pretty)")

        let history = try await daemon.json(["onchain_history", "-w", path])
        let items = history["transactions"]?.arrayValue ?? []
        var reported: [String: RecordedWalletActivity.Transaction] = [:]
        for item in items {
            guard let txid = item["txid"]?.stringValue, let height = item["height"]?.intValue else {
                Issue.record("\(label): history item without txid or height: \(item.pretty)")
                continue
            }
            let value = item["bc_value"]?.stringValue.flatMap(RecordedWalletActivity.satoshis(bitcoins:))
            reported[txid] = .init(height: height, position: item["txpos_in_block"]?.intValue ?? -1, delta: value ?? .min)
            // Confirmations are counted only once Electrum has verified the merkle proof against the headers.
            #expect(item["confirmations"]?.intValue == tip - height + 1, "\(label): \(txid) not SPV-verified: \(item.pretty)")
        }
        #expect(items.count == reported.count, "\(label): a transaction listed twice")
        for (txid, transaction) in expected.transactions where reported[txid] != transaction {
            Issue.record("\(label): \(txid) recorded \(transaction), Electrum shows \(reported[txid].map { "\($0)" } ?? "nothing")")
        }
        for txid in reported.keys where expected.transactions[txid] == nil {
            Issue.record("\(label): Electrum shows \(txid), which the record does not have for these addresses")
        }
        print("\(label): \(addresses.count) addresses; Electrum reports \(balance["confirmed"]?.stringValue ?? "?") BTC confirmed and \(items.count) transactions; record: \(expected)")
        return items.count
    }
}
