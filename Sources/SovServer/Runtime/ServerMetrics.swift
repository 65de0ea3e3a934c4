import NIOConcurrencyHelpers

/// The server's Prometheus metrics: connections, requests and errors per method, latency per method,
/// notifications, refusals by reason, index height and mempool size. Served by `MetricsHTTPServer` in the
/// Prometheus text format.
public final class ServerMetrics: Sendable {
    let registry = MetricsRegistry()
    let connectionsOpen: MetricsRegistry.Gauge
    let connectionsTotal: MetricsRegistry.Counter
    let notifications: MetricsRegistry.Counter
    let indexHeight: MetricsRegistry.Gauge
    let mempoolTransactions: MetricsRegistry.Gauge
    private let perMethod = NIOLockedValueBox<[String: (requests: MetricsRegistry.Counter, latency: MetricsRegistry.Histogram)]>([:])

    static let latencyBuckets: [Int64] = [Duration](arrayLiteral:
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5)
    ).map(\.nanoseconds)

    public init() {
        connectionsOpen = registry.gauge("sov_connections_open", help: "Open Electrum connections.")
        connectionsTotal = registry.counter("sov_connections_total", help: "Electrum connections accepted.")
        notifications = registry.counter("sov_notifications_total", help: "Subscription notifications sent.")
        indexHeight = registry.gauge("sov_index_height", help: "Height of the index tip.")
        mempoolTransactions = registry.gauge("sov_mempool_transactions", help: "Transactions in the mempool view.")
    }

    /// A request of `method` was answered after `duration`, with an error code or not.
    public func request(method: String, duration: Duration, errorCode: Int?) {
        let m = perMethod.withLockedValue { table in
            if let m = table[method] { return m }
            let m = (requests: registry.counter("sov_requests_total", labels: [("method", method)], help: "Electrum requests answered, per method."),
                     latency: registry.histogram("sov_request_duration_seconds", labels: [("method", method)],
                                                             bounds: Self.latencyBuckets, help: "Time from a request's arrival to its answer, per method."))
            table[method] = m
            return m
        }
        m.requests.increment()
        m.latency.recordNanoseconds(duration.nanoseconds)
        if let errorCode {
            registry.counter("sov_request_errors_total", labels: [("method", method), ("code", String(errorCode))],
                                 help: "Electrum requests answered with an error, per method and code.").increment()
        }
    }

    /// A connection was refused or closed by the server for `reason` (limit, auth, timeout, cost, slow_reader, oversized).
    public func refused(_ reason: String) {
        registry.counter("sov_connections_refused_total", labels: [("reason", reason)],
                             help: "Connections refused or closed by the server, per reason.").increment()
    }

    /// The metrics in the Prometheus text exposition format.
    public func exposition() -> [UInt8] { registry.exposition() }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
