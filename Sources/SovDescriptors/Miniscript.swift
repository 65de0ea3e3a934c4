import SovPrimitives

/// Miniscript decoding from script (placeholder: recognizes nothing yet).
public struct Miniscript: Sendable, CustomStringConvertible {
    public enum Context: Sendable { case p2wsh, tapscript }
    public var isSane: Bool { false }
    public var description: String { "" }

    public static func decode(_ script: Script, context: Context) -> Miniscript? { nil }
}
