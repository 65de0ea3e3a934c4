import Foundation
import SovIndex
import SovPrimitives
import SovServer

// sov-bench serve-target --blocks DIR [--network NET]   (started by `sov-bench serve`, not meant to be run by hand)
//
// The Electrum server under test, as `sov serve --no-node` runs it: indexes the block files of DIR into a
// fresh index in a temporary folder (the files' best chain, ChainPlanner + IndexSync), then starts a
// ServerRuntime with one TCP listener on 127.0.0.1 (port chosen by the system) and serves that snapshot.
// The limits meant for a flood are raised (`BenchmarkServerTarget.limits`) so that the benchmark measures
// the server, not its throttling. Prints {"event":"listening","port":P,"height":H} when ready; exits,
// removing the index, when its standard input closes or on SIGTERM/SIGINT.

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
        limits.costSoftLimit = 1e15
        limits.costHardLimit = 1e15
        return limits
    }

    /// How the limits differ from the defaults, for the report.
    static var limitsDescription: String {
        let d = ServerLimits(), l = limits
        return "connections \(d.maxConnections)→\(l.maxConnections), per IP \(d.maxConnectionsPerIP)→\(l.maxConnectionsPerIP), "
            + "subscriptions per IP \(d.maxSubscriptionsPerIP)→\(l.maxSubscriptionsPerIP), cost budget off (soft \(Int(d.costSoftLimit)), hard \(Int(d.costHardLimit)) by default)"
    }
}

func runServeTarget() async {
    guard let blocks = option("--blocks") else { fail("usage: sov-bench serve-target --blocks DIR") }
    let network = option("--network").flatMap { Network(rawValue: $0) } ?? .regtest
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sov-bench-serve-\(UUID().uuidString)").path
    let runtime: ServerRuntime
    let height: Int
    do {
        let index = try AddressIndex(directory: directory, network: network, create: true)
        let sync = IndexSync(index: index, files: BlockFileSlices(directory: blocks), node: nil)
        let chain = try ChainPlanner.targetChain(sync: sync, blocksDirectory: blocks, network: network, reorgLimit: 100)
        _ = try sync.sync(to: chain)
        height = index.tip?.height ?? -1
        let genesis = try index.blockRecord(height: 0).map { Hex.encodeReversed($0.hash) } ?? ""
        let options = ServerRuntime.Options(
            listeners: [ServerListener(.tcp, host: "127.0.0.1", port: 0)], metrics: nil, limits: BenchmarkServerTarget.limits,
            tls: nil, identity: ServerIdentity(genesisHash: genesis, software: "sov-bench"), authorize: { _ in nil },
            pollInterval: 5, zmqEndpoint: nil, reorgLimit: 100, follow: false)
        runtime = try ServerRuntime(sync: sync, node: nil, blocksDirectory: blocks, network: network, options: options,
                                    log: { FileHandle.standardError.write(Data("sov-bench serve-target: \($0)\n".utf8)) })
    } catch {
        try? FileManager.default.removeItem(atPath: directory)
        fail("serve-target: \(error)")
    }
    do {
        let bound = try await runtime.start()
        let port = bound.listeners.first?.port ?? 0
        FileHandle.standardOutput.write(Data("{\"event\":\"listening\",\"port\":\(port),\"height\":\(height)}\n".utf8))
        exitWhenInputCloses { try? FileManager.default.removeItem(atPath: directory) }
        try await runtime.runUntilShutdown()
    } catch {
        await runtime.shutdown()
    }
    try? FileManager.default.removeItem(atPath: directory)
}
