import Foundation
import SovJSON

/// The server benchmark's figures, as a table or one JSON object, with the issue's targets checked.
struct ServerBenchmarkSummary {
    var fixture: String
    var blocks: Int
    var scripthashes: Int
    var seconds: Double
    var warmup: Double
    var replyBytes: Int
    /// The `sov serve` command line when the server is a `sov` binary; nil for the built-in server role.
    var server: String?
    var rows: [ServerBenchmarkRow]

    static let targetRequestsPerSecond = 20_000.0
    static let targetP99Milliseconds = 10.0
    static let targetResidentMB = 300.0

    /// A target: what it asks, the figure measured (nil when the run did not measure it) and whether it is met.
    struct Target {
        var name: String
        var value: Double?
        var unit: String
        var met: Bool?
    }

    var targets: [Target] {
        let at100 = rows.first { $0.server.clients == 100 }
        let at1000 = rows.first { $0.server.clients == 1000 }
        let rps = (at100 ?? rows.first)?.server.requestsPerSecond
        let p99 = at100?.server.latency(0.99)
        let resident = at1000.flatMap { r in
            [r.server.residentConnected, r.server.residentMaximum, r.server.residentAfter].compactMap { $0 }.max()
        }
        return [
            Target(name: "at least 20,000 requests/s (\(at100 == nil ? "\(rows.first?.server.clients ?? 0)" : "100") clients)",
                   value: rps, unit: "req/s", met: rps.map { $0 >= Self.targetRequestsPerSecond }),
            Target(name: "p99 under 10 ms at 100 clients", value: p99, unit: "ms", met: p99.map { $0 < Self.targetP99Milliseconds }),
            Target(name: "RSS under 300 MB with 1,000 connections open", value: resident, unit: "MB",
                   met: resident.map { $0 < Self.targetResidentMB }),
        ]
    }

    var text: String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var out = "server benchmark: \(fixture): \(blocks) blocks, \(scripthashes) script hashes; "
        out += String(format: "%g s per run after %g s of warm-up; %d cores\n", seconds, warmup, cores)
        if let server {
            out += "  server: \(server) (its own limits: cost budget and subscriptions per address apply)\n"
        } else {
            out += "  server: ServerRuntime as `sov serve --no-node` runs it, in its own process; limits raised for the benchmark:\n"
            out += "          \(BenchmarkServerTarget.limitsDescription)\n"
        }
        out += "  floor:  line echo over the same transport (SwiftNIO TCP, \(cores) event loops), answers of \(replyBytes) bytes (the server's mean)\n"
        out += "  load:   closed loop, one request outstanding per client: get_history / get_balance / subscribe, a third each\n\n"
        out += "  clients  against           req/s   p50 ms   p99 ms  errors   RSS MB: idle  connected   max   after   CPU s: server clients\n"
        for row in rows {
            for (name, r) in [("echo floor", row.floor), ("sov", row.server)] {
                out += String(format: "  %7d  ", r.clients) + Self.padded(name, 12, right: false)
                out += String(format: " %10.0f %8.2f %8.2f %7d        ", r.requestsPerSecond, r.latency(0.5), r.latency(0.99), r.errors)
                out += Self.padded(Self.figure(r.residentIdle), 6) + Self.padded(Self.figure(r.residentConnected), 11)
                out += Self.padded(Self.figure(r.residentMaximum), 7) + Self.padded(Self.figure(r.residentAfter), 8)
                out += Self.padded(Self.figure(r.serverProcessor, decimals: 1), 16) + String(format: " %7.1f\n", r.clientProcessor)
            }
            out += String(format: "           sov / floor: %.2fx the requests/s, p99 %.1fx\n",
                          row.server.requestsPerSecond / row.floor.requestsPerSecond, row.server.latency(0.99) / row.floor.latency(0.99))
            if let e = row.server.firstError { out += "           first server error: \(e)\n" }
            if let e = row.floor.firstError { out += "           first floor error: \(e)\n" }
        }
        out += "\n  targets (2 cores):\n"
        for t in targets {
            let figure = t.value.map { String(format: t.unit == "ms" ? "%.2f" : "%.0f", $0) + " " + t.unit } ?? "not measured"
            let verdict = t.met.map { $0 ? "met" : "NOT met" } ?? "-"
            out += "    \(t.name): \(figure): \(verdict)\n"
        }
        return out
    }

    var json: JSONValue {
        func number(_ value: Double?, _ decimals: Int = 2) -> JSONValue {
            guard let value, value.isFinite else { return .null }
            return .number(String(format: "%.\(decimals)f", value))
        }
        func report(_ r: LoadReport) -> JSONValue {
            .object(JSONObject([
                ("requests", .int(r.requests)), ("errors", .int(r.errors)),
                ("requests_per_second", number(r.requestsPerSecond, 0)),
                ("p50_ms", number(r.latency(0.5), 3)), ("p99_ms", number(r.latency(0.99), 3)), ("max_ms", number(r.latency(1), 3)),
                ("rss_idle_mb", number(r.residentIdle, 1)), ("rss_connected_mb", number(r.residentConnected, 1)),
                ("rss_max_mb", number(r.residentMaximum, 1)), ("rss_after_mb", number(r.residentAfter, 1)),
                ("rss_peak_mb", number(r.peakResident, 1)),
                ("server_cpu_seconds", number(r.serverProcessor)), ("client_cpu_seconds", number(r.clientProcessor)),
                ("connect_seconds", number(r.connectSeconds)),
                ("first_error", r.firstError.map(JSONValue.string) ?? .null),
            ]))
        }
        return .object(JSONObject([
            ("fixture", .string(fixture)), ("blocks", .int(blocks)), ("scripthashes", .int(scripthashes)),
            ("seconds", number(seconds)), ("warmup_seconds", number(warmup)), ("cores", .int(ProcessInfo.processInfo.activeProcessorCount)),
            ("server", .string(server ?? "serve-target")),
            ("limits", server == nil ? .string(BenchmarkServerTarget.limitsDescription) : .null),
            ("echo_reply_bytes", .int(replyBytes)),
            ("runs", .array(rows.map { row in
                .object(JSONObject([
                    ("clients", .int(row.server.clients)), ("echo", report(row.floor)), ("sov", report(row.server)),
                    ("rps_ratio", number(row.server.requestsPerSecond / row.floor.requestsPerSecond, 3)),
                ]))
            })),
            ("targets", .array(targets.map { t in
                .object(JSONObject([("target", .string(t.name)), ("value", number(t.value)), ("unit", .string(t.unit)),
                                    ("met", t.met.map(JSONValue.bool) ?? .null)]))
            })),
        ]))
    }

    private static func figure(_ value: Double?, decimals: Int = 0) -> String {
        guard let value else { return "-" }
        return String(format: "%.\(decimals)f", value)
    }

    private static func padded(_ text: String, _ width: Int, right: Bool = true) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
