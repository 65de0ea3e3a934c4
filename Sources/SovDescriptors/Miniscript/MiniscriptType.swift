/// The miniscript type of an expression (Core's `miniscript::Type`): one basic type (B, V, K or W) plus
/// correctness, malleability and timelock properties.
///
/// - B: pushes nonzero on satisfaction, 0 on dissatisfaction; V: pushes nothing, cannot be dissatisfied;
///   K: pushes a key; W: like B but one below the top of the stack.
/// - z/o: consumes exactly 0/1 stack elements; n: top satisfaction element never zero; d: easily
///   dissatisfiable; u: pushes exactly 1 on satisfaction.
/// - e: non-malleable dissatisfaction; f: dissatisfaction needs a signature; s: satisfaction needs a
///   signature; m: non-malleable satisfaction exists; x: last opcode has no -VERIFY form.
/// - g/h: relative time/height lock present; i/j: absolute time/height lock present; k: no spend path mixes
///   heights and times of the same kind.
public struct MiniscriptType: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let B = MiniscriptType(rawValue: 1 << 0)
    public static let V = MiniscriptType(rawValue: 1 << 1)
    public static let K = MiniscriptType(rawValue: 1 << 2)
    public static let W = MiniscriptType(rawValue: 1 << 3)
    public static let z = MiniscriptType(rawValue: 1 << 4)
    public static let o = MiniscriptType(rawValue: 1 << 5)
    public static let n = MiniscriptType(rawValue: 1 << 6)
    public static let d = MiniscriptType(rawValue: 1 << 7)
    public static let u = MiniscriptType(rawValue: 1 << 8)
    public static let e = MiniscriptType(rawValue: 1 << 9)
    public static let f = MiniscriptType(rawValue: 1 << 10)
    public static let s = MiniscriptType(rawValue: 1 << 11)
    public static let m = MiniscriptType(rawValue: 1 << 12)
    public static let x = MiniscriptType(rawValue: 1 << 13)
    public static let g = MiniscriptType(rawValue: 1 << 14)
    public static let h = MiniscriptType(rawValue: 1 << 15)
    public static let i = MiniscriptType(rawValue: 1 << 16)
    public static let j = MiniscriptType(rawValue: 1 << 17)
    public static let k = MiniscriptType(rawValue: 1 << 18)

    /// Property letters in bit order ("BVKWzonduefsmxghijk").
    static let letters = Array("BVKWzonduefsmxghijk")

    /// The type with the properties named by `letters` (e.g. "Bzudemsxk"); nil for an unknown letter.
    public init?(_ text: String) {
        var raw: UInt32 = 0
        for c in text {
            guard let index = MiniscriptType.letters.firstIndex(of: c) else { return nil }
            raw |= 1 << UInt32(index)
        }
        rawValue = raw
    }

    /// The property letters, basic type first (e.g. "Bzudemsxk").
    public var description: String {
        String(MiniscriptType.letters.enumerated().filter { rawValue & (1 << UInt32($0.offset)) != 0 }.map(\.element))
    }

    /// Core's `<<`: whether every property of `other` is present.
    @inline(__always) func has(_ other: MiniscriptType) -> Bool { rawValue & other.rawValue == other.rawValue }

    /// Core's `If`: itself when `condition` holds, the empty type otherwise.
    @inline(__always) func when(_ condition: Bool) -> MiniscriptType { condition ? self : [] }

    @inline(__always) static func & (a: MiniscriptType, b: MiniscriptType) -> MiniscriptType { MiniscriptType(rawValue: a.rawValue & b.rawValue) }
    @inline(__always) static func | (a: MiniscriptType, b: MiniscriptType) -> MiniscriptType { MiniscriptType(rawValue: a.rawValue | b.rawValue) }

    /// Core's `SanitizeType`: empty unless exactly one basic type is present.
    func sanitized() -> MiniscriptType {
        let basic = [MiniscriptType.B, .V, .K, .W].filter { has($0) }.count
        return basic == 1 ? self : []
    }
}
