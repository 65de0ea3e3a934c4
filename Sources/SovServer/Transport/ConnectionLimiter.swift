import NIOConcurrencyHelpers

/// Counts open connections and script subscriptions, in all and per IP address, and refuses past the limits.
/// Shared by every listener; every method is thread-safe.
public final class ConnectionLimiter: Sendable {
    struct Counts: Sendable {
        var connections = 0
        var connectionsByIP: [String: Int] = [:]
        var subscriptionsByIP: [String: Int] = [:]
    }

    public let limits: ServerLimits
    private let counts = NIOLockedValueBox(Counts())

    public init(limits: ServerLimits) {
        self.limits = limits
    }

    /// Admits a new connection from `ip`, or says why not.
    public func admit(ip: String) -> String? {
        counts.withLockedValue { c in
            if c.connections >= limits.maxConnections { return "the server has reached its limit of \(limits.maxConnections) connections" }
            if c.connectionsByIP[ip, default: 0] >= limits.maxConnectionsPerIP {
                return "too many connections from \(ip) (limit \(limits.maxConnectionsPerIP))"
            }
            c.connections += 1
            c.connectionsByIP[ip, default: 0] += 1
            return nil
        }
    }

    /// A connection from `ip` closed, holding `subscriptions` subscriptions.
    public func release(ip: String, subscriptions: Int) {
        counts.withLockedValue { c in
            c.connections -= 1
            let n = c.connectionsByIP[ip, default: 1] - 1
            c.connectionsByIP[ip] = n > 0 ? n : nil
            let s = c.subscriptionsByIP[ip, default: 0] - subscriptions
            c.subscriptionsByIP[ip] = s > 0 ? s : nil
        }
    }

    /// Takes one more subscription for `ip`, whose connection already holds `held`; nil when allowed.
    public func subscribe(ip: String, held: Int) -> String? {
        if held >= limits.maxSubscriptionsPerConnection {
            return "too many subscriptions on this connection (limit \(limits.maxSubscriptionsPerConnection))"
        }
        return counts.withLockedValue { c in
            if c.subscriptionsByIP[ip, default: 0] >= limits.maxSubscriptionsPerIP {
                return "too many subscriptions from \(ip) (limit \(limits.maxSubscriptionsPerIP))"
            }
            c.subscriptionsByIP[ip, default: 0] += 1
            return nil
        }
    }

    /// One subscription of `ip` ended.
    public func unsubscribe(ip: String) {
        counts.withLockedValue { c in
            let s = c.subscriptionsByIP[ip, default: 1] - 1
            c.subscriptionsByIP[ip] = s > 0 ? s : nil
        }
    }

    /// Open connections now.
    public var openConnections: Int { counts.withLockedValue { $0.connections } }
}
