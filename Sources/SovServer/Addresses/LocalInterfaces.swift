import FoundationEssentials
import Glibc

/// The addresses other machines can reach this one at: those of the network interfaces that are up, not
/// loopback and not link-local; private IPv4 ranges (the LAN) first, then other IPv4, then IPv6.
public enum LocalInterfaces {
    public static func reachableAddresses() -> [IPAddress] {
        var first: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&first) == 0, let first else { return [] }
        defer { freeifaddrs(first) }
        var found: [IPAddress] = []
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            let flags = Int32(entry.pointee.ifa_flags)
            guard flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0, let raw = entry.pointee.ifa_addr else { continue }
            let address: IPAddress?
            switch Int32(raw.pointee.sa_family) {
            case AF_INET:
                address = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    var value = pointer.pointee.sin_addr
                    return IPAddress(bytes: withUnsafeBytes(of: &value) { Array($0) })
                }
            case AF_INET6:
                address = raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    var value = pointer.pointee.sin6_addr
                    return IPAddress(bytes: withUnsafeBytes(of: &value) { Array($0) })
                }
            default:
                address = nil
            }
            guard let address, !address.isLoopback, !address.isLinkLocal, !found.contains(address) else { continue }
            found.append(address)
        }
        return found.sorted { rank($0) < rank($1) }
    }

    private static func rank(_ address: IPAddress) -> Int {
        guard address.family == .v4 else { return 2 }
        return address.isPrivateIPv4 ? 0 : 1
    }
}

extension IPAddress {
    /// 169.254.0.0/16 or fe80::/10: usable only on one link, not worth offering to a wallet.
    public var isLinkLocal: Bool {
        family == .v4 ? bytes[0] == 169 && bytes[1] == 254 : bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80
    }

    /// 10/8, 172.16/12, 192.168/16: the ranges home and office networks use.
    public var isPrivateIPv4: Bool {
        guard family == .v4 else { return false }
        return bytes[0] == 10 || (bytes[0] == 172 && bytes[1] & 0xF0 == 16) || (bytes[0] == 192 && bytes[1] == 168)
    }

    /// 0.0.0.0 or ::, which a listener binds to mean every interface.
    public var isUnspecified: Bool { bytes.allSatisfy { $0 == 0 } }
}
