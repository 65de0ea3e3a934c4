import SovPrimitives

/// A BIP32 derivation path: child numbers, with the hardened bit (2³¹) set on hardened steps.
///
/// Text form: `m/84h/1'/0'/0` (the leading `m` is optional; `h` or `'` marks a hardened step). A final
/// `*` or `*h` (a range wildcard, as in descriptors) is read by `parseRanged`.
public struct DerivationPath: Hashable, Sendable, CustomStringConvertible {
    public var components: [UInt32]

    /// The bit that marks a hardened child number.
    public static let hardenedBit: UInt32 = 0x8000_0000

    /// A path is at most this long (well above any real use; bounds work on hostile input).
    public static let maxLength = 256

    public init(_ components: [UInt32] = []) { self.components = components }

    /// Parses `m/…` or `…` with no wildcard.
    public init(_ text: String) throws(DecodingError) {
        let (path, wildcard) = try DerivationPath.parseRanged(text)
        guard wildcard == nil else { throw DecodingError("derivation path has a wildcard '*'; use parseRanged") }
        self = path
    }

    /// What a final `*` element asks for: unhardened (`*`) or hardened (`*h`, `*'`) children.
    public enum Wildcard: Hashable, Sendable { case unhardened, hardened }

    /// Parses a path that may end in a wildcard, e.g. `m/84h/1h/0h/0/*`.
    public static func parseRanged(_ text: String) throws(DecodingError) -> (path: DerivationPath, wildcard: Wildcard?) {
        var elements = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if elements.first == "m" { elements.removeFirst() }
        guard elements.count <= maxLength else { throw DecodingError("derivation path has more than \(maxLength) steps") }
        var wildcard: Wildcard?
        if let last = elements.last {
            if last == "*" { wildcard = .unhardened } else if last == "*h" || last == "*'" { wildcard = .hardened }
            if wildcard != nil { elements.removeLast() }
        }
        var components: [UInt32] = []
        for element in elements { components.append(try parseElement(element).childNumber) }
        return (DerivationPath(components), wildcard)
    }

    /// Parses one step (`0`, `84h`, `84'`): Core's `ParseKeyPathElement`.
    public static func parseElement(_ element: String) throws(DecodingError) -> (childNumber: UInt32, hardened: Bool) {
        var digits = Substring(element)
        var hardened = false
        if let last = digits.last, last == "'" || last == "h" {
            hardened = true
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.count <= 10, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = UInt64(digits),
              value <= UInt64(UInt32.max) else {
            throw DecodingError("Key path value '\(element)' is not a valid uint32")
        }
        guard value < UInt64(hardenedBit) else { throw DecodingError("Key path value \(value) is out of range") }
        return (hardened ? UInt32(value) | hardenedBit : UInt32(value), hardened)
    }

    /// The steps as Core's `FormatHDKeypath` writes them: `/84h/1h/0h/0`, or with `'` when `apostrophe`.
    public func formatted(apostrophe: Bool = false) -> String {
        components.map { DerivationPath.format($0, apostrophe: apostrophe) }.joined()
    }

    /// One step: `/84h` (or `/84'`), `/0`.
    public static func format(_ child: UInt32, apostrophe: Bool = false) -> String {
        child & hardenedBit != 0 ? "/\(child & ~hardenedBit)\(apostrophe ? "'" : "h")" : "/\(child)"
    }

    /// `m/84h/1h/0h/0`.
    public var description: String { "m" + formatted() }

    /// Whether any step is hardened.
    public var hasHardenedStep: Bool { components.contains { $0 & DerivationPath.hardenedBit != 0 } }

    /// This path followed by `child`.
    public func appending(_ child: UInt32) -> DerivationPath { DerivationPath(components + [child]) }
}
