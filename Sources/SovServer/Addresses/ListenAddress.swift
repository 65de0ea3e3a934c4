import FoundationEssentials
import SovPrimitives

/// Where a listener binds: a host (an IPv4 or IPv6 address, or a host name such as `localhost`) and a
/// port. Written `127.0.0.1:50001`, `[::1]:50001` (IPv6 in brackets) or `localhost:50001`; port 0 asks
/// the system for a free port.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host without brackets: `127.0.0.1`, `::1`, `localhost`, `0.0.0.0`, `::`.
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`; the error says what is wrong with the text.
    public init(parsing text: String) throws(AddressError) {
        let text = text.trimmingSpaces()
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw AddressError("\"\(text)\": missing ']' after the IPv6 address")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw AddressError("\"\(text)\": expected ':PORT' after ']'") }
            portPart = rest.dropFirst()
            guard let address = IPAddress(hostPart), address.family == .v6 else {
                throw AddressError("\"\(text)\": \(hostPart) in brackets is not an IPv6 address")
            }
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw AddressError("\"\(text)\": missing port (expected HOST:PORT, such as 127.0.0.1:50001)")
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            if hostPart.contains(":") {
                throw AddressError("\"\(text)\": an IPv6 address must be in brackets, as in [::1]:50001")
            }
            guard !hostPart.isEmpty else {
                throw AddressError("\"\(text)\": missing host (use 0.0.0.0 or [::] for every interface)")
            }
            if hostPart.allSatisfy({ $0 == "." || ("0"..."9").contains($0) }) {
                guard IPAddress(hostPart) != nil else { throw AddressError("\"\(text)\": \(hostPart) is not an IPv4 address") }
            } else if !Self.isHostName(hostPart) {
                throw AddressError("\"\(text)\": \(hostPart) is neither an IP address nor a host name")
            }
        }
        guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy({ ("0"..."9").contains($0) }),
              let port = Int(portPart), port <= 65535 else {
            throw AddressError("\"\(text)\": the port must be a number from 0 to 65535")
        }
        self.init(host: String(hostPart), port: port)
    }

    /// Whether only this machine can connect: a loopback address or `localhost`.
    public var isLoopback: Bool {
        if host.lowercased() == "localhost" { return true }
        return IPAddress(host)?.isLoopback ?? false
    }

    /// `host:port`, with IPv6 hosts in brackets: it parses back to the same address.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens, 1–63 characters
    /// each, 253 in all.
    static func isHostName(_ name: some StringProtocol) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-" else { return false }
            return label.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
    }
}
