import SovTOML
/// Where a setting's effective value came from. Later sources win: default < file < environment < flag.
public enum ServerConfigurationSource: Sendable, Hashable, CustomStringConvertible {
    /// Built in.
    case defaultValue
    /// The configuration file, at this line and column.
    case file(path: String, location: TOMLLocation)
    /// An environment variable, by name (`SOV_TCP`).
    case environment(String)
    /// A command-line flag, by name (`--tcp`).
    case flag(String)

    /// `default`, `file PATH:LINE`, `env SOV_TCP`, `flag --tcp`: the comment `--print-config` writes.
    public var description: String {
        switch self {
        case .defaultValue: return "default"
        case .file(let path, let location): return "file \(path):\(location.line)"
        case .environment(let name): return "env \(name)"
        case .flag(let name): return "flag \(name)"
        }
    }
}
