import Foundation

/// A blocking TCP client that sends request lines and reads answer lines without parsing them: for answers of
/// megabytes, so that the load generator spends almost nothing on them (a `recv` and a `memchr` per chunk)
/// and times exactly when the first and the last byte arrive. One thread uses it at a time (it is handed to that
/// thread whole); only `shutdown()` may come from another.
final class RawLineClient: @unchecked Sendable {
    /// One answer line as it arrived.
    struct Answer {
        /// Length with the newline.
        var bytes: Int
        /// Nanoseconds from the request's send to the answer's first byte and to its newline.
        var firstByte: UInt64
        var total: UInt64
        /// The line's first bytes (up to `headBytes`), for the error or the shape of the result.
        var head: String
        /// The whole line when asked for.
        var line: [UInt8]?
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let headBytes = 400
    private let socket: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    /// Bytes received after the last newline handed out (the start of the next answer).
    private var leftover: [UInt8] = []
    private var nextID = 1

    /// Connects to 127.0.0.1:`port`, from `source` (another loopback address, e.g. 127.0.0.2, counts as
    /// another client address for the server's per-address limits) when given.
    init(port: Int, source: String? = nil) throws {
        socket = try Self.connectedSocket(port: port, source: source)
    }

    /// A blocking TCP socket connected to 127.0.0.1:`port` (TCP_NODELAY), bound to `source` when given, with a
    /// receive buffer of `receiveBuffer` bytes when given (a client that means not to read keeps it small).
    static func connectedSocket(port: Int, source: String? = nil, receiveBuffer: Int32? = nil) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        if var size = receiveBuffer { setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size)) }
        func address(_ host: String, _ port: Int) -> sockaddr_in {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr(host)
            return address
        }
        if let source {
            var local = address(source, 0)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                Glibc.close(socket)
                throw Failure(description: "bind to \(source): \(String(cString: strerror(errno)))")
            }
        }
        var remote = address("127.0.0.1", port)
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(socket)
            throw Failure(description: "connect to 127.0.0.1:\(port): \(reason)")
        }
        var on: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        return socket
    }

    deinit { Glibc.close(socket) }

    /// A JSON-RPC request line (with its newline) calling `method` with string parameters.
    func request(_ method: String, _ params: [String]) -> [UInt8] {
        defer { nextID += 1 }
        let list = params.map { "\"\($0)\"" }.joined(separator: ",")
        return Array("{\"jsonrpc\":\"2.0\",\"id\":\(nextID),\"method\":\"\(method)\",\"params\":[\(list)]}\n".utf8)
    }

    /// Sends `bytes` whole.
    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
            sent += n
        }
    }

    /// Says `server.version`, as every Electrum client does first.
    func handshake() throws {
        let answer = try call("server.version", ["sov-bench", "1.4"])
        guard answer.head.contains("\"result\"") else { throw Failure(description: "server.version: \(answer.head)") }
    }

    /// Calls `method` and reads its answer line; `keep` keeps the whole line.
    func call(_ method: String, _ params: [String], keep: Bool = false) throws -> Answer {
        let line = request(method, params)
        let start = DispatchTime.now().uptimeNanoseconds
        try send(line)
        return try readAnswer(sentAt: start, keep: keep)
    }

    /// Reads the next answer line; times are counted from `sentAt` (uptime nanoseconds).
    func readAnswer(sentAt: UInt64, keep: Bool = false) throws -> Answer {
        var answer = Answer(bytes: 0, firstByte: 0, total: 0, head: "", line: keep ? [] : nil)
        var head: [UInt8] = []
        func take(_ chunk: UnsafeRawBufferPointer) -> Int? {
            let newline = memchr(chunk.baseAddress!, 0x0a, chunk.count).map { $0 - UnsafeMutableRawPointer(mutating: chunk.baseAddress!) }
            let used = newline.map { $0 + 1 } ?? chunk.count
            if head.count < Self.headBytes { head += chunk.prefix(min(used, Self.headBytes - head.count)) }
            if keep { answer.line! += chunk.prefix(used) }
            answer.bytes += used
            return newline.map { _ in used }
        }
        if !leftover.isEmpty {
            answer.firstByte = DispatchTime.now().uptimeNanoseconds - sentAt
            let pending = leftover
            leftover = []
            if let used = pending.withUnsafeBytes({ take($0) }) {
                leftover = Array(pending[used...])
                return finish(answer, head, sentAt)
            }
        }
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure(description: n == 0 ? "the server closed the connection" : "recv: \(String(cString: strerror(errno)))") }
            if answer.bytes == 0 { answer.firstByte = DispatchTime.now().uptimeNanoseconds - sentAt }
            if let used = buffer.withUnsafeBytes({ take(UnsafeRawBufferPointer(rebasing: $0[..<n])) }) {
                if used < n { leftover = Array(buffer[used..<n]) }
                return finish(answer, head, sentAt)
            }
        }
    }

    private func finish(_ answer: Answer, _ head: [UInt8], _ sentAt: UInt64) -> Answer {
        var answer = answer
        answer.total = DispatchTime.now().uptimeNanoseconds - sentAt
        answer.head = String(decoding: head, as: UTF8.self)
        return answer
    }

    /// What a pipelined run measured.
    struct PipelineRun {
        var answers: Int
        var errors: Int
        var seconds: Double
    }

    /// Keeps `depth` requests outstanding (a new one sent for each answer, in one write per read) for
    /// `seconds`, then waits for the last answers; `next(k)` is the k-th request line (with its newline).
    /// Counts answers (lines) and error answers; answers are not parsed.
    func pipeline(depth: Int, seconds: Double, next: (Int) -> [UInt8]) throws -> PipelineRun {
        let errorMark = Array(#""error":"#.utf8)
        var sent = 0, answered = 0, errors = 0
        var tail: [UInt8] = []
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(seconds * 1e9)
        var window: [UInt8] = []
        for _ in 0..<depth { window += next(sent); sent += 1 }
        try send(window)
        while answered < sent {
            let n = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure(description: n == 0 ? "the server closed the connection" : "recv: \(String(cString: strerror(errno)))") }
            let chunk = tail + buffer[0..<n]
            var lines = 0
            for byte in buffer[0..<n] where byte == 0x0a { lines += 1 }
            errors += occurrences(of: errorMark, in: chunk) - occurrences(of: errorMark, in: tail)
            tail = Array(chunk.suffix(errorMark.count - 1))
            answered += lines
            guard lines > 0, DispatchTime.now().uptimeNanoseconds < deadline else { continue }
            var more: [UInt8] = []
            for _ in 0..<lines { more += next(sent); sent += 1 }
            try send(more)
        }
        return PipelineRun(answers: answered, errors: errors, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// Closes the connection now (also done on deinit).
    func shutdown() { Glibc.shutdown(socket, Int32(SHUT_RDWR)) }
}
