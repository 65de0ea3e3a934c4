import Foundation

/// A bound on how long a test waits for a program it started: if the program is still running when the
/// deadline passes, it is killed (SIGKILL, with its process group), which also ends any read of its output
/// pipes, so the test fails with `expired` set instead of hanging the whole run (CI would only see the run
/// time out, not which test). `finish()` once the program has ended.
public final class ExitDeadline: @unchecked Sendable {
    private let lock = NSLock()
    private var finished = false
    private var killed = false

    /// The longest a test waits for a program that should end on its own. Generous: the slowest such program
    /// (an index build, a wallet sync against a real node) takes seconds even under a fully loaded run.
    public static let standard: TimeInterval = 300

    public init(_ process: Process, seconds: TimeInterval = ExitDeadline.standard) {
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            lock.lock()
            defer { lock.unlock() }
            guard !finished, process.isRunning else { return }
            killed = true
            process.killWithGroup()
        }
    }

    /// Marks the program as ended; whether the deadline had killed it first.
    @discardableResult
    public func finish() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        finished = true
        return killed
    }

    /// Whether the deadline killed the program.
    public var expired: Bool {
        lock.lock()
        defer { lock.unlock() }
        return killed
    }
}

/// A program that did not end within its `ExitDeadline`.
public struct ProgramTimedOut: Error, Sendable, CustomStringConvertible {
    public let command: String
    public let seconds: TimeInterval

    public init(_ command: [String], seconds: TimeInterval = ExitDeadline.standard) {
        self.command = command.joined(separator: " ")
        self.seconds = seconds
    }

    public var description: String { "\(command) did not end within \(Int(seconds)) s and was killed" }
}

extension Process {
    /// SIGKILL to the program and, when it leads a process group, to that group (what it started itself).
    public func killWithGroup() {
        let pid = processIdentifier
        guard pid > 0 else { return }
        if getpgid(pid) == pid { kill(-pid, SIGKILL) }
        kill(pid, SIGKILL)
    }

    /// Waits for the program's end, killing it `seconds` from now if it has not ended; throws `ProgramTimedOut`
    /// then. Never waits without end: Foundation learns of a child's end when the last copy of a descriptor the
    /// child inherited closes, so a killed program whose descriptor another process still holds would look
    /// alive for as long as that process lives; the wait gives up 10 s after the kill.
    public func waitUntilExit(within seconds: TimeInterval = ExitDeadline.standard) throws(ProgramTimedOut) {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning && Date() < deadline { usleep(5_000) }
        guard isRunning else {
            waitUntilExit()  // ended: returns at once, with the status in place
            return
        }
        killWithGroup()
        let grace = Date().addingTimeInterval(10)
        while isRunning && Date() < grace { usleep(20_000) }
        throw ProgramTimedOut([executableURL?.lastPathComponent ?? "program"] + (arguments ?? []), seconds: seconds)
    }
}
