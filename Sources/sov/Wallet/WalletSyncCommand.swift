import ArgumentParser
import Foundation
import SovElectrumClient
import SovJSON
import SovPrimitives
import SovWallet

struct WalletSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync a wallet from an Electrum server, verifying headers, proofs and transactions.",
        discussion: """
            The server is --server host:port:t (TCP) or host:port:s (TLS; also tcp://, ssl://, ws://, wss://),
            else the one the wallet last synced from, else this machine's `sov serve` (127.0.0.1 on the
            network's Electrum port). With TLS, --tls-fingerprint pins the server's certificate (SHA-256);
            without it any certificate is accepted, which verifies nothing about who answers (the wallet
            verifies what they say either way).

            A first sync downloads and validates every header from the genesis block; later ones only what is
            new, and only the histories whose status changed. If the server's chain replaced blocks the wallet
            had verified, the wallet rolls back to the last shared block and syncs from there.
            On a terminal a status line shows progress; --json prints one object when done: {server, tip_height,
            tip_hash, headers_added, reorganized_at, scripts_checked, histories_fetched, transactions_fetched,
            proofs_verified, seconds}.
            Exit status: see 'sov wallet --help' (69 unreachable, 75 server behind, 76 server lied).
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    @Option(name: .long, help: ArgumentHelp("The Electrum server: host:port:t, host:port:s or a tcp/ssl/ws/wss URL.", valueName: "server"))
    var server: String?

    @Option(name: .customLong("tls-fingerprint"), help: ArgumentHelp("Pin the TLS server's certificate by its SHA-256 fingerprint (hex).", valueName: "sha256"))
    var tlsFingerprint: String?

    @Option(name: .long, help: ArgumentHelp("Seconds to wait to connect, and for each answer.", valueName: "seconds"))
    var timeout: Int = 60

    func validate() throws {
        if let server, ElectrumServerAddress(server) == nil {
            do { _ = try ElectrumServerAddress(parsing: server) } catch { throw ValidationError(error.description) }
        }
        if let tlsFingerprint, ElectrumClientTLS.normalizedFingerprint(tlsFingerprint) == nil {
            throw ValidationError("--tls-fingerprint must be 64 hex digits (colons allowed)")
        }
        guard (1...3600).contains(timeout) else { throw ValidationError("--timeout must be 1 to 3600 seconds") }
    }

    func run() async throws {
        let network = try global.resolvedNetwork()
        let wallet = try options.open(network: network)
        do {
            let serverText = WalletServer.address(option: server, last: try wallet.lastSync()?.server, network: network)
            guard let address = ElectrumServerAddress(serverText) else {
                throw fail("the wallet's last server '\(serverText)' is not a server address; give --server", status: ExitStatus.usage)
            }
            let tls = tlsFingerprint.map { ElectrumClientTLS.pinned(sha256: $0) } ?? .acceptAny
            let started = Date()
            let client: ElectrumClient
            do {
                client = try await ElectrumClient.connect(to: address, tls: tls, timeout: .seconds(timeout), callTimeout: .seconds(timeout))
            } catch {
                throw WalletError.serverUnreachable(server: serverText, reason: "\(error)")
            }
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
            let seconds = Date().timeIntervalSince(started)
            if global.json {
                Output.write(JSONValue.object(JSONObject([
                    ("server", .string(report.server)), ("tip_height", .int(report.tipHeight)), ("tip_hash", .string(report.tipHash.hex)),
                    ("headers_added", .int(report.headersAdded)), ("reorganized_at", report.reorganizedAt.map(JSONValue.int) ?? .null),
                    ("scripts_checked", .int(report.scriptsChecked)), ("histories_fetched", .int(report.historiesFetched)),
                    ("transactions_fetched", .int(report.transactionsFetched)), ("proofs_verified", .int(report.proofsVerified)),
                    ("seconds", .number(String(format: "%.3f", seconds))),
                ])).compact + "\n")
            } else if !global.quiet {
                var text = "synced '\(wallet.name)' to height \(report.tipHeight) from \(report.server) in \(String(format: "%.2f", seconds)) s: "
                text += "\(report.headersAdded) headers validated, \(report.scriptsChecked) scripts checked, "
                text += "\(report.transactionsFetched) transactions downloaded, \(report.proofsVerified) merkle proofs verified\n"
                if let fork = report.reorganizedAt { text += "the chain was reorganized above height \(fork): rolled back and synced again\n" }
                Output.write(text)
            }
        } catch let error as WalletError {
            throw error.report(network: network)
        }
    }
}
