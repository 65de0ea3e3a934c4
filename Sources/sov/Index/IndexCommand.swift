import ArgumentParser
import FoundationEssentials
import SovIndex
import SovJSON
import SovNodeRPC
import SovPrimitives

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build and keep an address index next to the node (RocksDB), and query it.",
        discussion: reflowed("""
            The index lives in --data-dir (default ~/.sov/<network>/index). Blocks are read straight from
            Core's block files when --blocks-dir (default <node-datadir>/<network>/blocks) is readable, else
            from the node over RPC; without a node (--no-node) the best chain is the most-work chain in the
            files. Every change is one atomic write that also moves the stored tip, so the index survives
            being killed at any moment and carries on where it was.

            Exit status: 0 success, 64 usage error, 65 index or chain data not as expected (including an index
            of another network, or of an older schema: `sov index build` upgrades that one in place), 69 node or
            block files unavailable, 75 index in use by another sov.
            """),
        subcommands: [IndexBuildCommand.self, IndexStatusCommand.self, IndexQueryCommand.self, IndexVerifyCommand.self,
                      IndexCompactCommand.self, IndexDropCommand.self]
    )
}

extension OpenedIndex {
    /// The index and its sources, opened from a command's options.
    /// A reader given neither --blocks-dir nor --no-node (nor --node) uses what the index's last build recorded.
    init(global: GlobalOptions, node: NodeOptions, options: IndexOptions, create: Bool, needNode: Bool = false, optionalNode: Bool = false) throws {
        let network = try global.resolvedNetwork()
        let given = options.blocksDir != nil || options.noNode || node.url != nil
        try self.init(location: options.location(network: network), connection: node.connection,
                      client: node.client(network: network, quiet: global.quiet), create: create, needNode: needNode,
                      sourceGiven: given, optionalNode: optionalNode)
    }

    /// Brings the index to the target chain once (the node's best chain, or the files' without a node),
    /// reporting progress; stops between batches when SIGINT/SIGTERM arrives.
    func catchUp(sync: IndexSync, reorgLimit: Int, reporter: ProgressReporter,
                 shouldStop: @escaping @Sendable () -> Bool = { StopSignal.requested }) throws -> SyncResult {
        if index.needsUpgrade {
            reporter.announceUpgrade(path: location.indexDirectory, from: index.storedSchema, to: IndexSchema.version,
                                     blocks: (index.tip?.height ?? -1) + 1)
            try index.upgradeSchema(progress: { reporter.report($0, phase: .upgrade) }, shouldStop: shouldStop)
            reporter.finish()
            // Stopped before the upgrade finished: nothing is indexed until it has.
            if index.needsUpgrade { return SyncResult(rolledBack: 0, applied: 0, tipHeight: index.tip?.height ?? -1) }
        }
        let result = try sync.sync(to: try targetChain(sync: sync, reorgLimit: reorgLimit), progress: { reporter.report($0) },
                                   shouldStop: shouldStop)
        reporter.finish()
        return result
    }
}

