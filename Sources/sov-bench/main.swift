import Foundation
import SovInspect
import SovPrimitives

// sov-bench: speed figures for sov, each printed next to a floor measured in the same run.
//
//   swift run -c release sov-bench decode [--block PATH] [--seconds S] [--sov PATH]
//
// decode: parses a block (default: ../shared/blocks/mainnet-413567.raw, 1,557 transactions) over and over
// and reports MB/s and tx/s for parse only and for parse + Core-compatible JSON, beside the floor of
// double-SHA-256 over the same bytes. With a built `sov` binary it also times one `sov decode` process
// per transaction against spawning /bin/true.
//
//   swift run -c release sov-bench chain --out DIR --txs N [--seed S]
//   swift run -c release sov-bench blockfiles --dir DIR [--network NET]
//
// chain: writes a deterministic synthetic regtest chain of at least N transactions as Bitcoin Core's
// blocks/ folder (SyntheticChain) and reads it back. blockfiles: the floor for indexing such a folder:
// header scan and best chain, then reading, parsing, txids and output scripthashes of every block.
//
//   swift run -c release sov-bench index --dir DIR [--network NET] [--batch-blocks N] [--rounds N]
//
// index: builds an address index of the block files in DIR into a temporary folder; prints throughput
// beside the floor of reading, parsing and hashing the same blocks on every core, bytes per transaction,
// and peak RSS (IndexBenchmark.swift).
//
//   swift run -c release sov-bench serve [--fixture DIR] [--clients 100,1000] [--seconds S] [--json]
//
// serve: the Electrum server (in a process of its own, over the fixture's block files, default
// ../shared/fixtures/regtest-busy) under 100 and 1,000 closed-loop clients asking get_history, get_balance
// and subscribe: requests/s, p50/p99 latency and the server's RSS beside a line echo over the same transport
// (ServerBenchmark.swift).
//
//   swift run -c release sov-bench serve-history [--chain DIR] [--txs N] [--hot-script-share P] [--seconds S] [--json]
//
// serve-history: a script with 100,000+ history entries (a synthetic chain with one very hot script): the cold
// and cached get_history answer, 50 small clients' p50/p99 beside 4 clients asking it over and over, the
// server's RSS and peak, and the refusal when history_limit is below it (HistoryBenchmark.swift).
//
//   swift run -c release sov-bench wallet-sync --sov .build/release/sov [--fixture DIR] [--seconds S] [--json]
//
//   swift run -c release sov-bench wallet --sov .build/release/sov [--account-txs N] [--rounds N] [--json]
//
// wallet: the Bitcoin Client: `sov wallet sync` of a 5,000-transaction account against BDK's full_scan on the same
// server, coin selection over 10,000 UTXOs, signing a PSBT of 1,000 inputs (WalletBenchmark.swift).
//
// wallet-sync: `sov serve` with default settings against every limit lifted, in the same run: a BDK wallet's
// full_scan, one connection at depth 1 and 50, 100 connections; then 50 clients that never read beside a
// polite one (WalletSyncBenchmark.swift).

struct Measurement {
    let name: String
    let seconds: Double
    let iterations: Int
    func perSecond(_ units: Double) -> Double { units * Double(iterations) / seconds }
}

func measure(_ name: String, minimumSeconds: Double, _ body: () -> Void) -> Measurement {
    body()  // warm up
    var iterations = 0
    let start = DispatchTime.now().uptimeNanoseconds
    var elapsed = 0.0
    repeat {
        body()
        iterations += 1
        elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    } while elapsed < minimumSeconds
    return Measurement(name: name, seconds: elapsed, iterations: iterations)
}

func option(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("sov-bench: \(message)\n".utf8))
    exit(64)
}

/// Mean wall time of running `executable` to completion, spawned with posix_spawn (no Foundation overhead).
func spawnMilliseconds(_ executable: String, _ arguments: [String], runs: Int) -> Double {
    var total = 0.0
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for _ in 0..<runs {
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { fail("cannot run \(executable)") }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        total += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }
    return total / Double(runs)
}

