/// A wallet's two chains of addresses: receiving (external) and change (internal).
public enum Keychain: Int, Sendable, CaseIterable, CustomStringConvertible {
    case external = 0
    case `internal` = 1

    public var description: String { self == .external ? "receive" : "change" }
}
