/// An Electrum protocol version: a dotted number string with at least one dot ("1.4", "1.4.2", "1.6").
///
/// Versions compare component by component, missing components counting as absent (so "1.4" < "1.4.0" <
/// "1.4.2", as Python tuples compare in ElectrumX). The text form always has at least one dot.
public struct ProtocolVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let components: [Int]

    /// A version from its numbers; nil if there are none, too many, or any is negative.
    public init?(_ components: [Int]) {
        guard (1...4).contains(components.count), components.allSatisfy({ (0...9999).contains($0) }) else { return nil }
        self.components = components
    }

    /// Parses "1.4", "1.4.2"; nil for anything else (empty parts, signs, spaces, letters, over four parts).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 4, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(part) else { return nil }
            numbers.append(n)
        }
        self.init(numbers)
    }

    public static let v1_4 = ProtocolVersion(major: 1, minor: 4)
    public static let v1_4_1 = ProtocolVersion(major: 1, minor: 4, revision: 1)
    public static let v1_4_2 = ProtocolVersion(major: 1, minor: 4, revision: 2)
    public static let v1_6 = ProtocolVersion(major: 1, minor: 6)

    /// The oldest version sov speaks: 1.4 dropped deserialized headers and added `cp_height`.
    public static let minimumSupported = v1_4
    /// The newest released version (1.5 was skipped).
    public static let maximumSupported = v1_6

    public init(major: Int, minor: Int, revision: Int? = nil) {
        components = [major, minor] + (revision.map { [$0] } ?? [])
    }

    public static func < (lhs: ProtocolVersion, rhs: ProtocolVersion) -> Bool {
        lhs.components.lexicographicallyPrecedes(rhs.components)
    }

    public var description: String {
        let padded = components.count < 2 ? components + [0] : components
        return padded.map(String.init).joined(separator: ".")
    }

    /// How mempool transactions are ordered in a script hash's status and in `get_history`/`get_mempool`.
    ///
    /// Before 1.6 the spec left it open ("mempool transactions in any order"), so the server's listing is the
    /// order, whatever it is; 1.6 fixes the canonical `(-height, tx_hash)` order. The canonical order is a
    /// valid choice for the older versions too (the change was "backwards-compatible").
    public var mempoolOrder: MempoolOrder { self >= .v1_6 ? .canonical : .asListed }
}
