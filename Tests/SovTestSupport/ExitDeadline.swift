import Foundation

/// A program a test started that did not end in time, and was killed.
public struct ProgramTimedOut: Error, Sendable, CustomStringConvertible {
    public let command: String
    public let seconds: TimeInterval

    init(_ process: Process, seconds: TimeInterval) {
        command = ([process.executableURL?.lastPathComponent ?? "program"] + (process.arguments ?? [])).joined(separator: " ")
        self.seconds = seconds
    }

    public var description: String {
        "\(command) did not end within \(seconds == seconds.rounded() ? "\(Int(seconds))" : "\(seconds)") s and was killed"
    }
}

extension Process {
    /// The longest a test waits for a program that should end on its own. Generous: the slowest such program
    /// (an index build, a wallet sync against a real node) takes seconds even under a fully loaded run.
    public static let testDeadline: TimeInterval = 300

    /// SIGKILL to the program and, when it leads a process group (Foundation makes each child one), to that
    /// group: what it started itself.
    public func killWithGroup() {
        let pid = processIdentifier
        guard pid > 0 else { return }
        if getpgid(pid) == pid { kill(-pid, SIGKILL) }
        kill(pid, SIGKILL)
    }

    /// Waits for the program's end, killing it (`killWithGroup`) `seconds` from now if it has not ended; throws
    /// `ProgramTimedOut` then. Never waits without end: Foundation learns of a child's end when the last copy
    /// of a descriptor the child inherited closes, so a killed program whose descriptor another process still
    /// holds would look alive for as long as that process lives; the wait gives up 10 s after the kill.
    public func waitUntilExit(within seconds: TimeInterval = Process.testDeadline) throws(ProgramTimedOut) {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning && Date() < deadline { usleep(5_000) }
        guard isRunning else {
            waitUntilExit()  // ended: returns at once, with the status in place
            return
        }
        killWithGroup()
        let grace = Date().addingTimeInterval(10)
        while isRunning && Date() < grace { usleep(20_000) }
        throw ProgramTimedOut(self, seconds: seconds)
    }

    /// `read` (the program's output pipes, to their end), then the wait for its end, all within `seconds`:
    /// at the deadline the program is killed, which ends the reads too, and `ProgramTimedOut` is thrown
    /// instead of the test hanging the whole run.
    public func readingUntilExit<T>(within seconds: TimeInterval = Process.testDeadline, _ read: () throws -> T) throws -> T {
        let state = DeadlineState()
        defer { state.finish() }
        let deadline = Date().addingTimeInterval(seconds)
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            state.expire {
                guard isRunning else { return false }
                killWithGroup()
                return true
            }
        }
        let result = try read()
        // What is left of the bound; once the deadline has killed the program, only the grace for its end.
        let ended = (try? waitUntilExit(within: max(0, deadline.timeIntervalSinceNow))) != nil
        if state.finish() || !ended { throw ProgramTimedOut(self, seconds: seconds) }
        return result
    }
}

/// Whether a deadline's kill came before the program was seen to end.
private final class DeadlineState: @unchecked Sendable {
    private let lock = NSLock()
    private var finished = false
    private var killed = false

    /// Runs `kill` unless the program was seen to end; records whether it killed.
    func expire(_ kill: () -> Bool) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        killed = kill()
    }

    /// Marks the program as ended; whether the deadline had killed it first.
    @discardableResult
    func finish() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        finished = true
        return killed
    }
}
