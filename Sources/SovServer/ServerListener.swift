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

    /// Parses "HOST:PORT", "[IPv6]:PORT" or ":PORT" (all interfaces is spelled 0.0.0.0 or [::]).
    public init(_ transport: Transport, address: String) throws(ServerConfigurationError) {
        self.transport = transport
        var text = Substring(address)
        let host: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw ServerConfigurationError("bad address '\(address)': missing ']'") }
            host = text[text.index(after: text.startIndex)..<close]
            text = text[text.index(after: close)...]
            guard text.hasPrefix(":") else { throw ServerConfigurationError("bad address '\(address)': expected [IPv6]:PORT") }
            text = text.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw ServerConfigurationError("bad address '\(address)': expected HOST:PORT") }
            host = text[..<colon]
            text = text[text.index(after: colon)...]
        }
        guard let port = Int(text), (0...65535).contains(port) else {
            throw ServerConfigurationError("bad address '\(address)': the port must be a number from 0 to 65535")
        }
        self.host = host.isEmpty ? "127.0.0.1" : String(host)
        self.port = port
    }

    /// Whether only this machine can connect.
    public var isLoopback: Bool { host == "localhost" || host.hasPrefix("127.") || host == "::1" }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// A configuration value that cannot be used: one line saying which and why.
public struct ServerConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
