/// Why Tor could not be used: one line saying what to do.
public enum TorControlError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing answers at the control socket or port (is tor running with a control port?).
    case unreachable(endpoint: String, reason: String)
    /// Tor refused the authentication (or offered no method sov can use).
    case authentication(String)
    /// Tor answered a command with an error.
    case refused(command: String, code: Int, message: String)
    /// The control connection broke or Tor said something sov cannot read.
    case protocolError(String)
    /// The onion service key file could not be read or written.
    case keyFile(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreachable(endpoint, reason):
            "cannot reach tor's control port at \(endpoint) (\(reason)): install and start tor (apt-get install tor), or set tor.control to its ControlSocket or ControlPort"
        case let .authentication(reason):
            "tor refused sov's authentication: \(reason) (sov needs to read tor's cookie file: add this user to the debian-tor group)"
        case let .refused(command, code, message):
            "tor refused \(command): \(code) \(message)"
        case let .protocolError(reason):
            "tor's control connection: \(reason)"
        case let .keyFile(path, reason):
            "\(path): \(reason)"
        }
    }
}
