import Foundation
import SovTestSupport
import Testing

/// The bound SovTestSupport puts on every wait of a test for a program it started.
@Suite struct ProgramDeadlineTests {
    @Test func aTestsWaitForAProgramEndsAtItsDeadline() throws {
        // The tests' bound on a program they read to its end (SovTestSupport): killed at the deadline, the
        // read ended with it, and the wait failing with the command line rather than hanging the run.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["60"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let started = Date()
        do {
            _ = try process.readingUntilExit(within: 0.5) { output.fileHandleForReading.readDataToEndOfFile() }
            Issue.record("a program that never ends was waited for to its end")
        } catch let error as ProgramTimedOut {
            #expect(error.description == "sleep 60 did not end within 0.5 s and was killed")
        }
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(!process.isRunning && process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
    }
}
