import Glibc

/// A program run by `posix_spawn` (Foundation's `Process` without Foundation): a clean signal mask and default
/// signal handlers in the child (Foundation passes on the spawning thread's mask: a child started from a thread
/// that blocks SIGTERM never sees one), standard input from `/dev/null`, standard output and error each piped
/// back, sent to `/dev/null`, or both appended to a log file. A name without a slash is looked up on `PATH`.
public final class ChildProcess: @unchecked Sendable {
    /// Why a program could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        public let executable: String
        public let code: Int32
        public var description: String { "cannot run \(executable): \(String(cString: strerror(code)))" }
    }

    /// What a finished program left: its exit status (128 + signal number when a signal ended it) and what it wrote.
    public struct Outcome: Sendable {
        public let status: Int32
        public let output: [UInt8]
        public let error: [UInt8]
        /// Whether the deadline passed and the program was killed.
        public let timedOut: Bool
    }

    public let processIdentifier: pid_t
    /// The reading ends of the pipes, when asked for.
    public let outputDescriptor: Int32?
    public let errorDescriptor: Int32?
    private let lock = Lock()
    private var finishedStatus: Int32?

    private init(pid: pid_t, output: Int32?, error: Int32?) {
        processIdentifier = pid
        outputDescriptor = output
        errorDescriptor = error
    }

    deinit {
        if let outputDescriptor { close(outputDescriptor) }
        if let errorDescriptor { close(errorDescriptor) }
    }

    /// Starts `executable` with `arguments`; `pipeOutput`/`pipeError` choose which streams come back as pipes, and
    /// `log` (when the streams are not piped) is a file both are appended to.
    public static func spawn(_ executable: String, _ arguments: [String], pipeOutput: Bool, pipeError: Bool,
                             log: String? = nil) throws(SpawnError) -> ChildProcess {
        var outputPipe: [Int32] = [-1, -1], errorPipe: [Int32] = [-1, -1]
        func closeAll() { for fd in outputPipe + errorPipe where fd >= 0 { close(fd) } }
        // Close-on-exec, so that other children started meanwhile do not hold these pipes open.
        func makePipe(_ ends: inout [Int32]) -> Bool {
            guard pipe(&ends) == 0 else { return false }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            return true
        }
        if pipeOutput && !makePipe(&outputPipe) { throw SpawnError(executable: executable, code: errno) }
        if pipeError && !makePipe(&errorPipe) {
            let code = errno
            closeAll()
            throw SpawnError(executable: executable, code: code)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if pipeOutput {
            posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        } else if let log {
            posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        if pipeError {
            posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
        } else if log != nil && !pipeOutput {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // Nothing else of this process goes with the child: not its listening sockets, index files or the pipes
        // of other children (a program that outlived sov would hold sov's port; one holding another child's
        // pipe would keep that child's reader waiting for an end that never comes).
        _ = addCloseFrom?(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let status = executable.contains("/")
            ? posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
            : posix_spawnp(&pid, executable, &actions, &attributes, argv, environ)
        // The writing ends belong to the child now.
        if outputPipe[1] >= 0 { close(outputPipe[1]) }
        if errorPipe[1] >= 0 { close(errorPipe[1]) }
        guard status == 0 else {
            if outputPipe[0] >= 0 { close(outputPipe[0]) }
            if errorPipe[0] >= 0 { close(errorPipe[0]) }
            throw SpawnError(executable: executable, code: status)
        }
        return ChildProcess(pid: pid, output: pipeOutput ? outputPipe[0] : nil, error: pipeError ? errorPipe[0] : nil)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later; declared only for `_GNU_SOURCE`, so
    /// looked up by name).
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// Runs a program to its end, collecting both streams together (neither can fill up and block the other);
    /// after `timeout` seconds it is killed.
    public static func run(_ executable: String, _ arguments: [String], timeout: Double? = nil) throws(SpawnError) -> Outcome {
        let child = try spawn(executable, arguments, pipeOutput: true, pipeError: true)
        let deadline = timeout.map { monotonicSeconds() + $0 }
        var output: [UInt8] = [], error: [UInt8] = []
        var open: [(fd: Int32, isOutput: Bool)] = [(child.outputDescriptor!, true), (child.errorDescriptor!, false)]
        var timedOut = false
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while !open.isEmpty {
            var fds = open.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            let wait = deadline.map { Int32(max(0, min(1_000_000, ($0 - monotonicSeconds()) * 1000))) } ?? -1
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0, deadline != nil {
                timedOut = true
                child.kill(SIGKILL)
                break
            }
            var stillOpen: [(fd: Int32, isOutput: Bool)] = []
            for (index, stream) in open.enumerated() {
                guard fds[index].revents != 0 else { stillOpen.append(stream); continue }
                let count = chunk.withUnsafeMutableBytes { Glibc.read(stream.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if stream.isOutput { output += chunk[0..<count] } else { error += chunk[0..<count] }
                    stillOpen.append(stream)
                } else if count < 0 && errno == EINTR {
                    stillOpen.append(stream)
                }
            }
            open = stillOpen
        }
        return Outcome(status: child.wait(), output: output, error: error, timedOut: timedOut)
    }

    /// Sends `signal` unless the program has already been waited for.
    public func kill(_ signal: Int32) {
        lock.withLock { if finishedStatus == nil { _ = Glibc.kill(processIdentifier, signal) } }
    }

    /// Whether the program is still running (reaps it when it has ended).
    public var isRunning: Bool {
        lock.withLock {
            guard finishedStatus == nil else { return false }
            var status: Int32 = 0
            let result = waitpid(processIdentifier, &status, WNOHANG)
            if result == processIdentifier { finishedStatus = Self.exitStatus(status) }
            if result < 0 && errno == ECHILD { finishedStatus = -1 }
            return finishedStatus == nil
        }
    }

    /// Waits for the end of the program; its exit status (128 + signal number when a signal ended it).
    ///
    /// The wait itself holds no lock: it blocks until the program has ended without reaping it (`WNOWAIT`), so
    /// a `kill` from another thread meanwhile is sent at once, and to this program (the pid of a child not yet
    /// reaped cannot be reused). The reap, under the lock, then cannot block.
    @discardableResult
    public func wait() -> Int32 {
        if let finished = lock.withLock({ finishedStatus }) { return finished }
        var info = siginfo_t()
        // ECHILD (reaped by another wait meanwhile) falls through to the reap, which says so.
        while waitid(P_PID, id_t(processIdentifier), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
        return lock.withLock {
            if let finishedStatus { return finishedStatus }
            var status: Int32 = 0
            while waitpid(processIdentifier, &status, 0) < 0 {
                if errno != EINTR { finishedStatus = -1; return -1 }
            }
            let result = Self.exitStatus(status)
            finishedStatus = result
            return result
        }
    }

    /// Everything the program writes on its standard error, to the end (only when that stream is piped).
    public func readAllError() -> [UInt8] {
        errorDescriptor.map { StandardStreams.readAll(from: $0) } ?? []
    }

    private static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
