import ArgumentParser
import Foundation
import SovIndex
import SovNodeRPC
import SovPrimitives

/// Where the index and the blocks are: shared by `sov index` and `sov serve`.
struct IndexOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Where sov keeps its index (default ~/.sov/<network>).", valueName: "dir"))
    var dataDir: String?

    @Option(name: .customLong("blocks-dir"), help: ArgumentHelp("Core's blocks folder, read directly when readable (default <node-datadir>/<network>/blocks).", valueName: "dir"))
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
        case .store(.failed), .incompatible, .data, .historyTooLarge: return ExitStatus.dataError
        }
    }
}

/// Turns any failure of an index command into one line on stderr and its exit status.
func reportIndexFailure(_ error: any Error) -> ExitCode {
    if let e = error as? ExitCode { return e }
    if let e = error as? IndexError { return fail(e.description, status: e.exitStatus) }
    if let e = error as? NodeRPCError { return e.report() }
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

    func report(_ p: IndexProgress, force: Bool = false) {
        guard !quiet else { return }
        let now = Date()
        guard force || now.timeIntervalSince(last) >= 1 else { return }
        last = now
        if interactive {
            let eta = p.eta.map { HumanFormat.duration(Int($0)) } ?? "-"
            Terminal.status(String(format: "indexing %d/%d  %.1f blocks/s  %.0f tx/s  %.1f MB/s  ETA %@",
                                   p.height, p.targetHeight, p.blocksPerSecond, p.transactionsPerSecond, p.megabytesPerSecond, eta))
        } else if json {
            Output.write(String(format: #"{"event":"progress","height":%d,"target":%d,"blocks_per_second":%.2f,"tx_per_second":%.1f,"mb_per_second":%.2f,"eta_seconds":%@}"#,
                                p.height, p.targetHeight, p.blocksPerSecond, p.transactionsPerSecond, p.megabytesPerSecond,
                                p.eta.map { String(Int($0)) } ?? "null") + "\n")
        }
    }

    func finish() { if interactive && !quiet { Terminal.clearStatus() } }
}
