import NIOConcurrencyHelpers

/// The answers queued for clients and not yet taken by them (written to a connection, not yet handed to the
/// kernel), per connection, per IP address and in all. A connection that stops reading holds at most its
/// send buffer plus the answers of the requests it already had running; this budget bounds what many such
/// connections hold together: past `perIP` bytes for one address, or `total` for the server, the connection
/// holding the most (of that address, or of all) is named to be closed, so memory stays bounded whatever
/// clients do, and a client that reads never pays for one that does not.
public final class OutputBudget: Sendable {
    struct State {
        var byConnection: [ObjectIdentifier: (ip: String, bytes: Int)] = [:]
        var byIP: [String: Int] = [:]
        var total = 0
        /// Bytes given back since memory was last returned to the system.
        var released = 0
    }

    public let perIP: Int
    public let total: Int
    private let state = NIOLockedValueBox(State())

    public init(perIP: Int, total: Int) {
        self.perIP = perIP
        self.total = total
    }

    /// `bytes` more are queued for connection `id` from `ip`; returns the connections to close (those holding
    /// the most, of `ip` while it is over `perIP`, then of all while the server is over `total`). The named
    /// connections are taken out of the accounting at once.
    public func queue(_ bytes: Int, for id: ObjectIdentifier, ip: String) -> [ObjectIdentifier] {
        state.withLockedValue { s in
            s.byConnection[id, default: (ip, 0)].bytes += bytes
            s.byIP[ip, default: 0] += bytes
            s.total += bytes
            var victims: [ObjectIdentifier] = []
            while s.byIP[ip, default: 0] > perIP, let largest = s.byConnection.filter({ $0.value.ip == ip }).max(by: { $0.value.bytes < $1.value.bytes }) {
                victims.append(largest.key)
                Self.remove(largest.key, from: &s)
            }
            while s.total > total, let largest = s.byConnection.max(by: { $0.value.bytes < $1.value.bytes }) {
                victims.append(largest.key)
                Self.remove(largest.key, from: &s)
            }
            return victims
        }
    }

    /// `bytes` queued for connection `id` were taken (sent to the kernel) or dropped.
    public func release(_ bytes: Int, for id: ObjectIdentifier) {
        state.withLockedValue { s in
            guard var entry = s.byConnection[id] else { return }
            let taken = min(bytes, entry.bytes)
            entry.bytes -= taken
            s.byConnection[id] = entry
            s.byIP[entry.ip, default: 0] -= taken
            if s.byIP[entry.ip] == 0 { s.byIP[entry.ip] = nil }
            s.total -= taken
            s.released += taken
        }
    }

    /// Connection `id` closed: whatever it still held is dropped.
    public func remove(_ id: ObjectIdentifier) {
        state.withLockedValue { Self.remove(id, from: &$0) }
    }

    private static func remove(_ id: ObjectIdentifier, from s: inout State) {
        guard let entry = s.byConnection.removeValue(forKey: id) else { return }
        s.byIP[entry.ip, default: 0] -= entry.bytes
        if s.byIP[entry.ip] == 0 { s.byIP[entry.ip] = nil }
        s.total -= entry.bytes
        s.released += entry.bytes
    }

    /// Bytes queued now: in all, and for `ip`.
    public var queuedTotal: Int { state.withLockedValue { $0.total } }
    public func queued(ip: String) -> Int { state.withLockedValue { $0.byIP[ip, default: 0] } }

    /// Bytes released since the last call (the server gives memory back to the system after large releases).
    func takeReleased() -> Int {
        state.withLockedValue { s in
            defer { s.released = 0 }
            return s.released
        }
    }
}
