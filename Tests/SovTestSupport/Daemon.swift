import Foundation
import SovPrimitives

/// A long-running program a test starts (tor, bitcoind), spawned with a clean signal mask and default signal
/// dispositions. Foundation's `Process` passes on the spawning thread's mask, and the test runner's threads
/// block SIGTERM: a child started that way never sees a SIGTERM, so `terminate()` and a wait for its exit
/// hang (issue 13, found with a real bitcoind). Stopping is SIGTERM, a wait with a deadline, then SIGKILL.
public final class Daemon: @unchecked Sendable {
    private let child: ChildProcess
    public var pid: pid_t { child.processIdentifier }

    /// Starts `executable` with `arguments`; standard output and error go to `log` (appended), or nowhere.
    public init(_ executable: String, _ arguments: [String], log: String? = nil) throws {
        do {
            child = try ChildProcess.spawn(executable, arguments, pipeOutput: false, pipeError: false, log: log)
        } catch {
            throw FixtureError(error.description)
        }
    }

    /// Whether it has not exited yet (reaps it when it has).
    public var isRunning: Bool { child.isRunning }

    /// Waits up to `seconds` for it to exit; whether it did.
    @discardableResult
    public func wait(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning {
            guard Date() < deadline else { return false }
            usleep(20_000)
        }
        return true
    }

    /// SIGTERM, then up to `seconds` for it to exit, then SIGKILL. Returns whether SIGTERM alone stopped it.
    @discardableResult
    public func stop(within seconds: Double = 15) -> Bool {
        guard isRunning else { return true }
        child.kill(SIGTERM)
        if wait(seconds: seconds) { return true }
        child.kill(SIGKILL)
        wait(seconds: 10)
        return false
    }

    deinit { stop(within: 5) }
}
