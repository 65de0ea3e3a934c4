import Foundation
import SovIndex
import SovPrimitives
import SovServer

// sov-bench serve-target --blocks DIR [--network NET] [--history-limit N] [--index DIR [--index-only]]
//   (started by `sov-bench serve` and `serve-history`, not meant to be run by hand)
//
// The Electrum server under test, as `sov serve --no-node` runs it: indexes the block files of DIR into a
// fresh index in a temporary folder (the files' best chain, ChainPlanner + IndexSync), then starts a
// ServerRuntime with one TCP listener on 127.0.0.1 (port chosen by the system) and serves that snapshot.
// The limits meant for a flood are raised (`BenchmarkServerTarget.limits`) so that the benchmark measures
// the server, not its throttling; --history-limit sets the longest history answered (default: the server's,
// 100,000). Prints {"event":"listening","port":P,"height":H} when ready; exits, removing the index, when its
// standard input closes or on SIGTERM/SIGINT.
//
// With --index DIR the index lives in DIR, brought up to date first and kept afterwards, so that several
// server processes can serve one index in turn; --index-only brings it up to date, prints
// {"event":"indexed","height":H} and exits.

/// The server configuration the benchmark runs.
enum BenchmarkServerTarget {
    /// `ServerLimits()` with every limit a benchmark's load would hit raised out of its way: open connections
    /// (in all and from one address, 127.0.0.1), subscriptions (per connection and per address) and the
    /// request cost budget (which would otherwise delay, then disconnect, a client asking without pause).
    static var limits: ServerLimits {
        var limits = ServerLimits()
        limits.maxConnections = 100_000
        limits.maxConnectionsPerIP = 100_000
        limits.maxSubscriptionsPerConnection = 10_000_000
        limits.maxSubscriptionsPerIP = 100_000_000
        limits.trusted.costBudget = false
        return limits
    }

    /// How the limits differ from the defaults, for the report.
    static var limitsDescription: String {
        let d = ServerLimits(), l = limits
        return "connections \(d.maxConnections)→\(l.maxConnections), per IP \(d.maxConnectionsPerIP)→\(l.maxConnectionsPerIP), "
            + "subscriptions per IP \(d.maxSubscriptionsPerIP)→\(l.maxSubscriptionsPerIP), no cost budget (as for every trusted client by default)"
    }

    /// The index in `directory` (created if absent) brought up to the best chain of the block files in `blocks`.
    static func syncedIndex(directory: String, blocks: String, network: Network) throws -> (sync: IndexSync, height: Int) {
        let index = try AddressIndex(directory: directory, network: network, create: true)
        let sync = IndexSync(index: index, files: BlockFileSlices(directory: blocks), node: nil)
        let chain = try ChainPlanner.targetChain(sync: sync, blocksDirectory: blocks, network: network, reorgLimit: 100)
        _ = try sync.sync(to: chain)
        return (sync, index.tip?.height ?? -1)
    }
}

func runServeTarget() async {
    guard let blocks = option("--blocks") else {
        fail("usage: sov-bench serve-target --blocks DIR [--network NET] [--history-limit N] [--index DIR [--index-only]]")
    }
    let network = option("--network").flatMap { Network(rawValue: $0) } ?? .regtest
    var limits = BenchmarkServerTarget.limits
    if let text = option("--history-limit") {
        guard let limit = Int(text), limit > 0 else { fail("serve-target: --history-limit takes a positive number") }
        limits.historyLimit = limit
    }
    let kept = option("--index")
    let directory = kept ?? FileManager.default.temporaryDirectory.appendingPathComponent("sov-bench-serve-\(UUID().uuidString)").path
    // A temporary index goes when the server does; one given with --index stays.
    let removeIndex: @Sendable () -> Void = { if kept == nil { try? FileManager.default.removeItem(atPath: directory) } }
    if CommandLine.arguments.contains("--index-only") {
        // The index closes (its store flushed) before the line says it is ready, its compactions done: each
        // server then starts as one that has been running a while would (not compacting beside its first
        // requests).
        let height: Int
        do {
            let synced = try BenchmarkServerTarget.syncedIndex(directory: directory, blocks: blocks, network: network)
            synced.sync.index.store.flush()
            synced.sync.index.store.waitForCompactions()
            synced.sync.index.store.close()
            height = synced.height
        } catch {
            fail("serve-target: \(error)")
        }
        FileHandle.standardOutput.write(Data("{\"event\":\"indexed\",\"height\":\(height)}\n".utf8))
        return
    }
    let runtime: ServerRuntime
    let height: Int
    do {
        let synced = try BenchmarkServerTarget.syncedIndex(directory: directory, blocks: blocks, network: network)
        let (sync, index) = (synced.sync, synced.sync.index)
        height = synced.height
        let genesis = try index.blockRecord(height: 0).map { $0.hash.hex } ?? ""
        let options = ServerRuntime.Options(
            listeners: [ServerListener(.tcp, host: "127.0.0.1", port: 0)], metrics: nil, limits: limits,
            tls: nil, identity: ServerIdentity(genesisHash: genesis, software: "sov-bench"), authorize: { _ in .allowed(reason: "loopback client") },
            pollInterval: 5, zmqEndpoint: nil, reorgLimit: 100, follow: false)
        runtime = try ServerRuntime(sync: sync, node: nil, blocksDirectory: blocks, network: network, options: options,
                                    log: { FileHandle.standardError.write(Data("sov-bench serve-target: \($0)\n".utf8)) })
    } catch {
        removeIndex()
        fail("serve-target: \(error)")
    }
    do {
        let bound = try await runtime.start(stopOnSignals: true)
        let port = bound.listeners.first?.port ?? 0
        FileHandle.standardOutput.write(Data("{\"event\":\"listening\",\"port\":\(port),\"height\":\(height)}\n".utf8))
        exitWhenInputCloses(cleanup: removeIndex)
        await runtime.runUntilShutdown()
    } catch {
        await runtime.shutdown()
    }
    removeIndex()
}
