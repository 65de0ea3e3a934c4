import Foundation
import SovJSON
import SovKeys
import SovPrimitives

// sov-bench wallet-sync --sov PATH [--fixture DIR] [--seconds S] [--python PATH] [--non-readers N] [--json]
//
// `sov serve` as its owner's wallets live with it, and as a stranger tries it. The server is the real `sov`
// binary (`sov serve --no-node` over the fixture's block files, default ../shared/fixtures/regtest-busy), run
// twice in the same run: with its DEFAULT settings (but max_connections_per_ip = 100, so that 100 clients of
// 127.0.0.1 get in), and with every limit LIFTED (--set). For each:
//   - BDK (bdkpython, Tests/SovCLITests/Peers/bdk_full_scan.py; --python, else ~/.cache/sov-peers) restores the
//     fixture's BIP84 account with full_scan, stop gap 20, over one connection: against a fresh server (cold)
//     and again (warm);
//   - one connection asking get_history of the fixture's scripts (cached after a first pass) with 1 and with
//     50 requests in flight;
//   - 100 connections with one request each in flight.
// Then BDK syncs (cold and warm, default vs lifted) a synthetic chain (`sov-bench chain`'s generator) on which the
// fixture's BIP84 account has ≥ --account-txs (default 5,000) transactions.
// Then, against the default server only, N (default 50) connections from 127.0.0.1 pipeline get_history and
// block.headers [0, 2016] and never read, while a polite client (from 127.0.0.2) asks get_balance in a closed
// loop: the server's peak RSS, when the last non-reader is cut off, and the polite client's p50/p99.
// Each figure of the default server is printed as a ratio to the lifted one; --json prints one object.
//
// Targets (2 cores): default sync ≤ 1.1× the lifted one; one connection ≥ 8,000 req/s at depth 1 and ≥ 35,000
// at depth 50; 100 connections ≥ 35,000 req/s; with 50 non-readers RSS ≤ 300 MB, all cut off within the
// slow-reader timeout (30 s), polite p99 ≤ 10 ms.

/// What one server configuration measured.
struct WalletSyncRun {
    var name: String
    var bdkCold: Double?
    var bdkWarm: Double?
    var bdkTransactions: Int?
    var depth1: RawLineClient.PipelineRun
    var depth50: RawLineClient.PipelineRun
    var connections100: LoadReport

    func rate(_ run: RawLineClient.PipelineRun) -> Double { Double(run.answers) / run.seconds }
}

/// What the non-readers scenario measured.
struct NonReaderRun {
    var connections: Int
    var peakResident: Double
    var residentBefore: Double
    var residentAfter: Double
    /// Seconds from the first request to the last non-reader's disconnection; nil when some were never cut off.
    var allCutOffAfter: Double?
    var cutOff: Int
    var politeRequests: Int
    var politeP50: Double
    var politeP99: Double
}

/// The lifted configuration: every limit a wallet or the benchmark could meet, raised out of the way.
let liftedSettings = [
    "limits.max_connections=100000", "limits.max_connections_per_ip=100000", "limits.max_subscriptions_per_connection=100000000",
    "limits.max_subscriptions_per_ip=100000000", "limits.max_batch=100000", "limits.history_limit=100000000",
    "limits.send_buffer_bytes=1073741824", "limits.output_bytes_per_ip=17179869184", "limits.output_bytes_total=17179869184",
    "limits.trusted.cost_budget=false", "limits.trusted.concurrent_requests=100000",
]

