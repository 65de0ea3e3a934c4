import NIOConcurrencyHelpers

/// The server's metrics and their Prometheus text exposition (format 0.0.4): counters, gauges and latency
/// histograms in families of one name, help and type, each series told apart by its labels. Small enough to own
/// (it replaced swift-prometheus and swift-metrics to keep the release binary small, issue 13).
final class MetricsRegistry: Sendable {
    /// A value that only goes up.
    final class Counter: Sendable {
        private let value = NIOLockedValueBox<Int64>(0)
        func increment(by amount: Int64 = 1) { value.withLockedValue { $0 += amount } }
        var current: Int64 { value.withLockedValue { $0 } }
    }

    /// A value that goes up and down, or is set.
    final class Gauge: Sendable {
        private let value = NIOLockedValueBox<Double>(0)
        func set(_ newValue: Double) { value.withLockedValue { $0 = newValue } }
        func increment() { value.withLockedValue { $0 += 1 } }
        func decrement() { value.withLockedValue { $0 -= 1 } }
        var current: Double { value.withLockedValue { $0 } }
    }

    /// Durations counted into buckets by upper bound (cumulative in the exposition), with their sum and count.
    final class Histogram: Sendable {
        /// Upper bounds in nanoseconds, ascending.
        let bounds: [Int64]
        private let state: NIOLockedValueBox<(counts: [Int64], sum: Int64, count: Int64)>

        init(bounds: [Int64]) {
            self.bounds = bounds
            state = NIOLockedValueBox((Array(repeating: 0, count: bounds.count), 0, 0))
        }

        func recordNanoseconds(_ nanoseconds: Int64) {
            let bucket = bounds.firstIndex { nanoseconds <= $0 }
            state.withLockedValue { state in
                if let bucket { state.counts[bucket] += 1 }
                state.sum += nanoseconds
                state.count += 1
            }
        }

        var snapshot: (counts: [Int64], sum: Int64, count: Int64) { state.withLockedValue { $0 } }
    }

    private enum Series {
        case counter(Counter)
        case gauge(Gauge)
        case histogram(Histogram)

        var asCounter: Counter? { if case .counter(let c) = self { c } else { nil } }
        var asGauge: Gauge? { if case .gauge(let g) = self { g } else { nil } }
        var asHistogram: Histogram? { if case .histogram(let h) = self { h } else { nil } }
    }

    private struct Family {
        let name: String
        let help: String
        let type: String
        var series: [(labels: String, value: Series)] = []
        var index: [String: Int] = [:]
    }

    // Unchecked: the metric objects are Sendable classes; the families are touched only under the lock.
    private struct Families: @unchecked Sendable {
        var list: [Family] = []
        var index: [String: Int] = [:]
    }

    private let families = NIOLockedValueBox(Families())

    /// The counter of `name` with `labels`, made on first use.
    func counter(_ name: String, labels: [(String, String)] = [], help: String) -> Counter {
        series(name, labels: labels, help: help, type: "counter") { .counter(Counter()) }.asCounter!
    }

    /// The gauge of `name` with `labels`, made on first use.
    func gauge(_ name: String, labels: [(String, String)] = [], help: String) -> Gauge {
        series(name, labels: labels, help: help, type: "gauge") { .gauge(Gauge()) }.asGauge!
    }

    /// The histogram of `name` with `labels`, made on first use with `bounds` (nanoseconds).
    func histogram(_ name: String, labels: [(String, String)] = [], bounds: [Int64], help: String) -> Histogram {
        series(name, labels: labels, help: help, type: "histogram") { .histogram(Histogram(bounds: bounds)) }.asHistogram!
    }

    private func series(_ name: String, labels: [(String, String)], help: String, type: String, make: () -> Series) -> Series {
        let key = labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
        return families.withLockedValue { families in
            let familyIndex: Int
            if let existing = families.index[name] {
                familyIndex = existing
            } else {
                familyIndex = families.list.count
                families.list.append(Family(name: name, help: help, type: type))
                families.index[name] = familyIndex
            }
            if let seriesIndex = families.list[familyIndex].index[key] { return families.list[familyIndex].series[seriesIndex].value }
            let made = make()
            families.list[familyIndex].index[key] = families.list[familyIndex].series.count
            families.list[familyIndex].series.append((key, made))
            return made
        }
    }

    /// Every family in the order first used, in the Prometheus text format.
    func exposition() -> [UInt8] {
        let list = families.withLockedValue { $0.list }
        var text = ""
        for family in list {
            text += "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) \(family.type)\n"
            for (labels, series) in family.series {
                let braces = labels.isEmpty ? "" : "{\(labels)}"
                switch series {
                case .counter(let counter): text += "\(family.name)\(braces) \(counter.current)\n"
                case .gauge(let gauge): text += "\(family.name)\(braces) \(Self.number(gauge.current))\n"
                case .histogram(let histogram):
                    let (counts, sum, count) = histogram.snapshot
                    let prefix = labels.isEmpty ? "" : labels + ","
                    var cumulative: Int64 = 0
                    for (bound, bucketCount) in zip(histogram.bounds, counts) {
                        cumulative += bucketCount
                        text += "\(family.name)_bucket{\(prefix)le=\"\(Self.number(Double(bound) / 1e9))\"} \(cumulative)\n"
                    }
                    text += "\(family.name)_bucket{\(prefix)le=\"+Inf\"} \(count)\n"
                    text += "\(family.name)_sum\(braces) \(Self.number(Double(sum) / 1e9))\n"
                    text += "\(family.name)_count\(braces) \(count)\n"
                }
            }
        }
        return Array(text.utf8)
    }

    /// A sample value: whole numbers without a fraction, others as Swift writes doubles.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A label value with `\`, `"` and line feeds escaped, as the format asks.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
