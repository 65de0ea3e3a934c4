import Foundation

/// Clients that ask one call over and over, each on a thread of its own over a `RawLineClient` (answers are
/// counted, never parsed, so megabyte answers cost the load generator next to nothing), until stopped.
final class RepeatingCallers: @unchecked Sendable {
    /// What the callers got.
    struct Report {
        var clients: Int
        var seconds: Double
        /// Answers that arrived whole, and how many of them were errors.
        var answers: Int
        var errors: Int
        var bytes: Int
        /// Latencies of the answers, nanoseconds, sorted.
        var latencies: [UInt64]
        /// The first answer's first bytes.
        var head: String?
        /// Why a caller stopped early, if one did.
        var failure: String?
    }

    private let lock = NSLock()
    private var stopped = false
    private var latencies: [UInt64] = []
    private var errors = 0
    private var bytes = 0
    private var head: String?
    private var failure: String?
    private let finished = DispatchSemaphore(value: 0)
    private let clients: [RawLineClient]
    private let start = DispatchTime.now().uptimeNanoseconds

    /// Connects `count` clients to 127.0.0.1:`port` (each saying `server.version`) and sets each asking
    /// `method` with `params` on its own thread.
    init(port: Int, count: Int, method: String, params: [String]) throws {
        clients = try (0..<count).map { _ in
            let client = try RawLineClient(port: port)
            try client.handshake()
            return client
        }
        for client in clients {
            let thread = Thread { [self] in
                defer { finished.signal() }
                while !isStopped {
                    do {
                        let answer = try client.call(method, params)
                        record(answer)
                    } catch {
                        lock.withLock { if !stopped && failure == nil { failure = "\(error)" } }
                        return
                    }
                }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func record(_ answer: RawLineClient.Answer) {
        lock.withLock {
            guard !stopped else { return }
            latencies.append(answer.total)
            bytes += answer.bytes
            if answer.head.contains("\"error\"") { errors += 1 }
            if head == nil { head = answer.head }
        }
    }

    /// Stops every caller (closing its connection, so an answer under way is dropped uncounted) and reports.
    func stop() -> Report {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        lock.withLock { stopped = true }
        for client in clients { client.shutdown() }
        for _ in clients { finished.wait() }
        return lock.withLock {
            Report(clients: clients.count, seconds: seconds, answers: latencies.count, errors: errors, bytes: bytes,
                   latencies: latencies.sorted(), head: head, failure: failure)
        }
    }
}
