import Crypto
import FoundationEssentials
import SovPrimitives
import Glibc

/// A connection to Tor's control port (control-spec.txt) that authenticates (SAFECOOKIE, COOKIE or none,
/// as PROTOCOLINFO offers) and manages onion services with ADD_ONION / DEL_ONION. No torrc is edited: an
/// onion service added this way lives as long as this connection, so it disappears with the server.
///
/// Blocking I/O on a socket of its own; commands are few and short (each waits at most `timeout`).
public final class TorController: @unchecked Sendable {
    private let fd: Int32
    private let endpoint: String
    private var pending: [UInt8] = []
    private let lock = Lock()

    /// One reply: its status code and lines (without the `250-`/`250 ` prefixes).
    struct Reply {
        var code: Int
        var lines: [String]
    }

    /// Connects to `endpoint`: a Unix socket path (`/run/tor/control`) or `HOST:PORT` (`127.0.0.1:9051`).
    public init(endpoint: String, timeout: Double = 10) throws(TorControlError) {
        self.endpoint = endpoint
        if endpoint.hasPrefix("/") {
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw .unreachable(endpoint: endpoint, reason: String(cString: strerror(errno))) }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let path = Array(endpoint.utf8)
            guard path.count < MemoryLayout.size(ofValue: address.sun_path) else {
                Glibc.close(fd)
                throw .unreachable(endpoint: endpoint, reason: "the socket path is too long")
            }
            withUnsafeMutableBytes(of: &address.sun_path) { buffer in
                for (i, byte) in path.enumerated() { buffer[i] = byte }
            }
            try Self.connect(fd, to: &address, endpoint: endpoint)
        } else {
            guard let address = try? ListenAddress(parsing: endpoint), let ip = IPAddress(address.host), ip.family == .v4 else {
                throw .unreachable(endpoint: endpoint, reason: "not a socket path or an IPv4 HOST:PORT")
            }
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = in_port_t(UInt16(address.port).bigEndian)
            socketAddress.sin_addr.s_addr = inet_addr(address.host)
            try Self.connect(fd, to: &socketAddress, endpoint: endpoint)
        }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(fd) }

    /// Connects `fd` to a socket address (`sockaddr_un` or `sockaddr_in`); on failure closes it and says why.
    private static func connect<Address>(_ fd: Int32, to address: inout Address, endpoint: String) throws(TorControlError) {
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<Address>.size)) }
        }
        guard status == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            throw .unreachable(endpoint: endpoint, reason: reason)
        }
    }

    /// Closes the connection: Tor removes the onion services it added.
    public func close() { shutdown(fd, Int32(SHUT_RDWR)) }

    // MARK: - Authentication

    /// Authenticates with the best method Tor offers: SAFECOOKIE (proves the cookie without sending it),
    /// COOKIE, or NULL (no authentication configured).
    public func authenticate() throws(TorControlError) {
        let info = try command("PROTOCOLINFO 1")
        guard let auth = info.lines.first(where: { $0.hasPrefix("AUTH ") }) else { throw .protocolError("PROTOCOLINFO without AUTH") }
        let methods = Self.value(of: "METHODS", in: auth)?.split(separator: ",").map(String.init) ?? []
        let cookieFile = Self.quotedValue(of: "COOKIEFILE", in: auth)
        if methods.contains("NULL") {
            try expectOK(command("AUTHENTICATE"), "AUTHENTICATE")
            return
        }
        guard let cookieFile, methods.contains("SAFECOOKIE") || methods.contains("COOKIE") else {
            throw .authentication("tor offers \(methods.joined(separator: ", ")); sov uses SAFECOOKIE, COOKIE or no authentication (CookieAuthentication 1)")
        }
        guard let cookie = FileManager.default.contents(atPath: cookieFile).map(Array.init), cookie.count == 32 else {
            throw .authentication("cannot read the cookie file \(cookieFile)")
        }
        guard methods.contains("SAFECOOKIE") else {
            try expectOK(command("AUTHENTICATE " + Hex.encode(cookie)), "AUTHENTICATE")
            return
        }
        var random = SystemRandomNumberGenerator()
        let clientNonce = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
        let challenge = try command("AUTHCHALLENGE SAFECOOKIE " + Hex.encode(clientNonce))
        try expectOK(challenge, "AUTHCHALLENGE")
        guard let line = challenge.lines.first, let serverHash = Self.value(of: "SERVERHASH", in: line).flatMap({ try? Hex.decode($0) }),
              let serverNonce = Self.value(of: "SERVERNONCE", in: line).flatMap({ try? Hex.decode($0) }) else {
            throw .protocolError("AUTHCHALLENGE answer without SERVERHASH and SERVERNONCE")
        }
        let message = cookie + clientNonce + serverNonce
        let expected = Self.hmac(key: "Tor safe cookie authentication server-to-controller hash", message)
        guard expected == serverHash else { throw .authentication("tor's SAFECOOKIE answer does not match the cookie: not the tor that wrote it") }
        let proof = Self.hmac(key: "Tor safe cookie authentication controller-to-server hash", message)
        try expectOK(command("AUTHENTICATE " + Hex.encode(proof)), "AUTHENTICATE")
    }

    // MARK: - Onion services

    /// Adds a v3 onion service mapping each (onion port, target) pair; `key` is a previously returned
    /// `ED25519-V3:…` key (the same address comes back), nil for a new one. `clientAuth` holds base32 x25519
    /// public keys of the clients allowed to reach it (v3 client authorization); empty: anyone who knows the
    /// address. Returns the service id (the address without `.onion`) and, for a new service, its key.
    public func addOnion(key: String?, ports: [(virtual: Int, target: String)], clientAuth: [String] = []) throws(TorControlError) -> (serviceID: String, key: String?) {
        var line = "ADD_ONION " + (key ?? "NEW:ED25519-V3")
        if !clientAuth.isEmpty { line += " Flags=V3Auth" }  // without it tor refuses ClientAuthV3 ("No auth type specified")
        for port in ports { line += " Port=\(port.virtual),\(port.target)" }
        for client in clientAuth { line += " ClientAuthV3=\(client)" }
        let reply = try command(line)
        try expectOK(reply, "ADD_ONION")
        guard let id = reply.lines.first(where: { $0.hasPrefix("ServiceID=") })?.dropFirst("ServiceID=".count) else {
            throw .protocolError("ADD_ONION answer without ServiceID")
        }
        let newKey = reply.lines.first { $0.hasPrefix("PrivateKey=") }.map { String($0.dropFirst("PrivateKey=".count)) }
        return (String(id), newKey)
    }

    /// Removes an onion service this connection added.
    public func deleteOnion(serviceID: String) throws(TorControlError) {
        try expectOK(command("DEL_ONION \(serviceID)"), "DEL_ONION")
    }

    /// `GETINFO key`'s value.
    public func info(_ key: String) throws(TorControlError) -> String {
        let reply = try command("GETINFO \(key)")
        try expectOK(reply, "GETINFO")
        return reply.lines.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) } ?? ""
    }

    // MARK: - The protocol

    private func expectOK(_ reply: Reply, _ name: String) throws(TorControlError) {
        guard reply.code == 250 else { throw .refused(command: name, code: reply.code, message: reply.lines.joined(separator: " ")) }
    }

    /// Sends one command line and reads its reply (mid lines `250-`, data lines `250+` up to a lone `.`, the
    /// end line `250 `).
    func command(_ line: String) throws(TorControlError) -> Reply {
        lock.lock()
        defer { lock.unlock() }
        let bytes = Array((line + "\r\n").utf8)
        let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw .protocolError("cannot send to \(endpoint): \(String(cString: strerror(errno)))") }
        var lines: [String] = []
        while true {
            let text = try readLine()
            guard text.count >= 4, let code = Int(text.prefix(3)) else { throw .protocolError("unreadable reply line \"\(text.prefix(80))\"") }
            let separator = text[text.index(text.startIndex, offsetBy: 3)]
            let rest = String(text.dropFirst(4))
            switch separator {
            case " ":
                lines.append(rest)
                return Reply(code: code, lines: lines)
            case "-":
                lines.append(rest)
            case "+":
                var data = rest
                while true {
                    let more = try readLine()
                    if more == "." { break }
                    data += "\n" + more
                }
                lines.append(data)
            default:
                throw .protocolError("unreadable reply line \"\(text.prefix(80))\"")
            }
        }
    }

    private func readLine() throws(TorControlError) -> String {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard pending.count < 1 << 20 else { throw .protocolError("a reply line longer than 1 MB") }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw .protocolError(count == 0 ? "tor closed the control connection" : "no answer from tor (\(String(cString: strerror(errno))))") }
            pending += buffer[..<count]
        }
    }

    static func value(of key: String, in line: String) -> String? {
        line.split(separator: " ").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    static func quotedValue(of key: String, in line: String) -> String? {
        guard let start = line.firstRange(of: key + "=\"") else { return nil }
        var value = ""
        var escaped = false
        for c in line[start.upperBound...] {
            if escaped { value.append(c); escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == "\"" { return value }
            value.append(c)
        }
        return nil
    }

    static func hmac(key: String, _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(key.utf8))))
    }
}