func runDecodeBenchmark() {
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let path = option("--block") ?? repo.deletingLastPathComponent().appendingPathComponent("shared/blocks/mainnet-413567.raw").path
    let seconds = Double(option("--seconds") ?? "3") ?? 3
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read block \(path) (give --block PATH)") }
    let bytes = Array(data)
    let block: Block
    do { block = try Block(bytes: bytes) } catch { fail("not a block: \(error)") }
    let txCount = Double(block.transactions.count)
    let megabytes = Double(bytes.count) / 1e6
    let json = CoreJSON(network: .main)

    var sink = 0
    let only = option("--only")
    if only == "json" {
        let m = measure("parse + JSON", minimumSeconds: seconds) {
            let b = try! Block(bytes: bytes)
            for tx in b.transactions { sink &+= json.transaction(tx).pretty.utf8.count }
        }
        print(String(format: "parse + JSON: %.2f ms/block", m.seconds / Double(m.iterations) * 1000))
        return
    }
    let floor = measure("floor: double-SHA-256 of the block bytes", minimumSeconds: seconds) {
        sink &+= Int(Hashes.hash256(bytes)[0])
    }
    let parse = measure("parse block (all transactions)", minimumSeconds: seconds) {
        sink &+= (try? Block(bytes: bytes))?.transactions.count ?? 0
    }
    let parseJSON = measure("parse + JSON (decoderawtransaction shape)", minimumSeconds: seconds) {
        let b = try! Block(bytes: bytes)
        var length = 0
        for tx in b.transactions { length += json.transaction(tx).pretty.utf8.count }
        sink &+= length
    }

    print("block: \(path)")
    print("  \(bytes.count) bytes, \(block.transactions.count) transactions")
    print("")
    func row(_ m: Measurement) {
        let ms = m.seconds / Double(m.iterations) * 1000
        print(String(format: "  %-44@ %9.2f MB/s %11.0f tx/s %9.2f ms/block  %6.3fx floor",
                     m.name as NSString, m.perSecond(megabytes), m.perSecond(txCount), ms,
                     m.perSecond(megabytes) / floor.perSecond(megabytes)))
    }
    row(floor)
    row(parse)
    row(parseJSON)
    let blockMs = parseJSON.seconds / Double(parseJSON.iterations) * 1000
    print("")
    print(String(format: "  target: whole block to JSON under 50 ms: %.2f ms (%@)", blockMs, blockMs < 50 ? "met" : "NOT met"))

    if let sov = option("--sov") {
        let txHex = block.transactions[1].serialized().hex
        let runs = 40
        let baseline = spawnMilliseconds("/bin/true", [], runs: runs)
        let decode = spawnMilliseconds(sov, ["decode", "tx", txHex], runs: runs)
        print(String(format: "  process: /bin/true %.2f ms; sov decode tx %.2f ms (%.1fx); target under 15 ms: %@",
                     baseline, decode, decode / baseline, decode < 15 ? "met" : "NOT met"))
    }
    if sink == 42 { print("") }
}

let command = CommandLine.arguments.dropFirst().first
switch command {
case "decode": runDecodeBenchmark()
case "chain": runChainCommand()
case "blockfiles": runBlockFilesBenchmark()
case "index": runIndexBenchmark()
case "serve": await runServerBenchmark()
case "serve-history": await runHistoryBenchmark()
case "wallet-sync": await runWalletSyncBenchmark()
case "wallet": await runWalletBenchmark()
// The server roles `serve` starts as processes of their own.
case "serve-target": await runServeTarget()
case "serve-echo": await runEchoServer()
default:
    fail("""
        usage: sov-bench decode [--block PATH] [--seconds S] [--sov PATH-TO-SOV]
               sov-bench chain --out DIR --txs N [--seed S] [--hot-script-share P]
               sov-bench blockfiles --dir DIR [--network NET]
               sov-bench index --dir DIR [--network NET] [--batch-blocks N] [--rounds N]
               sov-bench serve [--fixture DIR] [--clients 100,1000] [--seconds S] [--warmup S] [--json] [--sov PATH-TO-SOV]
               sov-bench wallet-sync --sov PATH-TO-SOV [--fixture DIR] [--seconds S] [--python PATH] [--non-readers N] [--json]
               sov-bench wallet --sov PATH-TO-SOV [--fixture DIR] [--account-txs N] [--rounds N] [--python PATH] [--json]
               sov-bench serve-history [--chain DIR] [--txs N] [--hot-script-share P] [--seconds S] [--big-clients 4] [--small-clients 50] [--json]
        """)
}
