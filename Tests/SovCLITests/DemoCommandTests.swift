import Foundation
import SovJSON
import SovTestSupport
import Testing

/// `sov demo`, as the README's first command runs it: the bundled sample chain indexed without a node and
/// served on localhost; every recorded script's confirmed balance comes back over a plain TCP socket.
@Suite(.needsSharedData) struct DemoCommandTests {
    @Test func demoServesTheBundledChain() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = try await SovServeProcess(["--data-dir", directory.path], command: "demo")
        let address = try #require(demo.listening["tcp"]?.arrayValue?.first?.stringValue)
        #expect(demo.listening["network"]?.stringValue == "regtest")
        #expect(demo.listening["tls_fingerprint"]?.stringValue?.count == 95)
        let port = try #require(UInt16(address.split(separator: ":").last ?? ""))
        let connection = try LineSocket(port: port)
        let version = try connection.ask(#"{"jsonrpc":"2.0","id":0,"method":"server.version","params":["demo-test","1.4"]}"#)
        #expect(version["result"]?.arrayValue?.last?.stringValue == "1.4")
        let record = try Fixtures.json("fixtures/regtest/scripts.json")["scripthashes"]!.objectValue!
        var scriptsAsked = 0
        for (i, (sh, v)) in record.entries.enumerated() {
            scriptsAsked += 1
            let answer = try connection.ask(#"{"jsonrpc":"2.0","id":\#(i + 1),"method":"blockchain.scripthash.get_balance","params":["\#(sh)"]}"#)
            #expect(answer["result"]?["confirmed"]?.int64Value == v["confirmed_balance"]?.int64Value, "\(sh)")
        }
        #expect(scriptsAsked > 0, "the fixture gave nothing to check")
        #expect(demo.stop() == 0)
    }
}

/// A blocking line-per-request TCP connection (to 127.0.0.1 unless another IPv4 host is given).
final class LineSocket {
    private let fd: Int32
    private var pending: [UInt8] = []

    init(host: String = "127.0.0.1", port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(port.bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, status == 0 else { throw FixtureError("cannot connect to \(host):\(port)") }
    }

    deinit { close(fd) }

    /// Sends one line and reads the next line back, parsed.
    func ask(_ line: String) throws -> JSONValue {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let text = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return try JSONParser.parse(text)
            }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw FixtureError("the server closed the connection") }
            pending += buffer[..<n]
        }
    }
}
