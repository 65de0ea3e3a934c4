import Foundation
import SovJSON
import SovTestSupport

/// The Electrum wallet (Debian's `electrum` 4.3.4) run headless on regtest as a real client of a server:
/// one foreground `electrum daemon` in its own directory, driven through the `electrum` command line.
///
/// How Electrum 4.3.4 behaves here (found by driving it, and from its source in
/// /usr/lib/python3/dist-packages/electrum):
/// - `electrum --regtest -D DIR daemon --oneserver --server HOST:PORT:t` runs in the foreground (`-d` would
///   fork it away from us); `-v` sends its debug log to standard error, which goes to `DIR/electrum.log`.
///   The daemon listens on the Unix socket `DIR/regtest/daemon_rpc_socket` (so DIR must stay short: Unix
///   socket paths are limited to 107 bytes); other `electrum --regtest -D DIR …` commands talk to it.
/// - `restore TEXT -w PATH` needs no daemon and no network: TEXT is an extended public key (a SLIP-132
///   version picks the script type: tpub p2pkh, upub p2wpkh-p2sh, vpub p2wpkh) or a space-separated list of
///   addresses (an imported, watch-only address wallet, which accepts any address type, taproot included).
///   An HD wallet derives receiving addresses at /0/i and change at /1/i below the key, with a gap limit
///   of 20 receiving and 10 change addresses.
/// - `load_wallet -w PATH` opens it in the daemon, which then subscribes to every address, fetches the
///   histories and transactions, downloads the headers and checks each transaction's merkle proof (SPV).
///   `is_synchronized -w PATH` prints `true` only when all of that is done (and `false` while offline).
/// - `getbalance` prints `{"confirmed": "0.372"}` in bitcoins as strings (Python's `str(Decimal)`, so a
///   tiny amount may read `1E-7`), with `unconfirmed` and `unmatured` keys only when non-zero.
///   `onchain_history` prints `{"summary": {...}, "transactions": [{"txid", "height", "confirmations",
///   "txpos_in_block", "bc_value" (signed bitcoins string), "incoming", ...}]}`; a transaction whose proof
///   has not been verified shows 0 confirmations.
/// - With `--server …:s` Electrum first tries the certificate against the system CAs; a self-signed one
///   fails that, so it fetches the certificate without verification and pins it in
///   `DIR/regtest/certs/<host>` (trust on first use), then connects trusting only that certificate
///   (hostname not checked). `--serverfingerprint HEX` (SHA-256 of the DER certificate, 64 hex digits, no
///   colons) makes it refuse any other certificate.
/// - On every connection Electrum asks `blockchain.estimatefee` (25, 10, 5, 2 blocks) and
///   `blockchain.relayfee` and treats an error answer to either as fatal: it drops the connection
///   ("disconnecting due to RPCError(…)") and reconnects about a second later, and a wallet loaded meanwhile
///   may never synchronize. A server that cannot estimate must answer -1 (the protocol's "no estimate"),
///   and give some relay fee.
/// - `stop` ends the daemon cleanly ("Daemon stopped").
/// Unchecked Sendable: its one mutable flag (`stopped`) is touched only by the test that owns it; commands
/// run on threads of their own (`offThePool`) so that waiting for Electrum never holds the cooperative pool.
final class ElectrumDaemon: @unchecked Sendable {
    /// The `electrum` executable on PATH, or nil.
    static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("electrum")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    /// The daemon's directory (`-D`).
    let directory: URL
    /// The daemon's log (its standard output and error).
    let logURL: URL
    private let executable: URL
    private let process = Process()
    private var stopped = false

