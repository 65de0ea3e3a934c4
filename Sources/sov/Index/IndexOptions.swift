import ArgumentParser
import FoundationEssentials
import SovIndex
import SovJSON
import SovNodeRPC
import SovPrimitives

/// Where the index and the blocks are: shared by `sov index` and `sov serve`.
struct IndexOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: ArgumentHelp("sov's data directory; the index is its index/ folder (default ~/.sov/<network>).", valueName: "dir"), completion: .directory)
    var dataDir: String?

    @Option(name: .customLong("blocks-dir"), help: ArgumentHelp("Core's blocks folder, read directly when readable (default <node-datadir>/<network>/blocks).", valueName: "dir"), completion: .directory)
    var blocksDir: String?

    @Flag(name: .customLong("no-node"), help: "Do not contact a node: read the block files alone (best chain = most work).")
    var noNode = false

    /// Where the index and its blocks are on `network`.
    func location(network: Network) -> IndexLocation {
        IndexLocation(network: network, dataDirectory: dataDir, blocksDirectory: blocksDir, useNode: !noNode)
    }
}

extension IndexError {
    /// Exit status: 69 when the node or block files are unavailable, 75 when the index is in use,
    /// 65 for an index or chain that is not as it should be.
    var exitStatus: Int32 {
        switch self {
        case .source: return ExitStatus.unavailable
        case .store(.locked): return ExitStatus.tempFailure
        case .notFound: return ExitStatus.usage
        case .store(.failed), .incompatible, .outdatedSchema, .data, .historyTooLarge: return ExitStatus.dataError
        }
    }
}

/// Turns any failure of an index command into one line on stderr and its exit status.
func reportIndexFailure(_ error: any Error) -> ExitCode {
    if let e = error as? ExitCode { return e }
    if let e = error as? IndexError { return fail(e.description, status: e.exitStatus) }
    if let e = error as? NodeRPCError {
        // The index needs blocks from somewhere: say where else they can come from.
        if case .unreachable = e {
            return fail(e.description + "; without a node, read Core's block files: --blocks-dir DIR --no-node; to set the node up for sov: sov node config; to try sov on a sample chain: sov demo",
                        status: e.exitStatus)
        }
        return e.report()
    }
    if let e = error as? StoreError { return fail(e.description, status: IndexError.store(e).exitStatus) }
    if let e = error as? DecodingError { return fail("bad block data: \(e)", status: ExitStatus.dataError) }
    return fail("\(error)", status: ExitStatus.dataError)
}

/// Progress lines: a status line on a terminal, JSON lines when asked or piped, at most one a second.
final class ProgressReporter: @unchecked Sendable {
    let json: Bool
    let interactive: Bool
    let quiet: Bool
    private var last = Date.distantPast

    init(json: Bool, quiet: Bool) {
        self.quiet = quiet
        self.interactive = !json && Terminal.isInteractive(fd: 1) && Terminal.isInteractive(fd: 2)
        self.json = json || !Terminal.isInteractive(fd: 1)
    }

    /// What a progress line is about: indexing blocks, or upgrading an index's schema in place.
    enum Phase: String { case indexing, upgrade }

    func report(_ p: IndexProgress, phase: Phase = .indexing, force: Bool = false) {
        guard !quiet else { return }
        let now = Date()
        guard force || now.timeIntervalSince(last) >= 1 else { return }
        last = now
        if interactive {
            let eta = p.eta.map { HumanFormat.duration(Int($0)) } ?? "-"
            Terminal.status((phase == .indexing ? "indexing" : "upgrading")
                            + String(cFormat: " %ld/%ld  %.1f blocks/s  %.0f tx/s  %.1f MB/s  ETA ", p.height, p.targetHeight, p.blocksPerSecond,
                                     p.transactionsPerSecond, p.megabytesPerSecond) + eta)
        } else if json {
            // Upgrade lines carry "phase"; indexing lines are as they have always been.
            Output.write(#"{"event":"progress","# + (phase == .indexing ? "" : #""phase":"upgrade","#)
                         + String(cFormat: #""height":%ld,"target":%ld,"blocks_per_second":%.2f,"tx_per_second":%.1f,"mb_per_second":%.2f,"eta_seconds":"#,
                                  p.height, p.targetHeight, p.blocksPerSecond, p.transactionsPerSecond, p.megabytesPerSecond)
                         + (p.eta.map { String(Int($0)) } ?? "null") + "}\n")
        }
    }

    /// Says, before it starts, that an index is about to be upgraded in place: on standard error, or as a JSON
    /// line {"event":"upgrade","path","from_schema","to_schema","blocks"}.
    func announceUpgrade(path: String, from: UInt32, to: UInt32, blocks: Int) {
        guard !quiet else { return }
        if json {
            Output.write(JSONValue.object(JSONObject([
                ("event", .string("upgrade")), ("path", .string(path)), ("from_schema", .int(Int(from))),
                ("to_schema", .int(Int(to))), ("blocks", .int(blocks)),
            ])).compact + "\n")
        } else {
            let work = from < 3 ? "reading \(blocks) blocks back to add their transaction tables" : "rewriting the rows of \(blocks) blocks"
            StandardStreams.writeError("sov: upgrading the index at \(path) from schema \(from) to \(to): \(work) "
                + "(an interrupted upgrade resumes where it stopped)\n")
        }
    }

    func finish() { if interactive && !quiet { Terminal.clearStatus() } }
}
