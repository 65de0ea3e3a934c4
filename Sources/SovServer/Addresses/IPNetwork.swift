import FoundationEssentials
import SovPrimitives

/// A CIDR range of IP addresses (`192.168.1.0/24`, `2001:db8::/32`; a bare address is a single host).
/// Host bits below the prefix are cleared. IPv4-mapped IPv6 forms are treated as the IPv4 they carry, on
/// both sides: `::ffff:10.0.0.0/104` is `10.0.0.0/8`, and a peer reported as `::ffff:10.1.2.3` is in it.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the range (host bits cleared).
    public let address: IPAddress
    /// How many leading bits are fixed: 0...32 for IPv4, 0...128 for IPv6.
    public let prefixLength: Int

    /// Parses `address/prefix` or a bare address.
    public init(parsing text: String) throws(AddressError) {
        let trimmed = text.trimmingSpaces()
        let parts = trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else {
            throw AddressError("\"\(text)\" is not an IP address or CIDR range (examples: 192.168.1.0/24, 2001:db8::/32, 10.0.0.7)")
        }
        let width = address.bytes.count * 8
        var prefix = width
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].count <= 3, parts[1].allSatisfy(\.isASCIIDigit), let n = Int(parts[1]), n <= width else {
                throw AddressError("\"\(text)\": the prefix length must be a number from 0 to \(width)")
            }
            prefix = n
        }
        self.init(address: address, prefixLength: prefix)
    }

    /// The range of `prefixLength` leading bits of `address` (clamped to the address width).
    public init(address: IPAddress, prefixLength: Int) {
        var address = address
        var prefix = max(0, min(prefixLength, address.bytes.count * 8))
        if address.unmapped != address, prefix >= 96 {
            address = address.unmapped
            prefix -= 96
        }
        var bytes = address.bytes
        for i in 0..<bytes.count {
            let keep = max(0, min(8, prefix - i * 8))
            bytes[i] &= keep == 8 ? 0xff : UInt8(truncatingIfNeeded: 0xff << (8 - keep))
        }
        self.address = IPAddress(bytes: bytes) ?? address
        self.prefixLength = prefix
    }

    /// Whether `candidate` is in the range (IPv4-mapped addresses match IPv4 ranges).
    public func contains(_ candidate: IPAddress) -> Bool {
        let candidate = candidate.unmapped
        guard candidate.family == address.family else { return false }
        var remaining = prefixLength
        for i in 0..<address.bytes.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xff : UInt8(truncatingIfNeeded: 0xff << (8 - bits))
            if candidate.bytes[i] & mask != address.bytes[i] { return false }
            remaining -= bits
        }
        return true
    }

    /// Whether the text form of an address is in the range; false when it is not an IP address.
    public func contains(_ text: String) -> Bool {
        IPAddress(text).map(contains) ?? false
    }

    /// `address/prefix`.
    public var description: String { "\(address)/\(prefixLength)" }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