func runWalletSyncBenchmark() async {
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let fixture = option("--fixture") ?? repo.deletingLastPathComponent().appendingPathComponent("shared/fixtures/regtest-busy").path
    let seconds = Double(option("--seconds") ?? "5") ?? 5
    let nonReaders = Int(option("--non-readers") ?? "50") ?? 50
    let accountTransactions = Int(option("--account-txs") ?? "5000") ?? 5000
    let json = CommandLine.arguments.contains("--json")
    guard let sov = option("--sov") else {
        fail("usage: sov-bench wallet-sync --sov PATH-TO-SOV [--fixture DIR] [--seconds S] [--python PATH] [--non-readers N] [--account-txs N] [--json]")
    }
    let python = option("--python") ?? (ProcessInfo.processInfo.environment["HOME"] ?? "/root") + "/.cache/sov-peers/bin/python"
    let bdkScript = repo.appendingPathComponent("Tests/SovCLITests/Peers/bdk_full_scan.py").path
    let hasBDK = FileManager.default.isExecutableFile(atPath: python)
    if !hasBDK { note("no Python with bdkpython at \(python) (run .ci/setup): the BDK syncs are left out") }
    let scripthashes = loadScripthashes(fixture: fixture)
    let account = bip84Account(fixture: fixture)
    raiseOpenFileLimit(to: 4096)

    func startServer(_ extra: [String]) -> (BenchmarkProcess, Int, String) {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("sov-bench-wallet-\(UUID().uuidString)").path
        let arguments = ["serve", "--network", "regtest", "--data-dir", dataDirectory, "--blocks-dir", fixture + "/blocks", "--no-node",
                         "--tcp", "127.0.0.1:0", "--json"] + extra.flatMap { ["--set", $0] }
        let server = startOrFail(sov, arguments)
        guard let ready = server.waitForLine({ $0["event"]?.stringValue == "listening" }), let port = listeningPort(ready) else {
            fail("sov serve did not start: \(arguments.joined(separator: " "))")
        }
        return (server, port, dataDirectory)
    }

    func bdkSync(port: Int) -> (seconds: Double, transactions: Int)? {
        guard hasBDK, let account else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [bdkScript, "127.0.0.1:\(port)", account.receive, account.change]
        let out = Pipe()
        process.standardOutput = out
        do { try process.run() } catch { fail("cannot run \(python): \(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let report = try? JSONParser.parse(String(decoding: data, as: UTF8.self)),
              let seconds = report["seconds"]?.doubleValue else {
            fail("the BDK sync failed (exit \(process.terminationStatus))")
        }
        return (seconds, report["transactions"]?.arrayValue?.count ?? 0)
    }

    func historyRequest(_ k: Int) -> [UInt8] {
        Array(#"{"jsonrpc":"2.0","id":\#(k),"method":"blockchain.scripthash.get_history","params":["\#(scripthashes[k % scripthashes.count])"]}"#.utf8) + [0x0a]
    }

    /// The throughput figures of one running server (BDK's are taken apart, interleaved between the servers).
    func measure(_ name: String, port: Int, pid: Int32, bdk: (cold: Double?, warm: Double?, transactions: Int?)) async -> WalletSyncRun {
        note("\(name): one connection, depth 1 and 50")
        let depth1: RawLineClient.PipelineRun, depth50: RawLineClient.PipelineRun
        do {
            let client = try RawLineClient(port: port)
            try client.handshake()
            // A first pass over every script fills the history cache, as a wallet's second sync finds it.
            _ = try client.pipeline(depth: 50, seconds: 1) { historyRequest($0) }
            depth1 = try client.pipeline(depth: 1, seconds: seconds) { historyRequest($0 &* 7919) }
            depth50 = try client.pipeline(depth: 50, seconds: seconds) { historyRequest($0 &* 7919) }
        } catch {
            fail("\(name): one connection: \(error)")
        }
        if depth1.errors + depth50.errors > 0 { note("\(name): \(depth1.errors + depth50.errors) error answers on one connection") }
        note("\(name): 100 connections")
        var load = ElectrumLoad(port: port, clients: 100, seconds: seconds, warmupSeconds: 1, scripthashes: scripthashes,
                                memory: { BenchmarkProcess.memory(pid: pid) }, serverProcessor: { BenchmarkProcess.processorSeconds(pid: "\(pid)") })
        load.methods = ["blockchain.scripthash.get_history"]
        let hundred = await runOrFail(load)
        return WalletSyncRun(name: name, bdkCold: bdk.cold, bdkWarm: bdk.warm, bdkTransactions: bdk.transactions,
                             depth1: depth1, depth50: depth50, connections100: hundred)
    }

    // The floor: a line echo over the same transport answering as many bytes as get_history does on average.
    let echoDepth1: RawLineClient.PipelineRun, echoDepth50: RawLineClient.PipelineRun, echo100: LoadReport
    do {
        let (probe, port, dataDirectory) = startServer([])
        let client = try RawLineClient(port: port)
        try client.handshake()
        var total = 0
        for k in 0..<min(300, scripthashes.count) { total += try client.call("blockchain.scripthash.get_history", [scripthashes[k * 7 % scripthashes.count]]).bytes }
        probe.stop()
        try? FileManager.default.removeItem(atPath: dataDirectory)
        let echo = startOrFail(BenchmarkProcess.selfExecutable, ["serve-echo", "--reply-bytes", "\(total / min(300, scripthashes.count))"])
        defer { echo.stop() }
        guard let ready = echo.waitForLine({ $0["event"]?.stringValue == "listening" }), let echoPort = listeningPort(ready) else {
            fail("the echo server did not start")
        }
        let floor = try RawLineClient(port: echoPort)
        echoDepth1 = try floor.pipeline(depth: 1, seconds: seconds) { historyRequest($0) }
        echoDepth50 = try floor.pipeline(depth: 50, seconds: seconds) { historyRequest($0) }
        let pid = echo.pid
        var load = ElectrumLoad(port: echoPort, clients: 100, seconds: seconds, warmupSeconds: 1, scripthashes: scripthashes,
                                memory: { BenchmarkProcess.memory(pid: pid) }, serverProcessor: { BenchmarkProcess.processorSeconds(pid: "\(pid)") })
        load.methods = ["blockchain.scripthash.get_history"]
        echo100 = await runOrFail(load)
    } catch {
        fail("the echo floor: \(error)")
    }
    // Both servers run side by side; BDK syncs alternate between them so that neither gains from going second.
    note("starting sov serve with default settings and with every limit lifted")
    // Default settings but one: 100 connections from 127.0.0.1 need max_connections_per_ip ≥ 100 (default 50).
    let (defaultServer, defaultPort, defaultDirectory) = startServer(["limits.max_connections_per_ip=100"])
    let (liftedServer, liftedPort, liftedDirectory) = startServer(liftedSettings)
    defer {
        for (server, directory) in [(defaultServer, defaultDirectory), (liftedServer, liftedDirectory)] {
            server.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
    note("BDK full_scan: cold (first sync of a fresh server) in 3 rounds, alternating which goes first, then 5 warm")
    var defaultColds: [Double] = [], liftedColds: [Double] = []
    var transactions: Int?
    for round in 0..<3 {
        let (d, dPort, dDirectory) = startServer(["limits.max_connections_per_ip=100"])
        let (l, lPort, lDirectory) = startServer(liftedSettings)
        for first in (round % 2 == 0 ? [true, false] : [false, true]) {
            guard let sync = bdkSync(port: first ? dPort : lPort) else { continue }
            transactions = sync.transactions
            if first { defaultColds.append(sync.seconds) } else { liftedColds.append(sync.seconds) }
        }
        for (server, directory) in [(d, dDirectory), (l, lDirectory)] {
            server.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
    var defaultWarm: [Double] = [], liftedWarm: [Double] = []
    for _ in 0..<5 {
        if let s = bdkSync(port: defaultPort)?.seconds { defaultWarm.append(s) }
        if let s = bdkSync(port: liftedPort)?.seconds { liftedWarm.append(s) }
    }
    func median(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.sorted()[values.count / 2] }
    let defaults = await measure("default", port: defaultPort, pid: defaultServer.pid,
                                 bdk: (median(defaultColds), median(defaultWarm), transactions))
    let lifted = await measure("lifted", port: liftedPort, pid: liftedServer.pid, bdk: (median(liftedColds), median(liftedWarm), transactions))
    note("default: \(nonReaders) connections that never read, beside a polite client")
    let nonReading = nonReaderScenario(start: { startServer([]) }, connections: nonReaders, scripthashes: scripthashes)

    // A synthetic chain whose BIP84 account (the fixture's keys) has thousands of transactions.
    var synthetic: (transactions: Int?, defaultCold: Double?, liftedCold: Double?, defaultWarm: Double?, liftedWarm: Double?)?
    if accountTransactions > 0, hasBDK, let account {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sov-bench-account-chain-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        note("writing a synthetic chain whose BIP84 account has about \(accountTransactions) transactions")
        writeAccountChain(fixture: fixture, account: account, transactions: accountTransactions, to: directory)
        func start(_ extra: [String]) -> (BenchmarkProcess, Int, String) {
            let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("sov-bench-wallet-\(UUID().uuidString)").path
            let arguments = ["serve", "--network", "regtest", "--data-dir", dataDirectory, "--blocks-dir", directory, "--no-node",
                             "--tcp", "127.0.0.1:0", "--json"] + extra.flatMap { ["--set", $0] }
            let server = startOrFail(sov, arguments)
            guard let ready = server.waitForLine({ $0["event"]?.stringValue == "listening" }), let port = listeningPort(ready) else {
                fail("sov serve did not start on the synthetic chain")
            }
            return (server, port, dataDirectory)
        }
        note("BDK full_scan of the synthetic account: default vs lifted, alternating")
        let d = start([]), l = start(liftedSettings)
        defer {
            for (server, _, dataDirectory) in [d, l] {
                server.stop()
                try? FileManager.default.removeItem(atPath: dataDirectory)
            }
        }
        let defaultCold = bdkSync(port: d.1), liftedCold = bdkSync(port: l.1)
        var dw: [Double] = [], lw: [Double] = []
        for _ in 0..<3 {
            if let r = bdkSync(port: d.1) { dw.append(r.seconds) }
            if let r = bdkSync(port: l.1) { lw.append(r.seconds) }
        }
        synthetic = (defaultCold?.transactions, defaultCold?.seconds, liftedCold?.seconds, median(dw), median(lw))
    }

    if json {
        func run(_ r: WalletSyncRun) -> JSONValue {
            .object(JSONObject([
                ("bdk_cold_seconds", r.bdkCold.map { number($0) } ?? .null), ("bdk_warm_seconds", r.bdkWarm.map { number($0) } ?? .null),
                ("bdk_transactions", r.bdkTransactions.map { .int($0) } ?? .null),
                ("one_connection_depth1_per_second", number(r.rate(r.depth1))), ("one_connection_depth50_per_second", number(r.rate(r.depth50))),
                ("connections100_per_second", number(r.connections100.requestsPerSecond)),
                ("connections100_p99_ms", number(r.connections100.latency(0.99))),
                ("errors", .int(r.depth1.errors + r.depth50.errors + r.connections100.errors)),
            ]))
        }
        let object = JSONValue.object(JSONObject([
            ("fixture", .string(fixture)), ("default", run(defaults)), ("lifted", run(lifted)),
            ("echo_floor", .object(JSONObject([("one_connection_depth1_per_second", number(Double(echoDepth1.answers) / echoDepth1.seconds)),
                                               ("one_connection_depth50_per_second", number(Double(echoDepth50.answers) / echoDepth50.seconds)),
                                               ("connections100_per_second", number(echo100.requestsPerSecond))]))),
            ("synthetic_account", synthetic.map { a in .object(JSONObject([
                ("transactions", a.transactions.map { .int($0) } ?? .null),
                ("bdk_cold_seconds_default", a.defaultCold.map(number) ?? .null), ("bdk_cold_seconds_lifted", a.liftedCold.map(number) ?? .null),
                ("bdk_warm_seconds_default", a.defaultWarm.map(number) ?? .null), ("bdk_warm_seconds_lifted", a.liftedWarm.map(number) ?? .null),
            ])) } ?? .null),
            ("non_readers", .object(JSONObject([
                ("connections", .int(nonReading.connections)), ("peak_rss_mb", number(nonReading.peakResident)),
                ("rss_before_mb", number(nonReading.residentBefore)), ("rss_after_mb", number(nonReading.residentAfter)),
                ("all_cut_off_after_seconds", nonReading.allCutOffAfter.map { number($0) } ?? .null), ("cut_off", .int(nonReading.cutOff)),
                ("polite_requests", .int(nonReading.politeRequests)), ("polite_p50_ms", number(nonReading.politeP50)),
                ("polite_p99_ms", number(nonReading.politeP99)),
            ]))),
        ]))
        Output.write(object.pretty + "\n")
        return
    }
    func ratio(_ a: Double?, _ b: Double?) -> String {
        guard let a, let b, b > 0 else { return "–" }
        return String(format: "%.2f×", a / b)
    }
    func duration(_ s: Double?) -> String { s.map { String(format: "%.2f s", $0) } ?? "–" }
    Output.write("""
        sov serve, default settings vs every limit lifted (\(fixture), one process each, same run)
        BDK full_scan of the BIP84 account (\(defaults.bdkTransactions.map(String.init) ?? "?") transactions), cold (median of 3): \(duration(defaults.bdkCold)) vs \(duration(lifted.bdkCold)) (\(ratio(defaults.bdkCold, lifted.bdkCold)); target ≤ 1.1×)
        BDK full_scan, warm (median of 5):           \(duration(defaults.bdkWarm)) vs \(duration(lifted.bdkWarm)) (\(ratio(defaults.bdkWarm, lifted.bdkWarm)))
        one connection, get_history, depth 1:   \(Int(defaults.rate(defaults.depth1))) req/s vs \(Int(lifted.rate(lifted.depth1))) (\(ratio(defaults.rate(defaults.depth1), lifted.rate(lifted.depth1)))); echo floor \(Int(defaults.rate(echoDepth1))): \(ratio(defaults.rate(defaults.depth1), defaults.rate(echoDepth1))) (target ≥ 8,000)
        one connection, get_history, depth 50:  \(Int(defaults.rate(defaults.depth50))) req/s vs \(Int(lifted.rate(lifted.depth50))) (\(ratio(defaults.rate(defaults.depth50), lifted.rate(lifted.depth50)))); echo floor \(Int(defaults.rate(echoDepth50))): \(ratio(defaults.rate(defaults.depth50), defaults.rate(echoDepth50))) (target ≥ 35,000)
        100 connections × 1 in flight:          \(Int(defaults.connections100.requestsPerSecond)) req/s vs \(Int(lifted.connections100.requestsPerSecond)) (\(ratio(defaults.connections100.requestsPerSecond, lifted.connections100.requestsPerSecond))), p99 \(String(format: "%.1f", defaults.connections100.latency(0.99))) ms; echo floor \(Int(echo100.requestsPerSecond)): \(ratio(defaults.connections100.requestsPerSecond, echo100.requestsPerSecond)) (target ≥ 35,000)
        \(synthetic.map { a in "synthetic chain, BIP84 account of \(a.transactions.map(String.init) ?? "?") transactions: BDK full_scan cold \(duration(a.defaultCold)) vs \(duration(a.liftedCold)) (\(ratio(a.defaultCold, a.liftedCold)); target ≤ 1.1×), warm (median of 3) \(duration(a.defaultWarm)) vs \(duration(a.liftedWarm)) (\(ratio(a.defaultWarm, a.liftedWarm)))" } ?? "synthetic account chain: not run")
        \(nonReading.connections) non-readers + a polite client (default settings): RSS \(Int(nonReading.residentBefore)) → peak \(Int(nonReading.peakResident)) MB → \(Int(nonReading.residentAfter)) MB after (target ≤ 300); \(nonReading.cutOff)/\(nonReading.connections) cut off\(nonReading.allCutOffAfter.map { String(format: ", the last after %.1f s", $0) } ?? "") (target within 30 s); polite p50 \(String(format: "%.2f", nonReading.politeP50)) ms, p99 \(String(format: "%.2f", nonReading.politeP99)) ms over \(nonReading.politeRequests) requests (target ≤ 10 ms)

        """)
}

/// Linux's POLLRDHUP (the peer closed its side), which Glibc's module does not export.
let pollPeerClosed: Int32 = 0x2000

/// Writes block files of a synthetic chain (`SyntheticChain`) on which the fixture's BIP84 `account` has about
/// `transactions` transactions, starting from the fixture's regtest genesis (wallets check the chain starts there).
func writeAccountChain(fixture: String, account: (receive: String, change: String), transactions: Int, to directory: String) {
    do {
        var chain = SyntheticChain(transactionTarget: transactions * 6)
        chain.accountScripts = try accountScripts(account)
        chain.accountShare = 8
        guard let line = (try? String(contentsOfFile: fixture + "/chain.hex", encoding: .utf8))?.split(separator: "\n").first,
              let genesis = try? Hex.decode(String(line)) else { fail("cannot read the regtest genesis from \(fixture)/chain.hex") }
        chain.genesis = genesis
        _ = try chain.write(to: directory)
    } catch {
        fail("the synthetic account chain: \(error)")
    }
}

/// A JSON number with four decimals.
func number(_ value: Double) -> JSONValue { .number(String(format: "%.4f", value)) }

/// The output scripts of the first 30 receive and 10 change addresses of a `wpkh(KEY/PATH/*)` account.
func accountScripts(_ account: (receive: String, change: String)) throws -> [[UInt8]] {
    func scripts(_ descriptor: String, count: Int) throws -> [[UInt8]] {
        guard descriptor.hasPrefix("wpkh("), descriptor.hasSuffix("/*)") else { fail("not a wpkh(KEY/PATH/*) descriptor: \(descriptor)") }
        let parts = descriptor.dropFirst(5).dropLast(3).split(separator: "/").map(String.init)
        var key = try ExtendedKey(parts[0])
        for step in parts.dropFirst() {
            let (child, hardened) = try DerivationPath.parseElement(step)
            key = try key.derive(hardened ? child | DerivationPath.hardenedBit : child)
        }
        return try (0..<count).map { i in
            Address.witness(version: 0, program: try key.derive(UInt32(i)).publicKey.hash160).scriptPubKey.bytes
        }
    }
    return try scripts(account.receive, count: 30) + scripts(account.change, count: 10)
}

/// The fixture's BIP84 account (receive and change descriptors, private, checksums off), from wallet.json.
func bip84Account(fixture: String) -> (receive: String, change: String)? {
    guard let data = FileManager.default.contents(atPath: fixture + "/wallet.json"),
          let descriptors = (try? JSONParser.parse(String(decoding: data, as: UTF8.self)))?["descriptors"]?.arrayValue else { return nil }
    let wpkh = descriptors.compactMap { $0["private"]?.stringValue }.filter { $0.hasPrefix("wpkh(") }.map { String($0.split(separator: "#")[0]) }
    guard wpkh.count == 2 else { return nil }
    return (wpkh[0], wpkh[1])
}

/// `connections` sockets from 127.0.0.1 pipeline get_history and block.headers and never read; a polite client
/// from 127.0.0.2 asks get_balance meanwhile. Runs until every non-reader is cut off, or 45 s.
func nonReaderScenario(start: () -> (BenchmarkProcess, Int, String), connections: Int, scripthashes: [String]) -> NonReaderRun {
    let (server, port, dataDirectory) = start()
    defer {
        server.stop()
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }
    let pid = server.pid
    // Warm the history cache, so that the polite client's answers are what a synced wallet gets.
    do {
        let warm = try RawLineClient(port: port, source: "127.0.0.2")
        try warm.handshake()
        _ = try warm.pipeline(depth: 50, seconds: 1) { k in
            Array(#"{"jsonrpc":"2.0","id":\#(k),"method":"blockchain.scripthash.get_balance","params":["\#(scripthashes[k % scripthashes.count])"]}"#.utf8) + [0x0a]
        }
    } catch {
        fail("warming the server: \(error)")
    }
    let before = BenchmarkProcess.memory(pid: pid)?.resident ?? 0
    var text = #"{"jsonrpc":"2.0","id":0,"method":"server.version","params":["greedy","1.4"]}"# + "\n"
    for i in 1...1_000 {
        text += #"{"jsonrpc":"2.0","id":\#(2 * i),"method":"blockchain.scripthash.get_history","params":["\#(scripthashes[i % scripthashes.count])"]}"# + "\n"
        text += #"{"jsonrpc":"2.0","id":\#(2 * i + 1),"method":"blockchain.block.headers","params":[0,2016]}"# + "\n"
    }
    let request = Array(text.utf8)
    var sockets: [Int32] = []
    let started = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<connections {
        let fd: Int32
        do { fd = try RawLineClient.connectedSocket(port: port, receiveBuffer: 4096) } catch { fail("a non-reader could not connect: \(error)") }
        let nonBlocking = fcntl(fd, F_GETFL) | O_NONBLOCK
        _ = fcntl(fd, F_SETFL, nonBlocking)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        sockets.append(fd)
    }
    defer { sockets.forEach { _ = close($0) } }

    // The polite client, on a thread of its own.
    final class Latencies: @unchecked Sendable {
        var values: [UInt64] = []
        var stop = false
        let lock = NSLock()
    }
    let latencies = Latencies()
    let polite = Thread {
        do {
            let client = try RawLineClient(port: port, source: "127.0.0.2")
            try client.handshake()
            var k = 0
            while !latencies.lock.withLock({ latencies.stop }) {
                k += 1
                let answer = try client.call("blockchain.scripthash.get_balance", [scripthashes[(k &* 7919) % scripthashes.count]])
                latencies.lock.withLock { latencies.values.append(answer.total) }
            }
        } catch {
            note("the polite client failed: \(error)")
        }
    }
    polite.start()

    var peak = before
    var cutOffAt: Double?
    var cut = 0
    let limit = started + 45_000_000_000
    while DispatchTime.now().uptimeNanoseconds < limit {
        if let m = BenchmarkProcess.memory(pid: pid) { peak = max(peak, m.resident) }
        var fds = sockets.map { pollfd(fd: $0, events: Int16(pollPeerClosed), revents: 0) }
        _ = poll(&fds, nfds_t(fds.count), 0)
        cut = fds.filter { $0.revents & Int16(pollPeerClosed | POLLHUP | POLLERR) != 0 }.count
        if cut == connections {
            cutOffAt = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            break
        }
        Thread.sleep(forTimeInterval: 0.05)
    }
    // The polite client goes on for a second after the last cut, then stops.
    Thread.sleep(forTimeInterval: 1)
    latencies.lock.withLock { latencies.stop = true }
    while !polite.isFinished { Thread.sleep(forTimeInterval: 0.01) }
    sockets.forEach { _ = close($0) }
    sockets = []
    Thread.sleep(forTimeInterval: 1)
    let after = BenchmarkProcess.memory(pid: pid)?.resident ?? 0
    let sorted = latencies.values.sorted()
    return NonReaderRun(connections: connections, peakResident: peak, residentBefore: before, residentAfter: after,
                        allCutOffAfter: cutOffAt, cutOff: cut, politeRequests: sorted.count,
                        politeP50: LoadReport.quantile(0.5, of: sorted), politeP99: LoadReport.quantile(0.99, of: sorted))
}