    /// Starts a daemon in a fresh directory, connected only to `server` (`host:port:t` or `host:port:s`),
    /// and waits until it answers commands.
    init(server: String, fingerprint: String? = nil) async throws {
        guard let executable = ElectrumDaemon.executable else { throw FixtureError("electrum not found on PATH") }
        self.executable = executable
        // Short: the daemon's Unix socket path must fit in sockaddr_un.
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("sov-el-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // The RPC credentials up front: otherwise the daemon and the first command each generate a pair and
        // write the config file at the same moment.
        let network = directory.appendingPathComponent("regtest")
        try FileManager.default.createDirectory(at: network, withIntermediateDirectories: true)
        let credentials: JSONValue = .object(JSONObject([("rpcuser", .string("sov-test")), ("rpcpassword", .string(UUID().uuidString))]))
        try Data(credentials.pretty.utf8).write(to: network.appendingPathComponent("config"))
        logURL = directory.appendingPathComponent("electrum.log")
        try Data().write(to: logURL)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        process.executableURL = executable
        var arguments = ["--regtest", "-D", directory.path, "daemon", "--oneserver", "--server", server, "-v"]
        if let fingerprint { arguments += ["--serverfingerprint", fingerprint] }
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let socket = network.appendingPathComponent("daemon_rpc_socket").path
        let deadline = Date().addingTimeInterval(30)
        while true {
            // Commands only once the daemon listens (a command finding no daemon says so and fails).
            if FileManager.default.fileExists(atPath: socket), (try? await command(["getinfo"], timeout: 10))?.status == 0 { break }
            guard process.isRunning, Date() < deadline else {
                let exit = process.isRunning ? "still running" : "exited (\(process.terminationReason == .uncaughtSignal ? "signal" : "status") \(process.terminationStatus))"
                let log = logTail()
                stop()
                throw FixtureError("the electrum daemon did not start: \(exit)\n\(log)")
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    deinit { stop() }

    /// Runs `electrum --regtest -D DIR arguments…` against this daemon; kills it after `timeout` seconds.
    func command(_ arguments: [String], timeout: TimeInterval = 60) async throws -> SovResult {
        try await offThePool { try self.runCommand(arguments, timeout: timeout) }
    }

    private func runCommand(_ arguments: [String], timeout: TimeInterval) throws -> SovResult {
        let scratch = directory.appendingPathComponent("command-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        let child = Process()
        child.executableURL = executable
        child.arguments = ["--regtest", "-D", directory.path] + arguments
        child.standardInput = FileHandle.nullDevice
        child.standardOutput = out
        child.standardError = err
        try child.run()
        do { try child.waitUntilExit(within: timeout) } catch {
            throw FixtureError("electrum \(arguments.joined(separator: " ")) took more than \(Int(timeout)) s")
        }
        return SovResult(status: child.terminationStatus,
                         stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Runs a command that must succeed and print JSON, and parses what it printed.
    func json(_ arguments: [String]) async throws -> JSONValue {
        let result = try await command(arguments)
        guard result.status == 0 else {
            throw FixtureError("electrum \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stdout)\(result.stderr)")
        }
        do { return try JSONParser.parse(result.stdout) } catch {
            throw FixtureError("electrum \(arguments.joined(separator: " ")) printed no JSON: \(result.stdout)\(result.stderr)")
        }
    }

    /// Restores a watch-only wallet from `text` (an extended public key or addresses) into the file `name`
    /// of this daemon's directory and opens it in the daemon; returns its path.
    func restoreAndLoad(_ text: String, name: String) async throws -> String {
        let path = directory.appendingPathComponent(name).path
        _ = try await json(["restore", text, "-w", path])
        guard try await json(["load_wallet", "-w", path]).boolValue == true else {
            throw FixtureError("electrum load_wallet \(name) did not load it")
        }
        return path
    }

    /// Waits until the wallet reports itself synchronized (histories fetched, proofs verified) and the
    /// daemon's header chain has reached `tipHeight`; throws with the log's tail after `timeout` seconds.
    func waitUntilSynchronized(wallet: String, tipHeight: Int, timeout: TimeInterval = 120) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            let synchronized = try await command(["is_synchronized", "-w", wallet])
            let info = try? await json(["getinfo"])
            last = "is_synchronized: \(synchronized.stdout)\(synchronized.stderr) getinfo: \(info.map { $0.pretty } ?? "-")"
            if synchronized.status == 0, synchronized.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "true",
               info?["blockchain_height"]?.intValue == tipHeight {
                return
            }
            guard process.isRunning else { throw FixtureError("the electrum daemon exited:\n\(logTail())") }
            try? await Task.sleep(for: .milliseconds(500))
        }
        throw FixtureError("electrum did not synchronize \(wallet) in \(Int(timeout)) s; last \(last)\nelectrum log:\n\(logTail())")
    }

    /// The daemon's log for a failure message: its warnings and errors (the first 20 distinct ones: why it
    /// dropped a connection, say), then its last `lines` lines.
    func logTail(_ lines: Int = 40) -> String {
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        let all = text.split(separator: "\n", omittingEmptySubsequences: false)
        var seen = Set<Substring>()
        let problems = all.filter { $0.contains(" | W | ") || $0.contains(" | E | ") }
            .filter { line in seen.insert(line.drop { $0 != "|" }).inserted }.prefix(20)
        return "warnings and errors:\n" + problems.joined(separator: "\n") + "\nlast lines:\n" + all.suffix(lines).joined(separator: "\n")
    }

    /// Stops the daemon (`electrum stop`, then SIGTERM, then SIGKILL) and removes its directory.
    func stop() {
        guard !stopped else { return }
        stopped = true
        if process.isRunning { _ = try? runCommand(["stop"], timeout: 20) }
        var deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.processIdentifier != 0 { try? process.waitUntilExit(within: 0) }  // killed if still running, the wait bounded
        if ProcessInfo.processInfo.environment["SOV_KEEP_ELECTRUM"] == nil {
            try? FileManager.default.removeItem(at: directory)
        } else {
            print("electrum directory kept: \(directory.path)")
        }
    }
}
