/// One way for a wallet to reach the server, in Electrum's legacy form `host:port:s` (TLS) or
/// `host:port:t` (TCP) — exactly what Electrum, BlueWallet, Sparrow, Umbrel and Start9 scan.
public struct ConnectionOffer: Sendable, Equatable, CustomStringConvertible {
    public enum Transport: String, Sendable {
        case tls
        case tcp
    }

    public var transport: Transport
    /// An IP address (IPv6 without brackets) or a host name.
    public var host: String
    public var port: Int
    /// Whether only this machine can use it (the listener is bound to loopback).
    public var loopbackOnly: Bool

    public init(transport: Transport, host: String, port: Int, loopbackOnly: Bool) {
        self.transport = transport
        self.host = host
        self.port = port
        self.loopbackOnly = loopbackOnly
    }

    /// `host:port:s` or `host:port:t`, IPv6 in brackets.
    public var description: String {
        (host.contains(":") ? "[\(host)]" : host) + ":\(port):" + (transport == .tls ? "s" : "t")
    }

    /// What a server with these listeners offers: TLS listeners first, then TCP; a listener bound to every
    /// interface (0.0.0.0, ::) is offered at each address in `reachable` (the LAN's first), one bound to an
    /// address at that address. `host` replaces the host of every offer that other machines can reach
    /// (a DNS name, or the address a router forwards).
    public static func offers(tls: [ListenAddress], tcp: [ListenAddress], reachable: [IPAddress], host: String? = nil) -> [ConnectionOffer] {
        var offers: [ConnectionOffer] = []
        for (transport, listeners) in [(Transport.tls, tls), (.tcp, tcp)] {
            for listener in listeners {
                if listener.isLoopback {
                    offers.append(ConnectionOffer(transport: transport, host: listener.host, port: listener.port, loopbackOnly: true))
                    continue
                }
                let address = IPAddress(listener.host)
                let hosts: [String]
                if let host {
                    hosts = [host]
                } else if let address, address.isUnspecified {
                    // A v4 wildcard takes IPv4 connections only; [::] takes both on Linux (dual stack).
                    hosts = reachable.filter { address.family == .v6 || $0.family == .v4 }.map(\.description)
                } else {
                    hosts = [listener.host]
                }
                for candidate in hosts where !offers.contains(where: { $0.host == candidate && $0.port == listener.port && $0.transport == transport }) {
                    offers.append(ConnectionOffer(transport: transport, host: candidate, port: listener.port, loopbackOnly: false))
                }
            }
        }
        // Reachable offers first: they are what a phone can use.
        return offers.filter { !$0.loopbackOnly } + offers.filter(\.loopbackOnly)
    }
}
