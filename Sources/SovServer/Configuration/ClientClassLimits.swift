import SovElectrum

/// Who a connection is, for the limits that depend on it.
///
/// - `trusted`: the owner's own clients — loopback, an allowed address or range (`auth.allow_ips`, `sov serve
///   auth allow-ip`), a client certificate or a token issued by `sov serve auth`. They get full speed.
/// - `public`: anonymous remote clients, let in only because authentication is off (`--no-auth`,
///   `auth.required_for_remote = false`). They are throttled by the request cost budget.
///
/// The hard protections (connections, subscriptions, request size, batch size, history limit, output memory,
/// timeouts) hold for both classes.
public enum ClientClass: String, Sendable, CaseIterable {
    case trusted
    case `public`
}

/// The limits of one client class (`[limits.trusted]`, `[limits.public]`).
public struct ClientClassLimits: Sendable, Equatable {
    /// Whether the request cost budget (`RequestCostBudget`, ElectrumX's session cost model) applies.
    public var costBudget: Bool
    /// Request cost budget: above the soft limit requests are delayed, above the hard limit the connection is
    /// closed; the cost decays at `costDecayPerSecond`.
    public var costSoftLimit: Double = 1000
    public var costHardLimit: Double = 10_000
    public var costDecayPerSecond: Double = 50
    /// Longest back-off delay of a request over the soft limit (milliseconds).
    public var requestSleepMilliseconds: Double = 100
    /// Requests of one connection executed at the same time (pipelined requests and batch members); further
    /// ones wait in the connection's queue.
    public var concurrentRequests: Int

    public init(costBudget: Bool, concurrentRequests: Int) {
        self.costBudget = costBudget
        self.concurrentRequests = concurrentRequests
    }

    /// The owner's clients: no cost budget, 32 requests of a connection at once.
    public static let trustedDefault = ClientClassLimits(costBudget: false, concurrentRequests: 32)
    /// Anonymous clients: the cost budget, 4 requests of a connection at once.
    public static let publicDefault = ClientClassLimits(costBudget: true, concurrentRequests: 4)

    /// A cost budget starting at `now`, or nil when this class has none.
    func makeBudget(now: Double) -> RequestCostBudget? {
        guard costBudget else { return nil }
        return RequestCostBudget(softLimit: costSoftLimit, hardLimit: costHardLimit, decayPerSecond: costDecayPerSecond,
                                 maximumDelaySeconds: requestSleepMilliseconds / 1000, now: now)
    }

    /// What a refusal costs the client: refusing a history over the limit cost the server the reading up to
    /// the limit, so it is charged a quarter of the soft limit, and asking again and again is throttled like
    /// asking for big answers.
    func cost(of refusal: ElectrumRefusal) -> Double {
        switch refusal {
        case .historyTooLarge: return costSoftLimit / 4
        }
    }
}
