import Foundation

/// A long-running program a test starts (tor, bitcoind), spawned with a clean signal mask and default signal
/// dispositions. Foundation's `Process` passes on the spawning thread's mask, and the test runner's threads
/// block SIGTERM: a child started that way never sees a SIGTERM, so `terminate()` and a wait for its exit
/// hang (issue 13, found with a real bitcoind). Stopping is SIGTERM, a wait with a deadline, then SIGKILL.
public final class Daemon: @unchecked Sendable {
    public let pid: pid_t
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments`; standard output and error go to `log` (appended), or nowhere.
    public init(_ executable: String, _ arguments: [String], log: String? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let output = log ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        guard status == 0 else { throw FixtureError("cannot start \(executable): \(String(cString: strerror(status)))") }
        pid = child
    }

    /// Whether it has not exited yet (reaps it when it has).
    public var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        if exitStatus != nil { return false }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid || result < 0 {
            exitStatus = status
            return false
        }
        return true
    }

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
        kill(pid, SIGTERM)
        if wait(seconds: seconds) { return true }
        kill(pid, SIGKILL)
        wait(seconds: 10)
        return false
    }

    deinit { stop(within: 5) }
}
