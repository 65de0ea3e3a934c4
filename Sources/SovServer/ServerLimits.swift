/// The server's resource limits (`[limits]` in the configuration file), with their defaults. The cost
/// settings follow ElectrumX's session cost model: each request adds to a connection's cost, which
/// decays over time; above the soft limit every request is delayed by `requestSleepMilliseconds` per
/// excess step, above the hard limit the connection is closed.
public struct ServerLimits: Sendable, Equatable {
    /// Simultaneous client connections in all.
    public var maxConnections = 1000
    /// Simultaneous connections from one IP address.
    public var maxConnectionsPerIP = 50
    /// Script hash subscriptions one connection may hold.
    public var maxSubscriptionsPerConnection = 20_000
    /// Script hash subscriptions all connections from one IP address may hold.
    public var maxSubscriptionsPerIP = 50_000
    /// Largest request line (or WebSocket message), in bytes.
    public var maxRequestBytes = 1_000_000
    /// Most requests in one JSON-RPC batch.
    public var maxBatch = 200
    /// Longest script history answered.
    public var historyLimit = 100_000
    /// Seconds without a request before a connection is closed.
    public var idleTimeoutSeconds = 600
    /// Seconds a TLS or WebSocket handshake may take.
    public var handshakeTimeoutSeconds = 30
    /// Bytes queued for a slow reader before the connection is closed.
    public var sendBufferBytes = 16 * 1024 * 1024
    /// Cost above which requests are delayed.
    public var costSoftLimit = 1000
    /// Cost above which the connection is closed.
    public var costHardLimit = 10_000
    /// Cost forgiven each second.
    public var costDecayPerSecond = 50
    /// Delay added per excess step above the soft limit, in milliseconds.
    public var requestSleepMilliseconds = 100

    /// The defaults.
    public init() {}
}
