import Foundation
import SovElectrum
import SovElectrumClient
import SovJSON

// sov-bench serve [--fixture DIR] [--clients 100,1000] [--seconds S] [--warmup S] [--json] [--sov PATH]
//
// The Electrum server under load. The server runs as a process of its own (`sov-bench serve-target`: the
// fixture's block files indexed into a temporary folder, then a ServerRuntime on 127.0.0.1 — what
// `sov serve --no-node` runs — with the anti-flood limits raised, see BenchmarkServerTarget), so its memory
// is its own. For each client count, that many closed-loop clients (ElectrumLoad) ask get_history,
// get_balance and subscribe of the fixture's script hashes for S seconds; the same load then runs against a
// floor measured in the same run: a line echo over the same transport (EchoLineServer) whose answers are as
// long as the server's on average. Prints requests/s, p50/p99 latency, the server's RSS (idle, with every
// connection open, highest during the load) and processor time, and the ratio to the floor; --json prints
// one JSON object instead.
//
// With --sov PATH the server is that `sov` binary (`sov serve --no-node --tcp 127.0.0.1:0`) with its own
// limits: connections are raised by its flags, but its request cost budget and per-address subscription
// limit stay as they are, so a closed-loop client is slowed down and refused by design there.
//
// Targets (2 cores): at least 20,000 small requests/s, p99 under 10 ms at 100 clients, RSS under 300 MB
// with 1,000 connections open.

/// One client count: the floor's figures and the server's.
struct ServerBenchmarkRow {
    var floor: LoadReport
    var server: LoadReport
}

func runServerBenchmark() async {
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let fixture = option("--fixture") ?? repo.deletingLastPathComponent().appendingPathComponent("shared/fixtures/regtest-busy").path
    let counts = (option("--clients") ?? "100,1000").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    let seconds = Double(option("--seconds") ?? "10") ?? 10
    let warmup = Double(option("--warmup") ?? "1") ?? 1
    let json = CommandLine.arguments.contains("--json")
    let sovBinary = option("--sov")
    guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 }), seconds > 0 else {
        fail("usage: sov-bench serve [--fixture DIR] [--clients 100,1000] [--seconds S] [--warmup S] [--json] [--sov PATH]")
    }
    let scripthashes = loadScripthashes(fixture: fixture)
    raiseOpenFileLimit(to: 2 * (counts.max() ?? 0) + 256)

    // The server.
    note(sovBinary == nil ? "indexing \(fixture)/blocks and starting the server" : "starting \(sovBinary!) serve")
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("sov-bench-data-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
    let server: BenchmarkProcess
    let serverArguments: [String]
    if let sovBinary {
        serverArguments = ["serve", "--network", "regtest", "--data-dir", dataDirectory, "--blocks-dir", fixture + "/blocks", "--no-node",
                           "--tcp", "127.0.0.1:0", "--json", "--set", "limits.max_connections=100000", "--set", "limits.max_connections_per_ip=100000"]
        server = startOrFail(sovBinary, serverArguments)
    } else {
        serverArguments = ["serve-target", "--blocks", fixture + "/blocks", "--network", "regtest"]
        server = startOrFail(BenchmarkProcess.selfExecutable, serverArguments)
    }
    defer { server.stop() }
    guard let ready = server.waitForLine({ $0["event"]?.stringValue == "listening" }), let serverPort = listeningPort(ready) else {
        fail("the server did not start")
    }
    let height = ready["height"]?.intValue ?? -1

    // The floor: answers as long as the server's, on average over the mix.
    let replyBytes: Int
    do {
        replyBytes = try await meanReplyBytes(port: serverPort, scripthashes: scripthashes)
    } catch {
        fail("probing the server: \(error)")
    }
    let echo = startOrFail(BenchmarkProcess.selfExecutable, ["serve-echo", "--reply-bytes", "\(replyBytes)"])
    defer { echo.stop() }
    guard let echoReady = echo.waitForLine({ $0["event"]?.stringValue == "listening" }), let echoPort = listeningPort(echoReady) else {
        fail("the echo server did not start")
    }

    var rows: [ServerBenchmarkRow] = []
    for count in counts {
        func load(port: Int, on process: BenchmarkProcess, name: String) async -> LoadReport {
            note("\(count) clients against the \(name) for \(warmup) + \(seconds) s")
            let pid = process.pid
            let run = ElectrumLoad(port: port, clients: count, seconds: seconds, warmupSeconds: warmup, scripthashes: scripthashes,
                                   memory: { BenchmarkProcess.memory(pid: pid) }, serverProcessor: { BenchmarkProcess.processorSeconds(pid: "\(pid)") })
            return await runOrFail(run)
        }
        let floor = await load(port: echoPort, on: echo, name: "echo floor")
        let served = await load(port: serverPort, on: server, name: "server")
        rows.append(ServerBenchmarkRow(floor: floor, server: served))
    }

    let summary = ServerBenchmarkSummary(fixture: fixture, blocks: height + 1, scripthashes: scripthashes.count, seconds: seconds,
                                         warmup: warmup, replyBytes: replyBytes, server: sovBinary.map { "\($0) \(serverArguments.joined(separator: " "))" },
                                         rows: rows)
    Output.write(json ? summary.json.compact + "\n" : summary.text)
}

