import FoundationEssentials
import Glibc

/// An IPv4 or IPv6 address, as the network stack reads it (`inet_pton`): dotted-quad IPv4, and IPv6 in
/// any RFC 4291 text form including `::` and an embedded IPv4 tail. Scope suffixes (`%eth0`) are refused.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// Which protocol the address belongs to.
    public enum Family: Sendable, Hashable {
        case v4
        case v6
    }

    /// The address in network order: 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Parses `text`, with or without the brackets of a URL (`[::1]`); nil if it is not an IP address.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        guard !text.isEmpty, text.utf8.count <= 64 else { return nil }
        if text.contains(":") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &address) { Array($0) }
        } else {
            var address = in_addr()
            guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &address) { Array($0) }
        }
    }

    /// An address from its 4 or 16 bytes in network order.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    public var family: Family { bytes.count == 4 ? .v4 : .v6 }

    /// For an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, how dual-stack sockets report IPv4 peers), the
    /// IPv4 address; otherwise the address itself.
    public var unmapped: IPAddress {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff,
              let v4 = IPAddress(bytes: Array(bytes[12..<16])) else { return self }
        return v4
    }

    /// 127.0.0.0/8, ::1, or an IPv4-mapped loopback address.
    public var isLoopback: Bool {
        let address = unmapped
        if address.family == .v4 { return address.bytes[0] == 127 }
        return address.bytes == [UInt8](repeating: 0, count: 15) + [1]
    }

    /// The canonical text form (`inet_ntop`): `192.0.2.1`, `2001:db8::1`.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let ok = bytes.withUnsafeBytes { raw in
            inet_ntop(family == .v4 ? AF_INET : AF_INET6, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        guard ok else { return bytes.map { String($0) }.joined(separator: ".") }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
