import Foundation
import SovJSON

/// `serve-history`'s figures as a small table or one JSON object.
extension HistoryBenchmarkResult {
    static func milliseconds(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e6 }

    /// The median, lowest and highest of `answers`' latencies, milliseconds.
    static func spread(_ answers: [RawLineClient.Answer]) -> (median: Double, low: Double, high: Double) {
        let sorted = answers.map(\.total).sorted()
        guard !sorted.isEmpty else { return (.nan, .nan, .nan) }
        return (milliseconds(sorted[(sorted.count - 1) / 2]), milliseconds(sorted[0]), milliseconds(sorted[sorted.count - 1]))
    }

    /// How much slower the small clients' p99 was beside the big clients than alone.
    static func slowdown(_ alone: HistoryLoadRun, _ loaded: HistoryLoadRun) -> Double {
        loaded.small.latency(0.99) / alone.small.latency(0.99)
    }

    var text: String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var out = "large-history benchmark: \(chain): \(blocks) blocks, \(transactions) transactions; \(cores) cores\n"
        out += "  hottest script \(hottest.scripthash): \(hottest.outputs) outputs, \(entries) history entries\n"
        out += String(format: "  census of every output %.1f s; index built in %.1f s; every server a fresh process over that index\n",
                      censusSeconds, indexSeconds)
        out += "  (server caches cold at start; the OS page cache warm)\n\n"

        out += "  (a) one client, get_history of the hottest script, history_limit \(limitAbove)\n"
        out += "                                     total ms   first byte ms        bytes\n"
        out += String(format: "      cold (first ask)             %9.1f       %9.1f  %11d\n",
                      Self.milliseconds(coldAnswer.total), Self.milliseconds(coldAnswer.firstByte), coldAnswer.bytes)
        let again = Self.spread(repeatAnswers)
        out += String(format: "      again x%-2d median (min-max)   %9.1f  (%.1f-%.1f)\n", repeatAnswers.count, again.median, again.low, again.high)
        out += String(format: "      %.0f bytes per entry; cold answer at %.0f entries/s\n\n",
                      Double(coldAnswer.bytes) / Double(max(entries, 1)), Double(entries) / (Self.milliseconds(coldAnswer.total) / 1000))

        out += String(format: "  (b) %d clients, closed loop, %@ of %d scripts paid once, %g s each\n",
                      smallClients, methods.map { $0.split(separator: ".").last.map(String.init) ?? $0 }.joined(separator: " / ") as NSString,
                      paidOnce, seconds)
        let header = "                                             req/s   p50 ms   p99 ms   max ms  balance p99  ping p99  errors | big: answers  p50 ms  max ms  MB/s\n"
        out += header
        func row(_ name: String, _ run: HistoryLoadRun) -> String {
            let s = run.small
            var line = "      " + name.padding(toLength: 36, withPad: " ", startingAt: 0)
            line += String(format: "%8.0f %8.2f %8.2f %8.1f %12.2f %9.2f %7d |", s.requestsPerSecond, s.latency(0.5), s.latency(0.99), s.latency(1),
                           s.latency(0.99, method: methods[0]), s.latency(0.99, method: methods.count > 1 ? methods[1] : methods[0]), s.errors)
            if let big = run.big {
                line += String(format: "  %11d %7.0f %7.0f %5.0f", big.answers, LoadReport.quantile(0.5, of: big.latencies),
                               LoadReport.quantile(1, of: big.latencies), Double(big.bytes) / 1e6 / big.seconds)
                if big.errors > 0 { line += " (\(big.errors) errors)" }
            }
            return line + "\n"
        }
        out += row("alone", alone)
        out += row("beside \(bigClients) asking the big history", loaded)
        out += String(format: "      p99 beside the big history: %.1fx alone\n", Self.slowdown(alone, loaded))
        if let f = loaded.big?.failure { out += "      a big client failed: \(f)\n" }
        if let e = loaded.small.firstError { out += "      first small-client error: \(e)\n" }
        out += "\n"

