/// Where an Electrum server is: host, port, transport and (for WebSocket) the request path.
///
/// Parses the two spellings in use:
/// - Electrum's server strings `host:port:t` (TCP) and `host:port:s` (TLS), as the Electrum wallet and
///   `server.peers.subscribe` write them;
/// - URLs `tcp://host:port`, `ssl://host:port` or `tls://host:port`, `ws://host[:port][/path]` and
///   `wss://host[:port][/path]` (WebSocket ports default to 80 and 443, the path to `/`).
///
/// An IPv6 address is written in brackets (`[::1]:50001:t`, `ws://[::1]:50003/`); `host` holds it without them.
public struct ElectrumServerAddress: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The host name or IP address (IPv6 without brackets).
    public var host: String
    /// The TCP port, 1–65535.
    public var port: Int
    public var transport: ElectrumTransportKind
    /// The HTTP request path of a WebSocket upgrade, starting with `/`; empty for TCP and TLS.
    public var path: String

    /// Why a server string could not be read.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var text: String
        public var reason: String
        public var description: String { "invalid Electrum server address \"\(text)\": \(reason)" }
    }

    public init(host: String, port: Int, transport: ElectrumTransportKind, path: String? = nil) {
        self.host = host
        self.port = port
        self.transport = transport
        self.path = path ?? (transport.usesWebSocket ? "/" : "")
    }

    /// Reads a server string, or nil when it is not one (see `init(parsing:)` for the reason).
    public init?(_ text: String) {
        guard let parsed = try? ElectrumServerAddress(parsing: text) else { return nil }
        self = parsed
    }

    /// Reads `host:port:t`, `host:port:s`, `tcp://`, `ssl://`, `tls://`, `ws://` or `wss://` forms.
    public init(parsing text: String) throws(ParseError) {
        func fail(_ reason: String) -> ParseError { ParseError(text: text, reason: reason) }
        guard !text.isEmpty else { throw fail("empty") }
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) else {
            throw fail("contains whitespace or control characters")
        }
        if let (scheme, rest) = Self.splitScheme(text) {
            let transport: ElectrumTransportKind
            switch scheme {
            case "tcp": transport = .tcp
            case "ssl", "tls": transport = .tls
            case "ws": transport = .webSocket
            case "wss": transport = .secureWebSocket
            default: throw fail("unknown scheme \"\(scheme)\" (expected tcp, ssl, tls, ws or wss)")
            }
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            var path = String(rest[authorityEnd...])
            guard !authority.contains("@") else { throw fail("user information is not supported") }
            let defaultPort: Int?
            switch transport {
            case .webSocket: defaultPort = 80
            case .secureWebSocket: defaultPort = 443
            case .tcp, .tls: defaultPort = nil
            }
            let (host, port) = try Self.hostAndPort(authority, defaultPort: defaultPort, fail: fail)
            if transport.usesWebSocket {
                guard !path.contains("#") else { throw fail("a fragment is not allowed in a WebSocket path") }
                if path.isEmpty { path = "/" }
                if path.first == "?" { path = "/" + path }
            } else {
                guard path.isEmpty || path == "/" else { throw fail("a \(scheme):// address takes no path") }
                path = ""
            }
            self.init(host: host, port: port, transport: transport, path: path)
            return
        }
        guard let lastColon = text.lastIndex(of: ":") else {
            throw fail("expected host:port:t, host:port:s or a tcp://, ssl://, ws:// or wss:// URL")
        }
        let transport: ElectrumTransportKind
        switch text[text.index(after: lastColon)...] {
        case "t": transport = .tcp
        case "s": transport = .tls
        default: throw fail("expected host:port:t (TCP) or host:port:s (TLS)")
        }
        let (host, port) = try Self.hostAndPort(text[..<lastColon], defaultPort: nil, fail: fail)
        self.init(host: host, port: port, transport: transport)
    }

    /// The lower-cased scheme before `://` and the text after it; nil when there is no `://`.
    private static func splitScheme(_ text: String) -> (String, Substring)? {
        let characters = Array(text.utf8)
        guard characters.count >= 3 else { return nil }
        for start in 0...(characters.count - 3)
        where characters[start] == UInt8(ascii: ":") && characters[start + 1] == UInt8(ascii: "/")
            && characters[start + 2] == UInt8(ascii: "/") {
            let schemeEnd = text.utf8.index(text.startIndex, offsetBy: start)
            let restStart = text.utf8.index(schemeEnd, offsetBy: 3)
            return (text[..<schemeEnd].lowercased(), text[restStart...])
        }
        return nil
    }

    /// Splits `host:port` or `[v6]:port`; the port may be left out only when there is a default.
    private static func hostAndPort(_ authority: Substring, defaultPort: Int?,
                                    fail: (String) -> ParseError) throws(ParseError) -> (String, Int) {
        var host: Substring
        var portText: Substring?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { throw fail("unclosed \"[\" around an IPv6 address") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { throw fail("unexpected text after \"]\"") }
                portText = after.dropFirst()
            }
            guard host.contains(":"),
                  host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw fail("\"\(host)\" is not an IPv6 address")
            }
        } else {
            if let colon = authority.lastIndex(of: ":") {
                host = authority[..<colon]
                portText = authority[authority.index(after: colon)...]
            } else {
                host = authority
            }
            guard !host.contains(":") else { throw fail("an IPv6 address must be written in brackets") }
            guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }) else {
                throw fail("\"\(host)\" is not a host name or address")
            }
        }
        guard !host.isEmpty else { throw fail("missing host") }
        let port: Int
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(portText), (1...65535).contains(value) else {
                throw fail("port \"\(portText)\" is not a number from 1 to 65535")
            }
            port = value
        } else {
            guard let defaultPort else { throw fail("missing port") }
            port = defaultPort
        }
        return (String(host), port)
    }

    /// The host as written in an address: IPv6 in brackets.
    public var bracketedHost: String { host.contains(":") ? "[\(host)]" : host }

    /// `host:port` as an HTTP `Host` header writes it.
    public var authority: String { "\(bracketedHost):\(port)" }

    /// Electrum's `host:port:t` / `host:port:s` for TCP and TLS; a `ws://` or `wss://` URL for WebSocket.
    public var description: String {
        switch transport {
        case .tcp: return "\(authority):t"
        case .tls: return "\(authority):s"
        case .webSocket, .secureWebSocket: return "\(transport.scheme)://\(authority)\(path)"
        }
    }
}
