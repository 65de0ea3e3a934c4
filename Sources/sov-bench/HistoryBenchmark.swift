import Foundation
import SovJSON
import SovPrimitives

// sov-bench serve-history [--chain DIR] [--txs N] [--hot-script-share P] [--hot-script-shares Q,R,…] [--seconds S]
//                         [--big-clients 4] [--small-clients 50] [--sizes-only] [--json]
//
// The Electrum issue's large-history case: "a scripthash with 100,000+ history items must be answered (up to the
// configured cap) without stalling other clients or growing memory without bound."
//
// The chain: the block files in DIR when it holds some (`sov-bench chain --out DIR`), otherwise a synthetic chain
// of N transactions (default 1,000,000) written there (or into a temporary folder) with P percent of the paying
// outputs sent to the hottest script (default 2; without it the hottest script of a million transactions has
// 47,418 outputs and 67,234 history entries). A census of every output (ChainScriptCensus) finds the hottest
// script and a sample of scripts paid once. The chain is indexed once (`serve-target --index-only`), then served
// by fresh server processes in turn (`serve-target --index`: ServerRuntime as `sov serve --no-node` runs it, anti-flood limits raised):
//
//   A, with history_limit above the hottest script's history (twice its outputs):
//     (a) one client asks get_history of the hottest script: the first (cold) answer and repeats (the server's
//         history cache), their size;
//     (b) the small clients ask get_balance / server.ping of the paid-once scripts, closed loop, for S seconds
//         alone, then for S seconds while the big clients ask that history over and over: p50/p99 of both;
//     (c) the server's resident memory (VmRSS) and its peak (VmHWM) from start to end, sampled during the
//         loaded run, and while one client asks the big history six times without reading the answers, for
//         long enough to compute them all (the server's processor time shows whether it stopped);
//   B, with history_limit below it (the default 100,000, or half the history when that is smaller):
//     (d) the refusal: its text and latency, and (b) again with the big clients asking the refused history;
//   C, with history_limit between the transactions paying the script and its whole history (which the server
//     finds out only after reading the transactions): the refusal's latency.
//
//   E, for each of the five hottest scripts (with --hot-script-shares, the second, third… hottest get those
//     percentages of the paying outputs too: histories of chosen sizes), a fresh server: get_history once cold,
//     then three times again (the history cache), and the cold answer's time as a multiple of the warm median.
//     With --sizes-only, E is all that runs.
//
// Every server process is fresh: its caches start empty; the operating system's page cache is warm (the chain
// and the index were just written), as it is on a server that has been running.

/// A server process's resident memory and its peak so far, MB.
struct ServerMemory {
    var resident: Double
    var peak: Double

    init?(pid: Int32) {
        guard let m = BenchmarkProcess.memory(pid: pid) else { return nil }
        (resident, peak) = (m.resident, m.peak)
    }
}

/// How a server with a history limit below the big history answered it.
struct HistoryRefusal {
    var limit: Int
    /// The error: code and message.
    var text: String
    var cold: RawLineClient.Answer
    var repeats: [RawLineClient.Answer]
}

/// One script's history asked of a fresh server: once cold, then again.
struct HistorySizeRun {
    var scripthash: String
    var outputs: Int
    var items: Int
    var cold: RawLineClient.Answer
    var again: [RawLineClient.Answer]

    /// The median of the repeated answers' times, ns.
    var warm: UInt64 { again.map(\.total).sorted()[again.count / 2] }
    var ratio: Double { Double(cold.total) / Double(max(warm, 1)) }
}

/// One window of the small clients, with or without the big clients asking beside them.
struct HistoryLoadRun {
    var small: LoadReport
    var big: RepeatingCallers.Report?
    /// The highest resident memory sampled in the first and in the second half of the window, MB.
    var residentFirstHalf: Double?
    var residentSecondHalf: Double?
}

