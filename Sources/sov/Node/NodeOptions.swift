import ArgumentParser
import FoundationEssentials
import SovNodeRPC
import SovPrimitives
import Glibc

/// How to reach the user's Bitcoin Core: shared by every command that talks to the node.
struct NodeOptions: ParsableArguments {
    @Option(name: .customLong("node"), help: ArgumentHelp("Node RPC URL (env SOV_NODE; default http://127.0.0.1:<network's RPC port>).", valueName: "url"))
    var url: String?

    @Option(name: .customLong("node-datadir"), help: ArgumentHelp("Bitcoin Core's data directory, where the cookie file is found (default ~/.bitcoin, with Core's per-network subfolders).", valueName: "dir"), completion: .directory)
    var datadir: String?

    @Option(name: .customLong("rpc-cookie"), help: ArgumentHelp("Cookie file to authenticate with.", valueName: "path"), completion: .file())
    var cookie: String?

    @Option(name: .customLong("rpc-user"), help: ArgumentHelp("RPC user name (env SOV_RPC_USER); the password comes from SOV_RPC_PASSWORD or --rpc-password.", valueName: "user"))
    var user: String?

    @Option(name: .customLong("rpc-password"), help: ArgumentHelp("RPC password (prefer SOV_RPC_PASSWORD: arguments are visible to other users). Never echoed.", valueName: "password"))
    var password: String?

    @Option(name: .customLong("timeout"), help: ArgumentHelp("Seconds to wait for the node: while it is still starting (default 30), and for each answer (default 60).", valueName: "seconds"))
    var timeoutOption: Double?

    /// How long to wait for a node that is still starting.
    var timeout: Double {
        get { timeoutOption ?? 30 }
        set { timeoutOption = newValue }
    }

    /// The node as these options name it.
    var connection: NodeConnection {
        NodeConnection(url: url, datadir: datadir, cookie: cookie, user: user, password: password, warmupTimeout: timeout)
    }

    /// A client whose warm-up waiting shows progress on a terminal (stderr), quietly otherwise.
    func client(network: Network, quiet: Bool, requestTimeout: Double = 60) -> NodeRPCClient {
        let showProgress = !quiet && Terminal.isInteractive(fd: 2)
        let limit = Int(timeout)
        var progress: (@Sendable (String, Double) -> Void)?
        if showProgress {
            progress = { message, waited in
                Terminal.status("waiting for the node to start: \(message) (\(Int(waited)) s of \(limit) s)")
            }
        }
        // --timeout bounds each answer too: a node that accepts the connection and never answers is given up
        // on after it, not after the default minute.
        return connection.client(network: network, requestTimeout: timeoutOption ?? requestTimeout, warmupProgress: progress)
    }
}

/// Terminal detection and in-place status lines on stderr.
enum Terminal {
    static func isInteractive(fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Rewrites the current stderr line.
    static func status(_ text: String) {
        StandardStreams.writeError("\r\u{1B}[2K\(text)")
    }

    static func clearStatus() {
        StandardStreams.writeError("\r\u{1B}[2K")
    }
}

extension NodeRPCError {
    /// The exit status for this failure (documented in sov-node(1)): 69 node unreachable or not ready,
    /// 77 credentials refused or unreadable, 64 bad argument, 76 a reply that is not JSON-RPC, and for RPC
    /// errors Core's code as bitcoin-cli returns it (|code| mod 256, never 0).
    var exitStatus: Int32 {
        switch self {
        case .unreachable, .warmupTimeout: return ExitStatus.unavailable
        case .unauthorized, .credentials: return ExitStatus.noPermission
        case .invalidArgument: return ExitStatus.usage
        case .malformedResponse: return ExitStatus.protocolError
        case .rpc(let code, _):
            let status = Int32(abs(code) % 256)
            return status == 0 ? 1 : status
        }
    }

    /// Prints the failure and returns the exit code to throw.
    func report() -> ExitCode {
        if case .rpc = self {
            // bitcoin-cli's form, which scripts already parse.
            StandardStreams.writeError(description + "\n")
            return ExitCode(exitStatus)
        }
        return fail(description, status: exitStatus)
    }
}

/// Formats byte counts and rates for people.
enum HumanFormat {
    static func bytes(_ count: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(count) B" : String(cFormat: "%.1f ", value) + units[unit]
    }

    /// sat/kvB as sat/vB with up to three decimals.
    static func feeRate(_ satoshisPerKvB: Int64?) -> String {
        guard let satoshisPerKvB else { return "n/a" }
        return String(cFormat: "%.3f", Double(satoshisPerKvB) / 1000)
    }

    static func duration(_ seconds: Int) -> String {
        let d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60
        if d > 0 { return "\(d)d \(h)h" }
        if h > 0 { return "\(h)h \(m)m" }
        if m > 0 { return "\(m)m \(s)s" }
        return "\(s)s"
    }
}