        out += "  (c) server memory, MB                       RSS    peak (VmHWM)\n"
        func memory(_ name: String, _ m: ServerMemory?) -> String {
            "      " + name.padding(toLength: 40, withPad: " ", startingAt: 0)
                + (m.map { String(format: "%7.1f %10.1f", $0.resident, $0.peak) } ?? "      -          -") + "\n"
        }
        out += memory("started (index open, idle)", memoryStarted)
        out += memory("after (a)", memoryAfterSingle)
        out += "      during (b) beside the big history: highest RSS " + Self.figure(loaded.residentFirstHalf) + " in the first half, "
            + Self.figure(loaded.residentSecondHalf) + " in the second\n"
        out += memory("after (b)", memoryAfterLoad)
        out += "      one client asking \(unreadRequests) big histories, reading none, \(Int(unreadSeconds)) s: highest RSS "
            + Self.figure(unreadMaximum) + "; server CPU " + Self.figure(unreadProcessor) + " s (a cold answer: " + Self.figure(coldProcessor) + " s)\n"
        out += memory("after it closed", memoryAfterUnread)
        out += "\n"

        func refused(_ r: HistoryRefusal, _ why: String) -> String {
            var out = "  (d) history_limit \(r.limit), \(why) (a fresh server)\n"
            out += "      answer: \(r.text)\n"
            let again = Self.spread(r.repeats)
            out += String(format: "      cold %.1f ms, again x%d median %.1f ms (%.1f-%.1f); %d bytes\n", Self.milliseconds(r.cold.total),
                          r.repeats.count, again.median, again.low, again.high, r.cold.bytes)
            return out
        }
        out += refused(refusal, "below the \(entries) entries")
        out += header
        out += row("alone", refusedAlone)
        out += row("beside \(bigClients) asking it", refusedLoaded)
        out += String(format: "      p99 beside the refused history: %.1fx alone\n", Self.slowdown(refusedAlone, refusedLoaded))
        out += memory("memory at start", memoryBelowStarted)
        out += memory("memory at end", memoryBelowAfter)
        if let lateRefusal {
            out += refused(lateRefusal, "above the \(hottest.outputs) paying outputs, below the \(entries) entries: refused after reading them")
        }
        if !bySize.isEmpty { out += Self.bySizeText(bySize) }
        return out
    }

    /// Section E's table.
    static func bySizeText(_ bySize: [HistorySizeRun]) -> String {
        var out = "\n  (e) cold against warm by history size, a fresh server for each (target: cold at most 2x warm)\n"
        out += "      history items   outputs     cold ms   warm ms (median of 3)   cold / warm\n"
        for r in bySize {
            out += String(format: "      %13d %9d %11.1f %9.1f %25.2fx %@\n", r.items, r.outputs, milliseconds(r.cold.total),
                          milliseconds(r.warm), r.ratio, r.ratio <= 2 ? "met" : "NOT met")
        }
        return out
    }

    var json: JSONValue {
        func number(_ value: Double?, _ decimals: Int = 2) -> JSONValue {
            guard let value, value.isFinite else { return .null }
            return .number(String(format: "%.\(decimals)f", value))
        }
        func answer(_ a: RawLineClient.Answer) -> JSONValue {
            .object(JSONObject([("ms", number(Self.milliseconds(a.total), 3)), ("first_byte_ms", number(Self.milliseconds(a.firstByte), 3)),
                                ("bytes", .int(a.bytes))]))
        }
        func answers(_ list: [RawLineClient.Answer]) -> JSONValue { .array(list.map(answer)) }
        func memory(_ m: ServerMemory?) -> JSONValue {
            guard let m else { return .null }
            return .object(JSONObject([("rss_mb", number(m.resident, 1)), ("hwm_mb", number(m.peak, 1))]))
        }
        func run(_ r: HistoryLoadRun) -> JSONValue {
            let s = r.small
            var fields: [(String, JSONValue)] = [
                ("requests", .int(s.requests)), ("errors", .int(s.errors)), ("requests_per_second", number(s.requestsPerSecond, 0)),
                ("p50_ms", number(s.latency(0.5), 3)), ("p99_ms", number(s.latency(0.99), 3)), ("max_ms", number(s.latency(1), 3)),
            ]
            for method in methods {
                fields.append((method, .object(JSONObject([("requests", .int(s.latenciesByMethod[method]?.count ?? 0)),
                                                           ("p50_ms", number(s.latency(0.5, method: method), 3)),
                                                           ("p99_ms", number(s.latency(0.99, method: method), 3))]))))
            }
            fields += [("server_cpu_seconds", number(s.serverProcessor)), ("rss_max_first_half_mb", number(r.residentFirstHalf, 1)),
                       ("rss_max_second_half_mb", number(r.residentSecondHalf, 1)), ("first_error", s.firstError.map(JSONValue.string) ?? .null)]
            if let big = r.big {
                fields.append(("big", .object(JSONObject([
                    ("clients", .int(big.clients)), ("answers", .int(big.answers)), ("errors", .int(big.errors)), ("bytes", .int(big.bytes)),
                    ("p50_ms", number(LoadReport.quantile(0.5, of: big.latencies), 1)), ("max_ms", number(LoadReport.quantile(1, of: big.latencies), 1)),
                    ("failure", big.failure.map(JSONValue.string) ?? .null),
                ]))))
            }
            return .object(JSONObject(fields))
        }
        return .object(JSONObject([
            ("chain", .string(chain)), ("blocks", .int(blocks)), ("transactions", .int(transactions)),
            ("cores", .int(ProcessInfo.processInfo.activeProcessorCount)),
            ("census_seconds", number(censusSeconds)), ("index_seconds", number(indexSeconds)),
            ("hottest", .object(JSONObject([("scripthash", .string(hottest.scripthash)), ("outputs", .int(hottest.outputs)), ("entries", .int(entries))]))),
            ("window_seconds", number(seconds)), ("big_clients", .int(bigClients)), ("small_clients", .int(smallClients)),
            ("small_methods", .array(methods.map(JSONValue.string))), ("paid_once_scripts", .int(paidOnce)),
            ("answered", .object(JSONObject([
                ("history_limit", .int(limitAbove)), ("cold", answer(coldAnswer)), ("again", answers(repeatAnswers)),
                ("alone", run(alone)), ("beside_big", run(loaded)), ("p99_ratio", number(Self.slowdown(alone, loaded), 3)),
                ("memory", .object(JSONObject([
                    ("started", memory(memoryStarted)), ("after_single", memory(memoryAfterSingle)), ("after_load", memory(memoryAfterLoad)),
                    ("unread_requests", .int(unreadRequests)), ("unread_seconds", number(unreadSeconds)),
                    ("unread_rss_max_mb", number(unreadMaximum, 1)), ("unread_server_cpu_seconds", number(unreadProcessor)),
                    ("cold_server_cpu_seconds", number(coldProcessor)), ("after_unread", memory(memoryAfterUnread)),
                ]))),
            ]))),
            ("refused", .object(JSONObject([
                ("history_limit", .int(refusal.limit)), ("answer", .string(refusal.text)), ("cold", answer(refusal.cold)),
                ("again", answers(refusal.repeats)), ("alone", run(refusedAlone)), ("beside_big", run(refusedLoaded)), ("p99_ratio", number(Self.slowdown(refusedAlone, refusedLoaded), 3)),
                ("memory", .object(JSONObject([("started", memory(memoryBelowStarted)), ("after", memory(memoryBelowAfter))]))),
            ]))),
            ("refused_late", lateRefusal.map { r in
                .object(JSONObject([("history_limit", .int(r.limit)), ("answer", .string(r.text)), ("cold", answer(r.cold)),
                                    ("again", answers(r.repeats))]))
            } ?? .null),
            ("by_size", .array(bySize.map { r in
                .object(JSONObject([("scripthash", .string(r.scripthash)), ("outputs", .int(r.outputs)), ("items", .int(r.items)),
                                    ("cold", answer(r.cold)), ("again", answers(r.again)), ("cold_over_warm", number(r.ratio, 3))]))
            })),
        ]))
    }

    private static func figure(_ value: Double?) -> String {
        value.map { String(format: "%.1f", $0) } ?? "-"
    }
}
