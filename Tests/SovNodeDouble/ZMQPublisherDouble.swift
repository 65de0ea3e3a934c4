import Foundation
import SovNodeRPC
#if canImport(Glibc)
import Glibc
#endif

/// A ZMQ PUB socket on 127.0.0.1 speaking ZMTP 3.0, publishing `hashblock` as Core's `zmqpubhashblock` does:
/// [topic, 32-byte hash in display order, 4-byte little-endian sequence].
public final class ZMQPublisherDouble: @unchecked Sendable {
    public let port: Int
    public var address: String { "tcp://127.0.0.1:\(port)" }
    private let listener: Int32
    private let lock = NSLock()
    private var subscribers: [ZMTP.Connection] = []
    private var sequence: UInt32 = 0
    private var stopped = false

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } } == 0
        guard ok, listen(fd, 8) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    deinit { stop() }

    public func stop() {
        lock.lock()
        guard !stopped else { lock.unlock(); return }
        stopped = true
        let open = subscribers
        subscribers = []
        lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for s in open { shutdown(s.fd, Int32(SHUT_RDWR)) }
    }

    /// How many subscribers have completed the handshake and subscribed.
    public var subscriberCount: Int { lock.lock(); defer { lock.unlock() }; return subscribers.count }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 { return }
            Thread { [self] in
                let connection = ZMTP.Connection(fd: fd)
                do {
                    try connection.handshake(socketType: "PUB")
                    let subscription = try connection.readFrame()
                    guard subscription.body.first == 1 else { return }
                    lock.lock(); subscribers.append(connection); lock.unlock()
                } catch {}
            }.start()
        }
    }

    /// Publishes a new tip (display-order hex).
    public func publishBlock(_ hashHex: String) {
        lock.lock()
        defer { lock.unlock() }
        let hash = stride(from: 0, to: hashHex.count, by: 2).map { i -> UInt8 in
            let start = hashHex.index(hashHex.startIndex, offsetBy: i)
            return UInt8(hashHex[start..<hashHex.index(start, offsetBy: 2)], radix: 16)!
        }
        var seq: [UInt8] = []
        for i in 0..<4 { seq.append(UInt8(sequence >> (8 * UInt32(i)) & 0xff)) }
        sequence &+= 1
        let message = ZMTP.Frame(body: Array("hashblock".utf8), more: true).encoded
            + ZMTP.Frame(body: hash, more: true).encoded + ZMTP.Frame(body: seq).encoded
        subscribers = subscribers.filter { (try? $0.send(message)) != nil }
    }
}
