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

    /// The address alone.
    public var address: ListenAddress { ListenAddress(host: host, port: port) }

    /// Whether only this machine can connect.
    public var isLoopback: Bool { address.isLoopback }

    public var description: String { address.description }
}