/// What `serve-history` measured.
struct HistoryBenchmarkResult {
    var chain: String
    var blocks: Int
    var transactions: Int
    var censusSeconds: Double
    var indexSeconds: Double
    var hottest: ChainScriptCensus.Paid
    var paidOnce: Int
    var seconds: Double
    var bigClients: Int
    var smallClients: Int
    var methods: [String]

    // Server A.
    var limitAbove: Int
    var entries: Int
    var coldAnswer: RawLineClient.Answer
    var repeatAnswers: [RawLineClient.Answer]
    var memoryStarted: ServerMemory?
    var memoryAfterSingle: ServerMemory?
    var alone: HistoryLoadRun
    var loaded: HistoryLoadRun
    var memoryAfterLoad: ServerMemory?
    var unreadRequests: Int
    var unreadSeconds: Double
    var unreadMaximum: Double?
    /// Server processor seconds spent while the client read nothing, and on the cold answer alone.
    var unreadProcessor: Double?
    var coldProcessor: Double?
    var memoryAfterUnread: ServerMemory?

    // Servers B and C.
    var refusal: HistoryRefusal
    var lateRefusal: HistoryRefusal?
    var refusedAlone: HistoryLoadRun
    var refusedLoaded: HistoryLoadRun
    var memoryBelowStarted: ServerMemory?
    var memoryBelowAfter: ServerMemory?
    /// E: cold against warm by history size, smallest first.
    var bySize: [HistorySizeRun] = []
}

