import FoundationEssentials
import SovPrimitives
#if canImport(Glibc)
import Glibc
#endif

/// The parts of ZMTP 3.0 (the ZeroMQ wire protocol, rfc.zeromq.org/spec/23) that a SUB socket needs to
/// hear Bitcoin Core's `zmqpub*` notifications: the greeting, the NULL-mechanism READY handshake, framing,
/// and subscriptions. Written here rather than linking libzmq for one read-only socket.
public enum ZMTP {
    /// The 64-byte greeting: signature, version 3.0, mechanism NULL, not as-server.
    public static var greeting: [UInt8] {
        var g: [UInt8] = [0xff] + [UInt8](repeating: 0, count: 8) + [0x7f, 3, 0]
        g += Array("NULL".utf8) + [UInt8](repeating: 0, count: 16)
        g += [0] + [UInt8](repeating: 0, count: 31)
        return g
    }

    /// A frame: a message part or a command.
    public struct Frame: Sendable, Equatable {
        public var body: [UInt8]
        public var more: Bool
        public var command: Bool

        public init(body: [UInt8], more: Bool = false, command: Bool = false) {
            self.body = body
            self.more = more
            self.command = command
        }

        public var encoded: [UInt8] {
            var flags: UInt8 = (more ? 0x01 : 0) | (command ? 0x04 : 0)
            var out: [UInt8] = []
            if body.count > 255 {
                flags |= 0x02
                out.append(flags)
                for i in (0..<8).reversed() { out.append(UInt8(UInt64(body.count) >> (8 * UInt64(i)) & 0xff)) }
            } else {
                out.append(flags)
                out.append(UInt8(body.count))
            }
            return out + body
        }
    }

    /// The READY command announcing `socketType` ("SUB", "PUB").
    public static func ready(socketType: String) -> Frame {
        var body: [UInt8] = [5] + Array("READY".utf8)
        let name = Array("Socket-Type".utf8)
        body += [UInt8(name.count)] + name
        let value = Array(socketType.utf8)
        body += [0, 0, 0, UInt8(value.count)] + value
        return Frame(body: body, command: true)
    }

    /// A ZMTP 3.0 subscription message for `topic`.
    public static func subscription(_ topic: String) -> Frame { Frame(body: [1] + Array(topic.utf8)) }

    /// A blocking byte stream over a connected socket, with exact reads.
    public final class Connection: @unchecked Sendable {
        public let fd: Int32
        public init(fd: Int32) { self.fd = fd }
        deinit { close(fd) }

        public func send(_ bytes: [UInt8]) throws {
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { throw POSIXError(.EPIPE) }
                sent += n
            }
        }

        public func read(_ count: Int) throws -> [UInt8] {
            var out = [UInt8](repeating: 0, count: count)
            var got = 0
            while got < count {
                let n = out[got...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { throw POSIXError(.ECONNRESET) }
                got += n
            }
            return out
        }

        public func readFrame(maximumSize: UInt64 = 1 << 20) throws -> Frame {
            let flags = try read(1)[0]
            let size: UInt64
            if flags & 0x02 != 0 {
                size = try read(8).reduce(0) { $0 << 8 | UInt64($1) }
            } else {
                size = UInt64(try read(1)[0])
            }
            guard size <= maximumSize else { throw POSIXError(.EMSGSIZE) }
            return Frame(body: try read(Int(size)), more: flags & 0x01 != 0, command: flags & 0x04 != 0)
        }

        /// The next whole message (all its parts), skipping commands.
        public func readMessage() throws -> [[UInt8]] {
            var parts: [[UInt8]] = []
            while true {
                let frame = try readFrame()
                if frame.command { continue }
                parts.append(frame.body)
                if !frame.more { return parts }
            }
        }

        /// Exchanges greetings and READY commands as `socketType`; returns the peer's READY body.
        public func handshake(socketType: String) throws {
            try send(greeting)
            let peer = try read(64)
            guard peer[0] == 0xff, peer[9] == 0x7f, peer[10] >= 3 else { throw POSIXError(.EPROTO) }
            try send(ready(socketType: socketType).encoded)
            let answer = try readFrame()
            guard answer.command, answer.body.count >= 6, Array(answer.body[1..<6]) == Array("READY".utf8) else { throw POSIXError(.EPROTO) }
        }
    }

    /// Connects to `tcp://host:port` (IPv4 literal or name).
    public static func connect(_ endpoint: String, timeout: Double = 5) throws -> Connection {
        var rest = Substring(endpoint)
        if rest.hasPrefix("tcp://") { rest = rest.dropFirst(6) }
        guard let colon = rest.lastIndex(of: ":"), let port = UInt16(rest[rest.index(after: colon)...]) else {
            throw POSIXError(.EINVAL)
        }
        var host = String(rest[..<colon])
        if host == "*" || host == "0.0.0.0" { host = "127.0.0.1" }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else { throw POSIXError(.EHOSTUNREACH) }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
        return Connection(fd: fd)
    }
}

/// Listens to Core's `hashblock` notifications and calls `onBlock` with each new tip hash (display order).
/// Reconnects after a dropped connection; runs on its own thread until `stop()`.
public final class BlockNotificationListener: @unchecked Sendable {
    public let endpoint: String
    private let onBlock: @Sendable (String) -> Void
    private let lock = Lock()
    private var stopped = false
    private var connection: ZMTP.Connection?

    public init(endpoint: String, onBlock: @escaping @Sendable (String) -> Void) {
        self.endpoint = endpoint
        self.onBlock = onBlock
    }

    public func start() {
        Threads.detach { [self] in run() }
    }

    public func stop() {
        lock.lock()
        stopped = true
        if let fd = connection?.fd { shutdown(fd, Int32(SHUT_RDWR)) }
        lock.unlock()
    }

    var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    private func run() {
        while !isStopped {
            do {
                let c = try ZMTP.connect(endpoint)
                // A stop that came during the connect found no connection to shut down: leave now, before
                // reading from a socket nothing would ever close.
                lock.lock()
                let stoppedMeanwhile = stopped
                if !stoppedMeanwhile { connection = c }
                lock.unlock()
                if stoppedMeanwhile { return }
                try c.handshake(socketType: "SUB")
                try c.send(ZMTP.subscription("hashblock").encoded)
                while !isStopped {
                    let parts = try c.readMessage()
                    guard parts.count >= 2, parts[0] == Array("hashblock".utf8), parts[1].count == 32 else { continue }
                    onBlock(parts[1].map { String(cFormat: "%02x", $0) }.joined())
                }
            } catch {
                if isStopped { return }
                Threads.sleep(seconds: 1)
            }
        }
    }

    /// The `pubhashblock` address the node announces (`getzmqnotifications`), if any.
    public static func discover(node: NodeRPCClient) -> String? {
        guard let list = try? node.call("getzmqnotifications").arrayValue else { return nil }
        return list.first { $0["type"]?.stringValue == "pubhashblock" }?["address"]?.stringValue
    }
}
