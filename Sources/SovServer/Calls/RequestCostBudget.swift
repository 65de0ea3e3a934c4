/// The request cost budget of one connection, after ElectrumX's session cost model: every request adds its
/// cost, the total decays at a steady rate, and a connection above the soft limit has each request delayed
/// (longer the further above it is), above the hard limit it is disconnected. A wallet syncing in bursts
/// stays well below; a client hammering the server slows itself down, then is cut off.
public struct RequestCostBudget: Sendable {
    public var softLimit: Double
    public var hardLimit: Double
    /// Cost forgiven per second.
    public var decayPerSecond: Double
    /// Delay per request at the hard limit (scaled linearly from zero at the soft limit).
    public var maximumDelaySeconds: Double

    public private(set) var cost: Double = 0
    private var updated: Double

    public init(softLimit: Double, hardLimit: Double, decayPerSecond: Double, maximumDelaySeconds: Double, now: Double) {
        self.softLimit = softLimit
        self.hardLimit = max(hardLimit, softLimit)
        self.decayPerSecond = decayPerSecond
        self.maximumDelaySeconds = maximumDelaySeconds
        self.updated = now
    }

    /// What to do with a request.
    public enum Verdict: Equatable, Sendable {
        case proceed
        /// Serve it after this many seconds.
        case delay(Double)
        /// Refuse it and close the connection.
        case disconnect
    }

    /// Charges `amount` at time `now` (seconds, monotonic) and says what to do.
    public mutating func charge(_ amount: Double, now: Double) -> Verdict {
        cost = max(0, cost - max(0, now - updated) * decayPerSecond) + amount
        updated = now
        if cost > hardLimit { return .disconnect }
        if cost > softLimit {
            let excess = (cost - softLimit) / max(1, hardLimit - softLimit)
            return .delay(min(maximumDelaySeconds, excess * maximumDelaySeconds))
        }
        return .proceed
    }
}

extension RequestCostBudget {
    /// The extra cost of an answer of `bytes` bytes (reading and sending a long history costs in proportion).
    public static func resultCost(bytes: Int) -> Double { Double(bytes) / 10_000 }
}
