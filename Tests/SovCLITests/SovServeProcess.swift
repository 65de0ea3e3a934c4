import Foundation
import SovJSON
import SovTestSupport

/// `sov serve --json` running as a subprocess on free loopback ports, as a user starts it.
final class SovServeProcess {
    /// What the server printed once ready: `{"event":"listening","tcp":[…],"tls":[…],"tls_fingerprint":…}`.
    let listening: JSONValue
    /// Standard error (its log), for diagnosis.
    let stderrURL: URL
    private var process = Process()
    private let scratch: URL
    private var stopped = false

    /// Starts `sov serve arguments… --tcp BIND:P1 --tls BIND:P2 --json` (BIND 127.0.0.1 unless given) and waits (it indexes
    /// first) until it prints its `listening` event; throws with its standard error if it exits or
    /// `timeout` seconds pass first. The free ports are ephemeral ones, which another program's outgoing
    /// connection may take before sov binds them: a start refused for an address in use is tried again on
    /// other ports, up to three times.
    init(_ arguments: [String], command: String = "serve", bind: String = "127.0.0.1", timeout: TimeInterval = 180) async throws {
        guard let executable = SovProcess.executable else {
            throw FixtureError("sov executable not found beside the test bundle; build it with swift build")
        }
        scratch = try Fixtures.temporaryDirectory()
        let stdoutURL = scratch.appendingPathComponent("stdout")
        stderrURL = scratch.appendingPathComponent("stderr")
        for attempt in 1...3 {
            try Data().write(to: stdoutURL)
            try Data().write(to: stderrURL)
            let out = try FileHandle(forWritingTo: stdoutURL), err = try FileHandle(forWritingTo: stderrURL)
            defer { try? out.close(); try? err.close() }
            let tcp = try freeLoopbackPort(), tls = try freeLoopbackPort()
            process = Process()
            process.executableURL = executable
            process.arguments = [command] + arguments + ["--tcp", "\(bind):\(tcp)", "--tls", "\(bind):\(tls)", "--json"]
            var environment = ProcessInfo.processInfo.environment
            environment["SOV_NETWORK"] = nil
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let deadline = Date().addingTimeInterval(timeout)
            var event: JSONValue?
            while event == nil {
                let text = String(decoding: (try? Data(contentsOf: stdoutURL)) ?? Data(), as: UTF8.self)
                event = text.split(separator: "\n").lazy.compactMap { try? JSONParser.parse(String($0)) }
                    .first { $0["event"]?.stringValue == "listening" }
                if event != nil { break }
                guard process.isRunning, Date() < deadline else {
                    let reason = process.isRunning ? "printed no listening event in \(Int(timeout)) s" : "exited with \(process.terminationStatus)"
                    let errors = String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self)
                    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                    await process.exited()
                    if attempt < 3, !process.isRunning, process.terminationStatus == 69, errors.contains("address already in use") { break }
                    try? FileManager.default.removeItem(at: scratch)
                    throw FixtureError("sov \(process.arguments!.joined(separator: " ")) \(reason)\nstdout:\n\(text)\nstderr:\n\(errors)")
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
            if let event {
                listening = event
                return
            }
        }
        throw FixtureError("unreachable: the last attempt returns or throws")
    }

    deinit { _ = stop() }

    /// The first TCP address it listens on, as `host:port`.
    var tcpAddress: String? { listening["tcp"]?[0]?.stringValue }
    /// The first TLS address it listens on, as `host:port`.
    var tlsAddress: String? { listening["tls"]?[0]?.stringValue }
    /// The SHA-256 fingerprint of its TLS certificate as printed (`AB:CD:…`).
    var tlsFingerprint: String? { listening["tls_fingerprint"]?.stringValue }

    /// Its standard error so far.
    var stderr: String { String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self) }

    /// Sends SIGTERM and waits up to 15 s for it to exit (then SIGKILL); returns its exit status when it
    /// exited on its own after SIGTERM, nil when it had to be killed or was already stopped.
    @discardableResult
    func stop() -> Int32? {
        guard !stopped else { return nil }
        stopped = true
        defer { try? FileManager.default.removeItem(at: scratch) }
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        // A graceful stop closes the connections, stops the follower and closes the index (RocksDB waits for its
        // background work): seconds when idle, but a fully loaded test run was seen past 15 s. Generous, as the
        // other success-path waits here; a stop that never comes still fails.
        do { try process.waitUntilExit(within: 60) } catch { return nil }  // then killed, with what it started
        return process.terminationStatus
    }
}
