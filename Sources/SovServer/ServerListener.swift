/// One listening socket of the server: its transport and address.
public struct ServerListener: Sendable, Equatable, CustomStringConvertible {
    public enum Transport: String, Sendable, CaseIterable {
        case tcp, tls, ws, wss

        /// Whether the transport is encrypted with the server's TLS certificate.
        public var usesTLS: Bool { self == .tls || self == .wss }
    }

    public var transport: Transport
    public var host: String
    public var port: Int

    public init(_ transport: Transport, host: String, port: Int) {
        self.transport = transport
        self.host = host
        self.port = port
    }

    /// A listener of `transport` on a parsed address.
    public init(_ transport: Transport, _ address: ListenAddress) {
        self.init(transport, host: address.host, port: address.port)
    }

    /// Parses "HOST:PORT" or "[IPv6]:PORT".
    public init(_ transport: Transport, address: String) throws(ServerConfigurationError) {
        do {
            self.init(transport, try ListenAddress(parsing: address))
        } catch {
            throw ServerConfigurationError("\(transport.rawValue) listener: \(error)")
        }
    }

    /// Whether only this machine can connect.
    public var isLoopback: Bool { host == "localhost" || host.hasPrefix("127.") || host == "::1" }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
