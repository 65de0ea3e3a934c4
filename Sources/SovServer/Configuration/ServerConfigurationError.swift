/// Why `sov serve`'s configuration was refused: one line naming the setting and where it was given
/// (`FILE:LINE:COLUMN`, `SOV_…` or `--flag`).
public struct ServerConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