/// Where a ready line says the server listens: `"port"` (sov-bench's roles) or the first of `"tcp"` (`sov serve`).
func listeningPort(_ ready: JSONValue) -> Int? {
    if let port = ready["port"]?.intValue { return port }
    guard let address = ready["tcp"]?[0]?.stringValue, let colon = address.lastIndex(of: ":") else { return nil }
    return Int(address[address.index(after: colon)...])
}

/// The script hashes of the fixture's scripts.json, in file order.
func loadScripthashes(fixture: String) -> [String] {
    let path = fixture + "/scripts.json"
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path) (give --fixture DIR)") }
    var bytes = [UInt8](data)
    guard let object = (try? JSONParser.parse(bytes: &bytes))?["scripthashes"]?.objectValue, !object.isEmpty else {
        fail("\(path) has no scripthashes")
    }
    return object.keys
}

/// The mean length (bytes, newline included) of the server's answers over the load's mix: each of the
/// three calls for a sample of script hashes, as the server writes them.
func meanReplyBytes(port: Int, scripthashes: [String]) async throws -> Int {
    let client = try await ElectrumClient.connect(to: ElectrumServerAddress(host: "127.0.0.1", port: port, transport: .tcp))
    _ = try await client.call("server.version", [.string("sov-bench"), .string("1.4")])
    var total = 0, calls = 0
    let stride = max(1, scripthashes.count / 300)
    for k in Swift.stride(from: 0, to: scripthashes.count, by: stride) {
        for method in ElectrumLoad.methods {
            let result = try await client.call(method, [.string(scripthashes[k])])
            // Ids reach four digits in a run.
            total += JSONRPCResponse(id: .int(1000), result: result).line.utf8.count
            calls += 1
        }
    }
    await client.close()
    return total / max(1, calls)
}

/// Raises the soft limit on open files (each connection is one on each side) as far as the hard limit allows.
func raiseOpenFileLimit(to wanted: Int) {
    var limit = rlimit()
    let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    guard getrlimit(resource, &limit) == 0, limit.rlim_cur < rlim_t(wanted) else { return }
    limit.rlim_cur = min(limit.rlim_max, rlim_t(wanted))
    _ = setrlimit(resource, &limit)
}

/// A progress line on standard error.
func note(_ text: String) { FileHandle.standardError.write(Data("sov-bench: \(text)\n".utf8)) }

func startOrFail(_ executable: String, _ arguments: [String]) -> BenchmarkProcess {
    do { return try BenchmarkProcess(executable: executable, arguments: arguments) } catch { fail("cannot run \(executable): \(error)") }
}

func runOrFail(_ load: ElectrumLoad) async -> LoadReport {
    do { return try await load.run() } catch { fail("\(load.clients) clients: \(error)") }
}

/// Standard output, unbuffered.
enum Output {
    static func write(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
}