func runHistoryBenchmark() async {
    let usage = "usage: sov-bench serve-history [--chain DIR] [--txs N] [--hot-script-share P] [--hot-script-shares Q,R,…] [--seconds S] [--big-clients 4] [--small-clients 50] [--sizes-only] [--json]"
    let txs = option("--txs").map { Int($0.replacingOccurrences(of: "_", with: "")) ?? 0 } ?? 1_000_000
    let hotShare = option("--hot-script-share").map { Double($0) ?? -1 } ?? 2
    let windowSeconds = option("--seconds").map { Double($0) ?? 0 } ?? 10
    let bigClients = option("--big-clients").map { Int($0) ?? -1 } ?? 4
    let smallClients = option("--small-clients").map { Int($0) ?? 0 } ?? 50
    let json = CommandLine.arguments.contains("--json")
    let furtherShares = option("--hot-script-shares").map { $0.split(separator: ",").map { Double($0) ?? -1 } } ?? []
    guard furtherShares.allSatisfy({ (0...100).contains($0) }) else { fail(usage) }
    guard txs > 0, (0...100).contains(hotShare), windowSeconds > 0, bigClients >= 0, smallClients > 0 else { fail(usage) }
    raiseOpenFileLimit(to: 2 * (smallClients + bigClients) + 256)

    // The chain.
    let given = option("--chain")
    let chain = given ?? FileManager.default.temporaryDirectory.appendingPathComponent("sov-bench-history-chain-\(UUID().uuidString)").path
    defer { if given == nil { try? FileManager.default.removeItem(atPath: chain) } }
    if FileManager.default.fileExists(atPath: chain + "/blk00000.dat") {
        note("using the block files in \(chain) (--txs and --hot-script-share apply only to a chain written here)")
    } else {
        note("writing a synthetic chain of \(txs) transactions (\(hotShare)% of outputs to the hottest script) into \(chain)")
        do {
            var generator = SyntheticChain(transactionTarget: txs, hotScriptShare: hotShare)
            generator.furtherHotScriptShares = furtherShares
            _ = try generator.write(to: chain)
        } catch {
            fail("writing the chain: \(error)")
        }
    }
    var start = DispatchTime.now().uptimeNanoseconds
    let census: ChainScriptCensus
    do { census = try ChainScriptCensus.take(directory: chain, network: .regtest) } catch { fail("reading \(chain): \(error)") }
    let censusSeconds = seconds(since: start)
    guard let hot = census.hottest.first, !census.paidOnce.isEmpty else {
        fail("\(chain) has no script paid \(ChainScriptCensus.hotThreshold) times or more, or none paid once")
    }
    note(String(format: "census in %.1f s: %d transactions, %d scripts; hottest %@ (%d outputs), %d paid once sampled",
                censusSeconds, census.transactions, census.scripts, hot.scripthash, hot.outputs, census.paidOnce.count))

    // The index, built once and served by each server in turn.
    let index = FileManager.default.temporaryDirectory.appendingPathComponent("sov-bench-history-index-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: index) }
    note("indexing \(chain)")
    start = DispatchTime.now().uptimeNanoseconds
    let indexer = startOrFail(BenchmarkProcess.selfExecutable, ["serve-target", "--blocks", chain, "--index", index, "--index-only"])
    guard let indexed = indexer.waitForLine({ $0["event"]?.stringValue == "indexed" }) else { fail("indexing failed") }
    indexer.stop()
    let indexSeconds = seconds(since: start)
    let blocks = (indexed["height"]?.intValue ?? -1) + 1

    func startServer(historyLimit: Int) -> (BenchmarkProcess, Int) {
        let server = startOrFail(BenchmarkProcess.selfExecutable, ["serve-target", "--blocks", chain, "--index", index,
                                                                   "--history-limit", "\(historyLimit)"])
        guard let ready = server.waitForLine({ $0["event"]?.stringValue == "listening" }), let port = listeningPort(ready) else {
            fail("the server did not start")
        }
        note("server \(server.pid) on port \(port), history_limit \(historyLimit)")
        return (server, port)
    }
    let methods = ["blockchain.scripthash.get_balance", "server.ping"]
    func window(_ server: BenchmarkProcess, port: Int, big: Bool) async -> HistoryLoadRun {
        note("\(smallClients) clients (get_balance, ping)" + (big ? " beside \(bigClients) asking the big history" : " alone") + " for 1 + \(windowSeconds) s")
        let pid = server.pid
        var callers: RepeatingCallers?
        if big && bigClients > 0 {
            do {
                callers = try RepeatingCallers(port: port, count: bigClients, method: "blockchain.scripthash.get_history", params: [hot.scripthash])
            } catch {
                fail("big clients: \(error)")
            }
        }
        let halfway = DispatchTime.now().uptimeNanoseconds + UInt64((1 + windowSeconds / 2) * 1e9)
        let sampler = Task { () -> (Double?, Double?) in
            var first: Double?, second: Double?
            while !Task.isCancelled {
                if let m = BenchmarkProcess.memory(pid: pid) {
                    if DispatchTime.now().uptimeNanoseconds < halfway { first = max(first ?? 0, m.resident) } else { second = max(second ?? 0, m.resident) }
                }
                try? await Task.sleep(nanoseconds: 100_000_000)
            }
            return (first, second)
        }
        let load = ElectrumLoad(port: port, clients: smallClients, seconds: windowSeconds, warmupSeconds: 1, scripthashes: census.paidOnce,
                                memory: { BenchmarkProcess.memory(pid: pid) }, serverProcessor: { BenchmarkProcess.processorSeconds(pid: "\(pid)") },
                                methods: methods)
        let small = await runOrFail(load)
        let bigReport = callers?.stop()
        sampler.cancel()
        let (first, second) = await sampler.value
        return HistoryLoadRun(small: small, big: bigReport, residentFirstHalf: first, residentSecondHalf: second)
    }
    func refused(_ server: BenchmarkProcess, port: Int, limit: Int) -> HistoryRefusal {
        let answers = calls(server, port: port, count: 5)
        var cold = answers.cold
        guard cold.head.contains("\"error\"") else { fail("with history_limit \(limit), get_history answered \(cold.head)") }
        var text = cold.head
        var line = cold.line ?? []
        if let value = try? JSONParser.parse(bytes: &line), let message = value["error"]?["message"]?.stringValue {
            text = "\(value["error"]?["code"]?.intValue.map { "\($0)" } ?? "?"): \(message)"
        }
        cold.line = nil
        return HistoryRefusal(limit: limit, text: text, cold: cold, repeats: answers.repeats)
    }
    /// get_history of the hottest script once cold, then `count` times again; the server's processor seconds
    /// for the cold answer.
    func calls(_ server: BenchmarkProcess, port: Int, count: Int) -> (cold: RawLineClient.Answer, processor: Double?, repeats: [RawLineClient.Answer]) {
        do {
            let client = try RawLineClient(port: port)
            try client.handshake()
            let before = server.processorSeconds()
            let cold = try client.call("blockchain.scripthash.get_history", [hot.scripthash], keep: true)
            let processor = server.processorSeconds().flatMap { end in before.map { end - $0 } }
            let repeats = try (0..<count).map { _ in try client.call("blockchain.scripthash.get_history", [hot.scripthash]) }
            return (cold, processor, repeats)
        } catch {
            fail("get_history of \(hot.scripthash): \(error)")
        }
    }

    // E: cold against warm, by history size.
    func historiesBySize() -> [HistorySizeRun] {
        var bySize: [HistorySizeRun] = []
        for script in census.hottest {
            let (server, port) = startServer(historyLimit: max(2 * script.outputs, 100_001))
            note("(e) get_history of \(script.scripthash) (\(script.outputs) outputs), once cold and 3 times again")
            do {
                let client = try RawLineClient(port: port)
                try client.handshake()
                var cold = try client.call("blockchain.scripthash.get_history", [script.scripthash], keep: true)
                guard cold.head.contains("\"result\":[") else { fail("get_history of \(script.scripthash) answered \(cold.head)") }
                let items = cold.line.map { occurrences(of: Array("\"tx_hash\"".utf8), in: $0) } ?? 0
                cold.line = nil
                let again = try (0..<3).map { _ in try client.call("blockchain.scripthash.get_history", [script.scripthash]) }
                bySize.append(HistorySizeRun(scripthash: script.scripthash, outputs: script.outputs, items: items, cold: cold, again: again))
            } catch {
                fail("get_history of \(script.scripthash): \(error)")
            }
            server.stop()
        }
        return bySize.sorted { $0.items < $1.items }
    }
    if CommandLine.arguments.contains("--sizes-only") {
        Output.write(HistoryBenchmarkResult.bySizeText(historiesBySize()))
        return
    }

    // Server A: the whole history answered.
    let limitAbove = max(2 * hot.outputs, 100_001)
    var (server, port) = startServer(historyLimit: limitAbove)
    let memoryStarted = ServerMemory(pid: server.pid)
    note("(a) get_history of \(hot.scripthash), once cold and 5 times again")
    let (coldAnswer, coldProcessor, repeats) = calls(server, port: port, count: 5)
    let memoryAfterSingle = ServerMemory(pid: server.pid)
    var cold = coldAnswer
    guard cold.head.contains("\"result\":[") else { fail("get_history of \(hot.scripthash) answered \(cold.head)") }
    let entries = cold.line.map { occurrences(of: Array("\"tx_hash\"".utf8), in: $0) } ?? 0
    cold.line = nil
    let alone = await window(server, port: port, big: false)
    let loaded = await window(server, port: port, big: true)
    let memoryAfterLoad = ServerMemory(pid: server.pid)
    let unreadRequests = 6
    let unreadSeconds = min(60, max(5, (Double(unreadRequests) * Double(cold.total) / 1e9 * 1.25).rounded(.up)))
    note("(c) one client asking the big history \(unreadRequests) times without reading, for \(unreadSeconds) s")
    let processorBeforeUnread = server.processorSeconds()
    let unreadMaximum = unreadAnswers(port: port, scripthash: hot.scripthash, requests: unreadRequests, seconds: unreadSeconds, pid: server.pid)
    let unreadProcessor = server.processorSeconds().flatMap { end in processorBeforeUnread.map { end - $0 } }
    try? await Task.sleep(nanoseconds: 1_000_000_000)
    let memoryAfterUnread = ServerMemory(pid: server.pid)
    server.stop()

    // Server B: the same history refused.
    let limitBelow = entries > 100_000 ? 100_000 : max(1, entries / 2)
    (server, port) = startServer(historyLimit: limitBelow)
    let memoryBelowStarted = ServerMemory(pid: server.pid)
    note("(d) get_history of \(hot.scripthash) with history_limit \(limitBelow)")
    let refusal = refused(server, port: port, limit: limitBelow)
    let refusedAlone = await window(server, port: port, big: false)
    let refusedLoaded = await window(server, port: port, big: true)
    let memoryBelowAfter = ServerMemory(pid: server.pid)
    server.stop()

    // Server C: refused only once the transactions are read.
    var lateRefusal: HistoryRefusal?
    let limitLate = (hot.outputs + entries) / 2
    if limitLate > hot.outputs && limitLate < entries {
        (server, port) = startServer(historyLimit: limitLate)
        note("(d) get_history of \(hot.scripthash) with history_limit \(limitLate)")
        lateRefusal = refused(server, port: port, limit: limitLate)
        server.stop()
    }

    let bySize = historiesBySize()

    let result = HistoryBenchmarkResult(
        chain: chain, blocks: blocks, transactions: census.transactions, censusSeconds: censusSeconds, indexSeconds: indexSeconds,
        hottest: hot, paidOnce: census.paidOnce.count, seconds: windowSeconds, bigClients: bigClients, smallClients: smallClients, methods: methods,
        limitAbove: limitAbove, entries: entries, coldAnswer: cold, repeatAnswers: repeats, memoryStarted: memoryStarted,
        memoryAfterSingle: memoryAfterSingle, alone: alone, loaded: loaded, memoryAfterLoad: memoryAfterLoad,
        unreadRequests: unreadRequests, unreadSeconds: unreadSeconds, unreadMaximum: unreadMaximum,
        unreadProcessor: unreadProcessor, coldProcessor: coldProcessor, memoryAfterUnread: memoryAfterUnread,
        refusal: refusal, lateRefusal: lateRefusal,
        refusedAlone: refusedAlone, refusedLoaded: refusedLoaded, memoryBelowStarted: memoryBelowStarted, memoryBelowAfter: memoryBelowAfter,
        bySize: bySize)
    Output.write(json ? result.json.compact + "\n" : result.text)
}

/// Sends `requests` calls of get_history of `scripthash` in one write and reads none of the answers for
/// `seconds`, sampling the server's resident memory; returns the highest sample (MB). The connection is closed
/// afterwards.
func unreadAnswers(port: Int, scripthash: String, requests: Int, seconds: Double, pid: Int32) -> Double? {
    do {
        let client = try RawLineClient(port: port)
        try client.handshake()
        try client.send((0..<requests).flatMap { _ in client.request("blockchain.scripthash.get_history", [scripthash]) })
        var highest: Double?
        let end = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while DispatchTime.now().uptimeNanoseconds < end {
            if let m = BenchmarkProcess.memory(pid: pid) { highest = max(highest ?? 0, m.resident) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        client.shutdown()
        return highest
    } catch {
        fail("the client not reading: \(error)")
    }
}

/// How many times `needle` occurs in `haystack` (not overlapping).
func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
    guard !needle.isEmpty, haystack.count >= needle.count else { return 0 }
    return haystack.withUnsafeBytes { h in
        needle.withUnsafeBytes { n in
            let base = h.baseAddress!
            var count = 0, offset = 0
            while offset + n.count <= h.count, let found = memchr(base + offset, Int32(needle[0]), h.count - n.count + 1 - offset) {
                let at = UnsafeRawPointer(found) - base
                if memcmp(found, n.baseAddress!, n.count) == 0 {
                    count += 1
                    offset = at + n.count
                } else {
                    offset = at + 1
                }
            }
            return count
        }
    }
}
