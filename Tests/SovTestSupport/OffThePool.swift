import Foundation
import Testing

/// Runs blocking work (waiting for a subprocess, a blocking socket, a sleep) on a thread of its own and
/// awaits it. `swift test` runs every test on Swift's cooperative pool, which has one thread per core: a
/// test that blocks one of them for seconds starves every other test in the process — on a 2-core machine
/// the server tests' clients stopped reading for over a minute and their servers rightly cut them as slow
/// readers. Blocking work goes through here instead.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.stackSize = 1 << 22
        thread.start()
    }
}

/// `offThePool` for work that cannot throw.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: work()) }
        thread.stackSize = 1 << 22
        thread.start()
    }
}

extension Process {
    /// Waits for the process to end without holding a thread of the cooperative pool; one that has not ended
    /// within `seconds` is killed and the test fails with an issue naming it (a wait that never ends would hang
    /// the whole run).
    public func exited(within seconds: TimeInterval = Process.testDeadline,
                       fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column) async {
        let process = self
        let timedOut = await offThePool { () -> ProgramTimedOut? in
            do throws(ProgramTimedOut) { try process.waitUntilExit(within: seconds) } catch { return error }
            return nil
        }
        if let timedOut {
            Issue.record("\(timedOut)", sourceLocation: SourceLocation(fileID: fileID, filePath: filePath, line: line, column: column))
        }
    }
}


/// Runs `body`, then `cleanup` (stopping a node, a server: blocking waits) on a thread of its own, whether
/// `body` threw or not. A `defer` would run the cleanup on the cooperative pool and starve the other tests.
public func withCleanupOffThePool<T>(_ cleanup: @escaping @Sendable () -> Void, _ body: () async throws -> T) async throws -> T {
    let result: T
    do {
        result = try await body()
    } catch {
        await offThePool { cleanup() }
        throw error
    }
    await offThePool { cleanup() }
    return result
}
