/// The server's protections against overload, each with a default sized for a personal server that may
/// face the Internet: a wallet with thousands of addresses never reaches them; a flood does.
public struct ServerLimits: Sendable, Equatable {
    /// Open connections in all.
    public var maxConnections = 1000
    /// Open connections from one IP address.
    public var maxConnectionsPerIP = 50
    /// Script subscriptions of one connection.
    public var maxSubscriptionsPerConnection = 20_000
    /// Script subscriptions of all connections from one IP address.
    public var maxSubscriptionsPerIP = 50_000
    /// Longest request line (bytes); longer lines are answered with an error and skipped.
    public var maxRequestBytes = 1_000_000
    /// Most requests in one batch.
    public var maxBatch = 200
    /// Longest script history answered; longer ones get a clear error.
    public var historyLimit = 100_000
    /// Scripts paid by more transactions than this have their (uncached) history computed in a lane of its
    /// own, one at a time, so huge histories never hold every worker thread.
    public var heavyHistoryThreshold = 2_000
    /// Seconds a connection may stay silent.
    public var idleTimeoutSeconds: Double = 600
    /// Seconds a connection has to send `server.version` (and finish TLS).
    public var handshakeTimeoutSeconds: Double = 30
    /// Bytes queued for a client before the server stops executing its requests (the send buffer's
    /// high-water mark): the buffer never holds much more than this plus one answer.
    public var sendBufferBytes = 16 << 20
    /// Seconds a client may leave its send buffer full (not reading) before it is disconnected.
    public var slowReaderTimeoutSeconds: Double = 30
    /// Request cost budget (see `RequestCostBudget`).
    public var costSoftLimit: Double = 1000
    public var costHardLimit: Double = 10_000
    public var costDecayPerSecond: Double = 50
    /// Longest back-off delay of a request over the soft limit (milliseconds).
    public var requestSleepMilliseconds: Double = 100

    public init() {}
}
