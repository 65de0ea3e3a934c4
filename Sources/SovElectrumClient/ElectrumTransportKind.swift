/// How bytes travel to an Electrum server.
public enum ElectrumTransportKind: Sendable, Equatable, Hashable, CaseIterable {
    /// Plain TCP, one JSON text per newline-terminated line (Electrum's `t`).
    case tcp
    /// TCP inside TLS, newline-terminated lines (Electrum's `s`).
    case tls
    /// WebSocket over plain TCP (`ws://`), one JSON text per text frame.
    case webSocket
    /// WebSocket over TLS (`wss://`), one JSON text per text frame.
    case secureWebSocket

    /// Whether the transport runs inside TLS.
    public var usesTLS: Bool { self == .tls || self == .secureWebSocket }

    /// Whether messages travel as WebSocket frames rather than newline-terminated lines.
    public var usesWebSocket: Bool { self == .webSocket || self == .secureWebSocket }

    /// The URL scheme naming this transport: `tcp`, `tls`, `ws` or `wss`.
    public var scheme: String {
        switch self {
        case .tcp: return "tcp"
        case .tls: return "tls"
        case .webSocket: return "ws"
        case .secureWebSocket: return "wss"
        }
    }
}
