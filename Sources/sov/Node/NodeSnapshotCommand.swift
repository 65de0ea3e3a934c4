import ArgumentParser
import FoundationEssentials
import SovPrimitives
import SovJSON
import SovNodeRPC

struct NodeSnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Load an assumeUTXO snapshot into the node.",
        subcommands: [NodeSnapshotLoadCommand.self]
    )
}

struct NodeSnapshotLoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load an assumeUTXO snapshot (loadtxoutset) so the node is usable before it has validated history.",
        discussion: reflowed("""
            PATH is read by the node, so it must be a path on the node's machine; a relative path is made
            absolute here. Loading takes minutes: elapsed time is shown on a terminal. --json prints Core's
            answer (coins_loaded, tip_hash, base_height, path).
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var node: NodeOptions

    @Argument(help: ArgumentHelp("The snapshot file (utxo-<height>.dat).", valueName: "path"))
    var path: String

    func run() throws {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let client = node.client(network: try global.resolvedNetwork(), quiet: global.quiet, requestTimeout: 4 * 3600)
        let showProgress = !global.quiet && !global.json && Terminal.isInteractive(fd: 2)
        let box = ResultBox()
        Threads.detach {
            box.set(Result { () throws(NodeRPCError) -> JSONValue in try client.call("loadtxoutset", [.string(absolute)]) })
        }
        let start = Date()
        while box.value == nil {
            if showProgress { Terminal.status("loading snapshot \(absolute): \(HumanFormat.duration(Int(Date().timeIntervalSince(start)))) elapsed") }
            Threads.sleep(seconds: 0.25)
        }
        if showProgress { Terminal.clearStatus() }
        let result: JSONValue
        do { result = try box.value!.get() } catch { throw error.report() }
        if global.json {
            Output.write(result.pretty + "\n")
        } else {
            Output.write("loaded \(result["coins_loaded"]?.compact ?? "?") coins; snapshot tip \(result["tip_hash"]?.stringValue ?? "?") at height \(result["base_height"]?.compact ?? "?")\n")
        }
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = Lock()
    private var stored: Result<JSONValue, NodeRPCError>?
    var value: Result<JSONValue, NodeRPCError>? { lock.lock(); defer { lock.unlock() }; return stored }
    func set(_ v: Result<JSONValue, NodeRPCError>) { lock.lock(); stored = v; lock.unlock() }
}
