/// Why Avahi (Debian's mDNS daemon, through its command-line clients) could not announce or browse.
public enum AvahiError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The client program (`avahi-publish`, `avahi-browse`) is not installed.
    case missing(tool: String)
    /// It ran and failed: its message, prefixed with what was running.
    case failed(String)

    public var description: String {
        switch self {
        case .missing(let tool): "\(tool) is not installed (apt-get install avahi-daemon avahi-utils)"
        case .failed(let message): message
        }
    }
}
