import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A request as the loopback server read it.
public struct LoopbackHTTPRequest: Sendable {
    public var method: String
    public var path: String
    public var headers: [String: String]  // lowercased names
    public var body: [UInt8]
}

/// A small blocking HTTP/1.1 server on 127.0.0.1 for tests: a thread per connection, keep-alive,
/// Content-Length bodies. Enough to stand in for bitcoind's RPC port.
public final class LoopbackHTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (LoopbackHTTPRequest) -> (status: Int, body: [UInt8])

    public let port: Int
    private let listener: Int32
    private let handler: Handler
    private let lock = NSLock()
    private var stopped = false
    private var connections: Set<Int32> = []

    public init(handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    public func stop() {
        lock.lock()
        guard !stopped else { lock.unlock(); return }
        stopped = true
        let open = connections
        lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                lock.lock(); let done = stopped; lock.unlock()
                if done { return }
                continue
            }
            lock.lock(); connections.insert(fd); lock.unlock()
            let thread = Thread { [self] in
                serve(fd)
                lock.lock(); connections.remove(fd); lock.unlock()
                close(fd)
            }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        func fill() -> Bool {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return false }
            buffer.append(contentsOf: chunk[0..<n])
            return true
        }
        while true {
            // Headers.
            var headerEnd: Int?
            while headerEnd == nil {
                if let range = buffer.firstRange(of: [13, 10, 13, 10]) { headerEnd = range.upperBound; break }
                guard fill() else { return }
            }
            let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst().split(separator: " ")
            guard requestLine.count >= 2 else { return }
            var headers: [String: String] = [:]
            for line in lines where !line.isEmpty {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            while buffer.count < headerEnd! + length { guard fill() else { return } }
            let body = Array(buffer[headerEnd!..<headerEnd! + length])
            buffer.removeFirst(headerEnd! + length)
            let request = LoopbackHTTPRequest(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body)
            let (status, responseBody) = handler(request)
            let reason = [200: "OK", 401: "Unauthorized", 404: "Not Found", 500: "Internal Server Error", 400: "Bad Request"][status] ?? "Status"
            var response = Array("HTTP/1.1 \(status) \(reason)\r\nContent-Type: application/json\r\nContent-Length: \(responseBody.count)\r\nConnection: keep-alive\r\n\r\n".utf8)
            response += responseBody
            var sent = 0
            while sent < response.count {
                let n = response[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { return }
                sent += n
            }
            if headers["connection"]?.lowercased() == "close" { return }
        }
    }
}
