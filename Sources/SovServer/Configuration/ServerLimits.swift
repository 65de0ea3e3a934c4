/// The server's protections against overload, each with a default sized for a personal server that may
/// face the Internet: a wallet with thousands of addresses never reaches them; a flood does.
///
/// The settings at the top hold for every client. The owner's clients and anonymous ones differ only in
/// `trusted` and `public` (`ClientClassLimits`): the cost budget and how many requests of one connection run
/// at once.
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
    /// Seconds a started request line may take to arrive whole (a client trickling bytes is closed).
    public var requestTimeoutSeconds: Double = 30
    /// Bytes queued for a client before the server stops executing its requests (the send buffer's
    /// high-water mark): a connection holds at most this plus the answers of the requests already running.
    public var sendBufferBytes = 1 << 20
    /// Seconds a client may leave its answers unread (less than `sendBufferBytes` taken in that time) before
    /// it is disconnected.
    public var slowReaderTimeoutSeconds: Double = 30
    /// Bytes of answers queued for all connections from one IP address; past it, that address's connection
    /// holding the most is closed.
    public var outputBytesPerIP = 64 << 20
    /// Bytes of answers queued for all connections; past it, the connection holding the most is closed.
    public var outputBytesTotal = 192 << 20
    /// The owner's clients (loopback, allowed addresses, client certificates, tokens).
    public var trusted = ClientClassLimits.trustedDefault
    /// Anonymous remote clients (only with authentication off).
    public var `public` = ClientClassLimits.publicDefault

    public init() {}

    /// The limits of `clientClass`.
    public subscript(clientClass: ClientClass) -> ClientClassLimits {
        get { clientClass == .trusted ? trusted : self.public }
        set { if clientClass == .trusted { trusted = newValue } else { self.public = newValue } }
    }
}
