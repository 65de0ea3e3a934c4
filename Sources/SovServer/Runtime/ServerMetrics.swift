import NIOConcurrencyHelpers
import Prometheus

/// The server's Prometheus metrics: connections, requests and errors per method, latency per method,
/// notifications, refusals by reason, index height and mempool size. Served by `MetricsHTTPServer` in the
/// Prometheus text format.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let connectionsOpen: Gauge
    let connectionsTotal: Counter
    let notifications: Counter
    let indexHeight: Gauge
    let mempoolTransactions: Gauge
    private let perMethod = NIOLockedValueBox<[String: (requests: Counter, latency: DurationHistogram)]>([:])

    static let latencyBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    public init() {
        connectionsOpen = registry.makeGauge(name: "sov_connections_open", help: "Open Electrum connections.")
        connectionsTotal = registry.makeCounter(name: "sov_connections_total", help: "Electrum connections accepted.")
        notifications = registry.makeCounter(name: "sov_notifications_total", help: "Subscription notifications sent.")
        indexHeight = registry.makeGauge(name: "sov_index_height", help: "Height of the index tip.")
        mempoolTransactions = registry.makeGauge(name: "sov_mempool_transactions", help: "Transactions in the mempool view.")
    }

    /// A request of `method` was answered after `duration`, with an error code or not.
    public func request(method: String, duration: Duration, errorCode: Int?) {
        let m = perMethod.withLockedValue { table in
            if let m = table[method] { return m }
            let m = (requests: registry.makeCounter(name: "sov_requests_total", labels: [("method", method)], help: "Electrum requests answered, per method."),
                     latency: registry.makeDurationHistogram(name: "sov_request_duration_seconds", labels: [("method", method)],
                                                             buckets: Self.latencyBuckets, help: "Time from a request's arrival to its answer, per method."))
            table[method] = m
            return m
        }
        m.requests.increment()
        m.latency.recordNanoseconds(duration.nanoseconds)
        if let errorCode {
            registry.makeCounter(name: "sov_request_errors_total", labels: [("method", method), ("code", String(errorCode))],
                                 help: "Electrum requests answered with an error, per method and code.").increment()
        }
    }

    /// A connection was refused or closed by the server for `reason` (limit, auth, timeout, cost, slow_reader, oversized).
    public func refused(_ reason: String) {
        registry.makeCounter(name: "sov_connections_refused_total", labels: [("reason", reason)],
                             help: "Connections refused or closed by the server, per reason.").increment()
    }

    /// The metrics in the Prometheus text exposition format.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
