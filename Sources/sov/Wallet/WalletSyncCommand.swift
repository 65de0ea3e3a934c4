import ArgumentParser
import FoundationEssentials
import SovElectrumClient
import SovJSON
import SovPrimitives
import SovWallet

struct WalletSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync a wallet from an Electrum server, verifying headers, proofs and transactions.",
        discussion: reflowed("""
            The server is --server host:port:t (TCP) or host:port:s (TLS; also tcp://, ssl://, ws://, wss://),
            else the one the wallet last synced from, else this machine's `sov serve` (127.0.0.1 on the
            network's Electrum port). With TLS, --tls-fingerprint pins the server's certificate (SHA-256);
            without it any certificate is accepted, which verifies nothing about who answers (the wallet
            verifies what they say either way). With several --server, give one --tls-fingerprint per server in
            the same order (- for one not pinned); a server whose certificate differs from its pin is refused.

            A first sync downloads and validates every header from the genesis block; later ones only what is
            new, and only the histories whose status changed. If the server's chain replaced blocks the wallet
            had verified, the wallet rolls back to the last shared block and syncs from there.
            On a terminal a status line shows progress; --json prints one object when done: {server, tip_height,
            tip_hash, headers_added, reorganized_at, scripts_checked, histories_fetched, transactions_fetched,
            proofs_verified, cross_checks, seconds}.

            --server may be repeated: the wallet syncs from the first and then asks each other server for its
            header at the wallet's tip and the status of every script. One server can leave a transaction out
            of a history and announce the status of what it returns; only another server can show it. Servers
            that disagree are named (exit 76; statuses are compared only when both are at the same height);
            cross_checks lists {server, tip_agrees, server_height,
            scripts_compared, disagreements}.
            Exit status: see 'sov wallet --help' (69 unreachable, 75 server behind, 76 server lied, or two
            servers disagree).
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    @Option(name: .customLong("server"), help: ArgumentHelp("The Electrum server: host:port:t, host:port:s or a tcp/ssl/ws/wss URL; repeat to cross-check.", valueName: "server"))
    var servers: [String] = []

    var server: String? { servers.first }

    @Option(name: .customLong("tls-fingerprint"),
            help: ArgumentHelp("Pin a TLS server's certificate by its SHA-256 fingerprint (hex); repeat to pin each --server in turn.", valueName: "sha256"))
    var tlsFingerprints: [String] = []

    @Option(name: .long, help: ArgumentHelp("Seconds to wait to connect, and for each answer.", valueName: "seconds"))
    var timeout: Int = 60

    func validate() throws {
        for server in servers where ElectrumServerAddress(server) == nil {
            do { _ = try ElectrumServerAddress(parsing: server) } catch { throw ValidationError(error.description) }
        }
        for fingerprint in tlsFingerprints where fingerprint != "-" && ElectrumClientTLS.normalizedFingerprint(fingerprint) == nil {
            throw ValidationError("--tls-fingerprint must be 64 hex digits (colons allowed), or - for a server not pinned")
        }
        if tlsFingerprints.count > max(1, servers.count) {
            throw ValidationError("\(tlsFingerprints.count) --tls-fingerprint for \(servers.count) --server: give at most one per server, in the same order")
        }
        guard (1...3600).contains(timeout) else { throw ValidationError("--timeout must be 1 to 3600 seconds") }
    }

    /// The pin of the `index`th --server (`-` pins none).
    func pin(_ index: Int) -> String? {
        index < tlsFingerprints.count && tlsFingerprints[index] != "-" ? tlsFingerprints[index] : nil
    }

    func run() async throws {
        let network = try global.resolvedNetwork()
        let wallet = try options.open(network: network)
        do {
            let started = Date()
            let (client, serverText) = try await WalletServer.connect(wallet: wallet, option: server, fingerprint: pin(0),
                                                                      network: network, timeout: timeout)
            let showProgress = !global.json && !global.quiet && Terminal.isInteractive(fd: 2)
            let report: SyncReport
            do {
                report = try await wallet.sync(client: client, server: serverText) { progress in
                    guard showProgress else { return }
                    let elapsed = max(Date().timeIntervalSince(started), 0.001)
                    switch progress {
                    case .headers(let done, let total):
                        let rate = Double(done) / elapsed
                        let eta = rate > 0 ? HumanFormat.duration(Int(Double(total - done) / rate)) : "?"
                        Terminal.status("headers \(done)/\(total)  \(Int(rate))/s  ETA \(eta)")
                    case .scripts(let checked, let used):
                        Terminal.status("scripts \(checked) checked, \(used) used")
                    case .transactions(let done, let total):
                        Terminal.status("transactions \(done)/\(total) downloaded and proven")
                    }
                }
            } catch {
                await client.close()
                if showProgress { Terminal.clearStatus() }
                throw error
            }
            await client.close()
            if showProgress { Terminal.clearStatus() }
            var checks: [CrossCheckReport] = []
            for (offset, other) in servers.enumerated().dropFirst() {
                let second = try await WalletServer.connect(other, fingerprint: pin(offset), timeout: timeout)
                let check: CrossCheckReport
                do { check = try await wallet.crossCheck(client: second, server: other) } catch {
                    await second.close()
                    throw error
                }
                await second.close()
                checks.append(check)
            }
            let seconds = Date().timeIntervalSince(started)
            if global.json {
                Output.write(JSONValue.object(JSONObject([
                    ("server", .string(report.server)), ("tip_height", .int(report.tipHeight)), ("tip_hash", .string(report.tipHash.hex)),
                    ("headers_added", .int(report.headersAdded)), ("reorganized_at", report.reorganizedAt.map(JSONValue.int) ?? .null),
                    ("scripts_checked", .int(report.scriptsChecked)), ("histories_fetched", .int(report.historiesFetched)),
                    ("transactions_fetched", .int(report.transactionsFetched)), ("proofs_verified", .int(report.proofsVerified)),
                    ("cross_checks", .array(checks.map { check in
                        .object(JSONObject([("server", .string(check.server)), ("tip_agrees", .bool(check.tipAgrees)),
                                            ("server_height", .int(check.serverHeight)), ("scripts_compared", .int(check.scriptsCompared)),
                                            ("disagreements", .array(check.disagreements.map { .string($0.hex) }))]))
                    })),
                    ("seconds", .number(String(cFormat: "%.3f", seconds))),
                ])).compact + "\n")
            } else if !global.quiet {
                var text = "synced '\(wallet.name)' to height \(report.tipHeight) from \(report.server) in \(String(cFormat: "%.2f", seconds)) s: "
                text += "\(report.headersAdded) headers validated, \(report.scriptsChecked) scripts checked, "
                text += "\(report.transactionsFetched) transactions downloaded, \(report.proofsVerified) merkle proofs verified\n"
                if let fork = report.reorganizedAt { text += "the chain was reorganized above height \(fork): rolled back and synced again\n" }
                for check in checks where check.disagreements.isEmpty && check.tipAgrees {
                    text += "\(check.server) agrees: the same tip and the same status for all \(check.scriptsCompared) scripts\n"
                }
                Output.write(text)
            }
            // Disagreement is reported after the figures, as the failure it is.
            for check in checks {
                if !check.disagreements.isEmpty && check.serverHeight == report.tipHeight {
                    throw WalletError.serversDisagree(first: report.server, second: check.server, scripts: check.disagreements.count)
                }
                if !check.tipAgrees && check.serverHeight >= report.tipHeight {
                    throw WalletError.serversDisagree(first: report.server, second: check.server, scripts: 0)
                }
            }
        } catch let error as WalletError {
            throw error.report(network: network)
        }
    }
}