struct IndexBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the index up to the node's tip (or the files' best chain), then return; --follow keeps following.",
        discussion: reflowed("""
            On a terminal a status line shows height/target, blocks/s, tx/s, MB/s and ETA. With --json, or when
            standard output is not a terminal, progress is JSON lines
            {"event":"progress","height","target","blocks_per_second","tx_per_second","mb_per_second","eta_seconds"}
            and a last line {"event":"synced","height","hash","rolled_back","applied"} after a catch-up (with
            --follow, after each one that moved the tip).

            An index of an older schema (2 or 3) is upgraded in place first: from schema 2, every indexed
            block is read back and its transaction table (where each transaction lies) added and its spend rows
            rekeyed; from schema 3, the stored txids are dropped and the spend rows rekeyed, without reading
            blocks. It says so first (on
            standard error, or as {"event":"upgrade","path","from_schema","to_schema","blocks"}), shows progress
            as indexing does (JSON lines carry "phase":"upgrade"), and an interrupted upgrade resumes where it
            stopped; nothing reads the index until it is done.
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var node: NodeOptions
    @OptionGroup var options: IndexOptions

    @Flag(name: .long, help: "Keep following the node's tip after the first build (poll every --interval seconds).")
    var follow = false

    @OptionGroup var following: FollowOptions
    var interval: Double { following.interval }
    var zmq: String? { following.zmq }
    var reorgLimit: Int { following.reorgLimit }

    @Option(name: .customLong("batch-blocks"), help: ArgumentHelp("Blocks written per atomic batch.", valueName: "count"))
    var batchBlocks: Int = 64

    func run() throws {
        do {
            let context = try OpenedIndex(global: global, node: node, options: options, create: true)
            let sync = IndexSync(index: context.index, files: context.files, node: context.node)
            sync.batchBlocks = max(1, batchBlocks)
            let reporter = ProgressReporter(json: global.json, quiet: global.quiet)
            StopSignal.install()
            let quiet = global.quiet
            // Following, a round that found nothing new says nothing: the last line stands.
            let lastReported = LastReportedTip()
            let round: @Sendable (_ shouldStop: @escaping @Sendable () -> Bool) throws -> Void = { shouldStop in
                let result = try context.catchUp(sync: sync, reorgLimit: reorgLimit, reporter: reporter, shouldStop: shouldStop)
                let tip = context.index.tip
                guard lastReported.changed(to: tip?.hash.hex ?? "") else { return }
                if reporter.json || !reporter.interactive {
                    Output.write(JSONValue.object(JSONObject([
                        ("event", .string("synced")), ("height", .int(tip?.height ?? -1)),
                        ("hash", tip.map { .string($0.hash.hex) } ?? .null),
                        ("rolled_back", .int(result.rolledBack)), ("applied", .int(result.applied)),
                    ])).compact + "\n")
                } else if !quiet {
                    Output.write("index at height \(tip?.height ?? -1) (\(tip.map { $0.hash.hex } ?? "empty"))"
                                 + (result.rolledBack > 0 ? ", undid \(result.rolledBack) blocks" : "") + ", applied \(result.applied) blocks\n")
                }
            }
            guard follow else {
                try round { StopSignal.requested }
                return
            }
            // The follower `sov serve` uses: a new block announced over ZMQ wakes it at once, polling is the
            // fallback; a failed round ends the command with its exit status.
            let zmqEndpoint = context.node.flatMap { node in zmq ?? BlockNotificationListener.discover(node: node) }
            if let zmqEndpoint, !quiet && !reporter.json {
                StandardStreams.writeError("sov: following new blocks announced at \(zmqEndpoint)\n")
            }
            let loop = ChainFollowLoop(interval: interval, zmqEndpoint: zmqEndpoint,
                                       round: { shouldStop in try round { shouldStop() || StopSignal.requested } },
                                       failed: { _ in .stop })
            loop.start()
            loop.waitUntilEnded(orUntil: { StopSignal.requested })
            loop.stop()
            context.index.store.close()
            if let failure = loop.failure { throw failure }
        } catch {
            throw reportIndexFailure(error)
        }
    }
}

/// The tip a following command last reported, shared by its rounds (which run on the follower's thread).
final class LastReportedTip: @unchecked Sendable {
    private let lock = Lock()
    private var hash: String?

    /// Whether `hash` differs from the last one reported; records it.
    func changed(to new: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard new != hash else { return false }
        hash = new
        return true
    }
}

/// How a long-running command follows the node's tip: `sov index build --follow` and `sov serve`.
struct FollowOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Seconds between polls of the node's tip.", valueName: "seconds"))
    var interval: Double = 5

    @Option(name: .customLong("zmq"), help: ArgumentHelp("The node's zmqpubhashblock address (default: asked of the node with getzmqnotifications; without one, polling only).", valueName: "tcp://host:port"))
    var zmq: String?

    @Option(name: .customLong("reorg-limit"), help: ArgumentHelp("Deepest reorganization to undo before refusing.", valueName: "blocks"))
    var reorgLimit: Int = 100
}

struct IndexStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the index: tip, lag behind the node, size on disk, schema.",
        discussion: "Needs neither the node nor the block files. --json keys: network, path, schema, tip_height, tip_hash, node_height (null without a node), lag, size_on_disk."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var node: NodeOptions
    @OptionGroup var options: IndexOptions

    func run() throws {
        do {
            // Status never needs the node or the block files: without a node its height is left out.
            let context = try OpenedIndex(global: global, node: node, options: options, create: false, optionalNode: true)
            let tip = context.index.tip
            let nodeHeight = try? context.node?.blockchainInfo().blocks
            let size = context.index.store.sizeOnDisk
            let lag = nodeHeight.map { $0 - (tip?.height ?? -1) }
            if global.json {
                Output.write(JSONValue.object(JSONObject([
                    ("network", .string(context.network.rawValue)), ("path", .string(context.index.path)),
                    ("schema", .int(IndexSchema.version)), ("tip_height", .int(tip?.height ?? -1)),
                    ("tip_hash", tip.map { .string($0.hash.hex) } ?? .null),
                    ("node_height", nodeHeight.map(JSONValue.int) ?? .null), ("lag", lag.map(JSONValue.int) ?? .null),
                    ("size_on_disk", .int(size)),
                ])).pretty + "\n")
                return
            }
            Output.write("""
                index       \(context.index.path) (schema \(IndexSchema.version), \(context.network.rawValue))
                tip         \(tip.map { "\($0.height) \($0.hash.hex)" } ?? "empty")
                node        \(nodeHeight.map { "\($0) (\(lag ?? 0) behind)" } ?? "not reachable")
                size        \(HumanFormat.bytes(size))

                """)
        } catch {
            throw reportIndexFailure(error)
        }
    }
}

struct IndexQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Show what the server would answer for a script: history, unspent outputs, balance.",
        discussion: reflowed("""
            TARGET is an Electrum scripthash (64 hex) or an address of the network. Prints
            {"scripthash", "history": [{"tx_hash", "height"} (+ "fee" for mempool entries)],
             "utxos": [{"tx_hash", "tx_pos", "height", "value"}], "balance": {"confirmed", "unconfirmed"}}
            with amounts in satoshis; mempool entries (height 0, or -1 when a parent is unconfirmed) come from
            the node when it is reachable (without it the confirmed part is printed and stderr says the mempool
            part is missing). Without --blocks-dir, --no-node or --node the index is read from the sources its
            last build used.
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var node: NodeOptions
    @OptionGroup var options: IndexOptions

    @Argument(help: ArgumentHelp("A scripthash (64 hex) or an address.", valueName: "target"))
    var target: String

    func run() throws {
        let network = try global.resolvedNetwork()
        let scriptHash: ScriptHash
        if let given = ScriptHash(target) {
            scriptHash = given
        } else {
            do { scriptHash = ScriptHash(script: try Address(target, network: network).scriptPubKey.bytes) } catch {
                throw fail("'\(target)' is neither a scripthash nor a \(network.rawValue) address: \(error)", status: ExitStatus.dataError)
            }
        }
        do {
            // Without an answering node the confirmed part is still the index's to give; the mempool part is not.
            let context = try OpenedIndex(global: global, node: node, options: options, create: false, optionalNode: true)
            if context.location.useNode && context.node == nil && context.files != nil && !global.quiet {
                StandardStreams.writeError("sov: the node did not answer: confirmed history only, the mempool part is missing\n")
            }
            let mempool = try context.node.map { try MempoolView.fetch(from: $0, index: context.index) }
            let result = try context.index.history(scriptHash: scriptHash, mempool: mempool)
            let history: [JSONValue] = result.history.map { e in
                var o = JSONObject([("tx_hash", .string(e.txid.hex)), ("height", .int(e.height.wire))])
                if let fee = e.fee { o.append("fee", .int(fee.satoshis)) }
                return .object(o)
            }
            let utxos: [JSONValue] = result.unspent.map { u in
                .object(JSONObject([("tx_hash", .string(u.txid.hex)), ("tx_pos", .int(u.vout)),
                                    ("height", .int(u.height.wire)), ("value", .int(u.value.satoshis))]))
            }
            let value = JSONValue.object(JSONObject([
                ("scripthash", .string(result.scriptHash.hex)), ("history", .array(history)), ("utxos", .array(utxos)),
                ("balance", .object(JSONObject([("confirmed", .int(result.confirmedBalance.satoshis)), ("unconfirmed", .int(result.unconfirmedBalance.satoshis))]))),
            ]))
            Output.write(value.pretty + "\n")
        } catch {
            throw reportIndexFailure(error)
        }
    }
}
