import ArgumentParser
import FoundationEssentials
import SovPrimitives
import SovJSON
import SovNodeRPC

struct NodeStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the node's chain, version, sync state, peers, mempool, fee estimates and uptime.",
        discussion: reflowed("""
            --json prints one object with stable keys: chain, version, version_number, blocks, headers,
            best_block_hash, verification_progress, initial_block_download, synced, pruned, size_on_disk,
            peers {in, out, total}, mempool {transactions, bytes, min_fee_sat_per_kvb},
            fee_estimates_sat_per_kvb {"2", "6", "144"} (null where the node has no estimate), uptime
            (seconds), warnings (list).
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var node: NodeOptions

    @Flag(name: .long, help: "Refresh every --interval seconds (in place on a terminal; one JSON line each time otherwise).")
    var watch = false

    @Option(name: .long, help: ArgumentHelp("Seconds between refreshes with --watch.", valueName: "seconds"))
    var interval: Double = 2

    @Flag(name: .customLong("wait-synced"), help: "Wait until the node is synced, then exit 0 (75 after --timeout seconds).")
    var waitSynced = false

    func run() throws {
        let network = try global.resolvedNetwork()
        let client = node.client(network: network, quiet: global.quiet)
        do {
            if waitSynced { return try waitUntilSynced(client) }
            let interactive = Terminal.isInteractive(fd: 1) && !global.json
            repeat {
                let status = try NodeStatus.fetch(from: client)
                if global.json || !interactive && watch {
                    Output.write((watch ? status.json.compact : status.json.pretty) + "\n")
                } else {
                    if watch { Output.write("\u{1B}[H\u{1B}[2J") }
                    Output.write(render(status))
                }
                if watch { Threads.sleep(seconds: max(0.2, interval)) }
            } while watch
        } catch let error as NodeRPCError {
            throw error.report()
        }
    }

    func render(_ s: NodeStatus) -> String {
        let info = s.blockchain
        var lines: [(String, String)] = []
        lines.append(("chain", "\(info.chain)  (\(s.subversion.trimming(where: { $0 == "/" })))"))
        lines.append(("blocks", "\(info.blocks) of \(info.headers) headers, \(String(cFormat: "%.2f", info.verificationProgress * 100))% verified"))
        lines.append(("state", s.isSynced ? "synced" : (info.initialBlockDownload ? "initial block download" : "catching up")))
        lines.append(("best block", info.bestBlockHash))
        lines.append(("storage", "\(HumanFormat.bytes(info.sizeOnDisk)) on disk\(info.pruned ? ", pruned" : "")"))
        lines.append(("peers", "\(s.peersIn) in, \(s.peersOut) out"))
        lines.append(("mempool", "\(s.mempoolTransactions) transactions, \(HumanFormat.bytes(Int64(s.mempoolBytes))), min fee \(HumanFormat.feeRate(s.mempoolMinFee)) sat/vB"))
        lines.append(("fees", s.feeEstimates.map { "\($0.blocks) blocks \(HumanFormat.feeRate($0.satoshisPerKvB))" }.joined(separator: ", ") + " sat/vB"))
        lines.append(("uptime", HumanFormat.duration(s.uptimeSeconds)))
        for warning in info.warnings { lines.append(("warning", warning)) }
        return lines.map { $0.0.fixedWidth(12) + $0.1 }.joined(separator: "\n") + "\n"
    }

    /// Polls until synced; progress (blocks, rate, ETA) on a terminal.
    func waitUntilSynced(_ client: NodeRPCClient) throws {
        let start = Date()
        let showProgress = !global.quiet && Terminal.isInteractive(fd: 2)
        var first: (blocks: Int, time: Date)?
        while true {
            let info = try client.blockchainInfo()
            if !info.initialBlockDownload && info.blocks >= info.headers {
                if showProgress { Terminal.clearStatus() }
                if global.json { Output.write(JSONValue.object(JSONObject([("synced", .bool(true)), ("blocks", .int(info.blocks))])).compact + "\n") }
                return
            }
            let now = Date()
            if first == nil { first = (info.blocks, now) }
            if showProgress, let first {
                let elapsed = now.timeIntervalSince(first.time)
                let rate = elapsed > 0 ? Double(info.blocks - first.blocks) / elapsed : 0
                let eta = rate > 0 ? HumanFormat.duration(Int(Double(info.headers - info.blocks) / rate)) : "unknown"
                Terminal.status(String(cFormat: "syncing: %ld of %ld blocks (%.2f%%), %.1f blocks/s, ETA ", info.blocks, info.headers,
                                       info.verificationProgress * 100, rate) + eta)
            }
            if now.timeIntervalSince(start) >= node.timeout {
                if showProgress { Terminal.clearStatus() }
                throw fail("the node is not synced after \(Int(node.timeout)) s: \(info.blocks) of \(info.headers) blocks", status: ExitStatus.tempFailure)
            }
            Threads.sleep(seconds: min(1, max(0.05, node.timeout - now.timeIntervalSince(start))))
        }
    }
}
