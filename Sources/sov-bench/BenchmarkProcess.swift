import Foundation
import SovJSON

/// A server the benchmark runs as a process of its own, so that its memory and processor time are measured
/// apart from the load generator's: started with a pipe on its standard input (a child of sov-bench exits when
/// that pipe closes, so none outlives the benchmark) and its standard output read for its ready line.
final class BenchmarkProcess {
    let process: Process
    private let input: Pipe
    private let output: FileHandle
    private var buffered: [UInt8] = []

    /// Starts `executable` with `arguments`; its standard error goes to ours.
    init(executable: String, arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        input = Pipe()
        let outputPipe = Pipe()
        process.standardInput = input
        process.standardOutput = outputPipe
        output = outputPipe.fileHandleForReading
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Reads standard output line by line until a JSON object line for which `accept` is true; nil when the
    /// process ends first.
    func waitForLine(_ accept: (JSONValue) -> Bool) -> JSONValue? {
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered.removeSubrange(...newline)
                if let value = try? JSONParser.parse(line), accept(value) { return value }
                continue
            }
            let more = output.availableData
            if more.isEmpty { return nil }
            buffered.append(contentsOf: more)
        }
    }

    /// Resident memory now and at its peak (`VmRSS`, `VmHWM`), in MB (10^6 bytes).
    func memory() -> (resident: Double, peak: Double)? { Self.memory(pid: pid) }

    /// Resident memory of process `pid` now and at its peak, in MB.
    static func memory(pid: Int32) -> (resident: Double, peak: Double)? {
        guard let resident = status(pid: "\(pid)", field: "VmRSS"), let peak = status(pid: "\(pid)", field: "VmHWM") else { return nil }
        return (resident * 1024 / 1e6, peak * 1024 / 1e6)
    }

    /// Processor seconds (user and system, all threads) the process has used so far.
    func processorSeconds() -> Double? { Self.processorSeconds(pid: "\(pid)") }

    /// Stops the process (closing its input, then SIGTERM) and waits for it.
    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// A `kB` field of /proc/PID/status.
    static func status(pid: String, field: String) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kib = Double(fields[1]) { return kib }
        }
        return nil
    }

    /// utime + stime of /proc/PID/stat, in seconds.
    static func processorSeconds(pid: String) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // After "pid (comm)": state is field 3; utime and stime are fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// This program's own path, to start it again in a server role.
    static var selfExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

/// Ends this process when its standard input closes: a server role started by the benchmark goes away with it.
func exitWhenInputCloses(cleanup: @escaping @Sendable () -> Void = {}) {
    let thread = Thread {
        var byte: UInt8 = 0
        while read(0, &byte, 1) > 0 {}
        cleanup()
        _exit(0)
    }
    thread.start()
}
