import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import SovElectrum
import SovElectrumClient
import SovJSON
import Testing

/// `SovElectrumClient` against `FakeElectrumServer`: address parsing, JSON-RPC over TCP (calls, batches,
/// notifications, closes, timeouts, malformed answers), the line-level connection, TLS trust (pins, client
/// certificates) and WebSocket (plain and over TLS).
struct ElectrumClientTests {
    /// Setup and call timeouts for connections meant to succeed: a full test run keeps the cooperative pool
    /// busy for a minute or more, and a short timeout would then fire before the test could go on. Tests of
    /// timeouts set their own.
    static let patient: Duration = .seconds(300)

    // MARK: - Addresses

    @Test func parsesElectrumServerStrings() throws {
        #expect(try ElectrumServerAddress(parsing: "electrum.example.org:50001:t")
                == ElectrumServerAddress(host: "electrum.example.org", port: 50001, transport: .tcp))
        #expect(try ElectrumServerAddress(parsing: "electrum.example.org:50002:s")
                == ElectrumServerAddress(host: "electrum.example.org", port: 50002, transport: .tls))
        #expect(try ElectrumServerAddress(parsing: "127.0.0.1:1:t") == ElectrumServerAddress(host: "127.0.0.1", port: 1, transport: .tcp))
        #expect(try ElectrumServerAddress(parsing: "[::1]:50002:s") == ElectrumServerAddress(host: "::1", port: 50002, transport: .tls))
        #expect(try ElectrumServerAddress(parsing: "[2001:db8::7]:65535:t")
                == ElectrumServerAddress(host: "2001:db8::7", port: 65535, transport: .tcp))
        let onion = "explorerzydxu5ecjrkwceayqybizmpjjznk5izmitf2modhcusuqlid.onion:110:t"
        #expect(try ElectrumServerAddress(parsing: onion).host == "explorerzydxu5ecjrkwceayqybizmpjjznk5izmitf2modhcusuqlid.onion")
    }

    @Test func parsesURLs() throws {
        #expect(try ElectrumServerAddress(parsing: "tcp://host.example:50001")
                == ElectrumServerAddress(host: "host.example", port: 50001, transport: .tcp))
        #expect(try ElectrumServerAddress(parsing: "ssl://host.example:50002")
                == ElectrumServerAddress(host: "host.example", port: 50002, transport: .tls))
        #expect(try ElectrumServerAddress(parsing: "TLS://host.example:50002/")
                == ElectrumServerAddress(host: "host.example", port: 50002, transport: .tls))
        #expect(try ElectrumServerAddress(parsing: "ws://host.example:50003/electrum")
                == ElectrumServerAddress(host: "host.example", port: 50003, transport: .webSocket, path: "/electrum"))
        #expect(try ElectrumServerAddress(parsing: "wss://host.example:50004")
                == ElectrumServerAddress(host: "host.example", port: 50004, transport: .secureWebSocket, path: "/"))
        #expect(try ElectrumServerAddress(parsing: "wss://host.example")
                == ElectrumServerAddress(host: "host.example", port: 443, transport: .secureWebSocket, path: "/"))
        #expect(try ElectrumServerAddress(parsing: "ws://host.example")
                == ElectrumServerAddress(host: "host.example", port: 80, transport: .webSocket, path: "/"))
        #expect(try ElectrumServerAddress(parsing: "ws://[::1]:8080/a/b?x=1")
                == ElectrumServerAddress(host: "::1", port: 8080, transport: .webSocket, path: "/a/b?x=1"))
        #expect(try ElectrumServerAddress(parsing: "tcp://[fe80::1]:50001")
                == ElectrumServerAddress(host: "fe80::1", port: 50001, transport: .tcp))
    }

    @Test func rejectsBadAddresses() {
        let bad = [
            "", " ", "host", "host:50001", "host:50001:x", "host:50001:", "host::t", ":50001:t", "host:0:t", "host:65536:s",
            "host:-1:t", "host:+5:t", "host:5x:t", "host:123456:t", "::1:50001:t", "[::1:50001:t", "[::1]50001:t",
            "[host]:50001:t", "ho st:50001:t", "host:50001:t ", "http://host:80", "tcp://host", "ssl://host",
            "tcp://host:50001/path", "tcp://user@host:50001", "ws://:80/", "ws://host:0/", "wss://host:99999/",
            "ws://host/#frag", "tcp://", "://host:1", "hôst:50001:t",
        ]
        for text in bad {
            #expect(ElectrumServerAddress(text) == nil, "accepted \(text)")
            #expect(throws: ElectrumServerAddress.ParseError.self) { try ElectrumServerAddress(parsing: text) }
        }
    }

    @Test func describesAddressesInTheirOwnSpelling() throws {
        for text in ["h.example:50001:t", "h.example:50002:s", "[::1]:50002:s", "ws://h.example:80/", "wss://[::1]:443/e?x"] {
            #expect(try ElectrumServerAddress(parsing: text).description == text)
            #expect(try ElectrumServerAddress(parsing: try ElectrumServerAddress(parsing: text).description)
                    == ElectrumServerAddress(parsing: text))
        }
        #expect(try ElectrumServerAddress(parsing: "tls://h.example:50002").description == "h.example:50002:s")
    }

    // MARK: - JSON-RPC over TCP

    /// Answers like a tiny Electrum server: `echo` returns its params, `fail` an error, `silent` nothing,
    /// `hangup` closes, `notify` sends a notification first; batches are answered in reverse order.
    static func scripted(_ line: String, _ peer: FakeElectrumServer.Peer) {
        guard let request = try? JSONParser.parse(line) else {
            peer.send(#"{"jsonrpc":"2.0","error":{"code":-32700,"message":"parse error"},"id":null}"#)
            return
        }
        if let items = request.arrayValue {
            let answers = items.compactMap(answer).reversed()
            peer.send(JSONValue.array(Array(answers)).compact)
            return
        }
        if request["method"]?.stringValue == "hangup" { peer.close(); return }
        if request["method"]?.stringValue == "notify" {
            peer.send(#"{"jsonrpc":"2.0","method":"blockchain.headers.subscribe","params":[{"height":7,"hex":"00"}]}"#)
        }
        if let answer = answer(to: request) { peer.send(answer.compact) }
    }

    static func answer(to request: JSONValue) -> JSONValue? {
        guard let id = request["id"] else { return nil }
        switch request["method"]?.stringValue {
        case "silent"?: return nil
        case "fail"?:
            return .object(JSONObject([("jsonrpc", .string("2.0")),
                                       ("error", .object(JSONObject([("code", .number("1")), ("message", .string("unknown scripthash"))]))),
                                       ("id", id)]))
        default:
            return .object(JSONObject([("jsonrpc", .string("2.0")), ("result", request["params"] ?? .null), ("id", id)]))
        }
    }

    @Test func callRoundTripOverTCP() async throws {
        let received = NIOLockedValueBox<[String]>([])
        let server = try await FakeElectrumServer(framing: .lines) { line, peer in
            received.withLockedValue { $0.append(line) }
            Self.scripted(line, peer)
        }
        let client = try await ElectrumClient.connect(to: server.address(.tcp), timeout: Self.patient, callTimeout: Self.patient)
        let result = try await client.call("echo", [.string("sov 0.1"), .array([.string("1.4"), .string("1.6")])])
        #expect(result == .array([.string("sov 0.1"), .array([.string("1.4"), .string("1.6")])]))
        #expect(try await client.call("echo") == .array([]))
        // What went over the wire: one JSON-RPC 2.0 request per line, integer ids that differ.
        let lines = received.withLockedValue { $0 }
        #expect(lines.count == 2)
        let first = try JSONParser.parse(lines[0])
        #expect(first["jsonrpc"] == .string("2.0"))
        #expect(first["method"] == .string("echo"))
        #expect(first["params"] == .array([.string("sov 0.1"), .array([.string("1.4"), .string("1.6")])]))
        let second = try JSONParser.parse(lines[1])
        #expect(first["id"]?.intValue != nil && second["id"]?.intValue != nil && first["id"] != second["id"])
        await client.close()
        await server.stop()
    }

    @Test func serverErrorsAreThrown() async throws {
        let server = try await FakeElectrumServer(framing: .lines, onMessage: Self.scripted)
        let client = try await ElectrumClient.connect(to: server.address(.tcp), timeout: Self.patient, callTimeout: Self.patient)
        await #expect(throws: ElectrumClientError.server(code: 1, message: "unknown scripthash")) {
            try await client.call("fail", [.string("00")])
        }
        // The connection is still fine afterwards.
        #expect(try await client.call("echo", [.int(1)]) == .array([.int(1)]))
        await client.close()
        await server.stop()
    }

    @Test func batchAnswersComeBackInCallOrder() async throws {
        let received = NIOLockedValueBox<[String]>([])
        let server = try await FakeElectrumServer(framing: .lines) { line, peer in
            received.withLockedValue { $0.append(line) }
            Self.scripted(line, peer)
        }
        let client = try await ElectrumClient.connect(to: server.address(.tcp), timeout: Self.patient, callTimeout: Self.patient)
        let outcomes = try await client.batch([
            (method: "echo", params: [.int(1)]),
            (method: "fail", params: []),
            (method: "echo", params: [.string("three")]),
        ])
        #expect(outcomes.count == 3)
        #expect(try outcomes[0].get() == .array([.int(1)]))
        #expect(throws: ElectrumClientError.server(code: 1, message: "unknown scripthash")) { try outcomes[1].get() }
        #expect(try outcomes[2].get() == .array([.string("three")]))
        // The batch went out as one line holding a JSON array of three requests.
        let lines = received.withLockedValue { $0 }
        #expect(lines.count == 1)
        #expect(try JSONParser.parse(lines[0]).arrayValue?.count == 3)
        #expect(try await client.batch([(method: String, params: [JSONValue])]()).isEmpty)
        #expect(try await client.batch([ElectrumCall]()).isEmpty)
        await client.close()
        await server.stop()
    }

    @Test func answersAreMatchedByIDAmongNotifications() async throws {
        // `slow` is answered only after `fast` arrives, and after `fast`'s answer; notifications come in between.
        let held = NIOLockedValueBox<JSONValue?>(nil)
        let server = try await FakeElectrumServer(framing: .lines) { line, peer in
            guard let request = try? JSONParser.parse(line) else { return }
            switch request["method"]?.stringValue {
            case "slow"?:
                held.withLockedValue { $0 = request }
                peer.send(#"{"jsonrpc":"2.0","method":"blockchain.scripthash.subscribe","params":["aa","status1"]}"#)
            case "fast"?:
                peer.send(Self.answer(to: request)!.compact)
                peer.send(#"{"jsonrpc":"2.0","method":"blockchain.headers.subscribe","params":[{"height":8}]}"#)
                if let slow = held.withLockedValue({ $0 }) { peer.send(Self.answer(to: slow)!.compact) }
            default: Self.scripted(line, peer)
            }
        }
        let client = try await ElectrumClient.connect(to: server.address(.tcp), timeout: Self.patient, callTimeout: Self.patient)
        var notifications = client.notifications.makeAsyncIterator()
        async let slow = client.call("slow", [.string("s")])
        let first = await notifications.next()
        #expect(first == ElectrumNotification(method: "blockchain.scripthash.subscribe", params: [.string("aa"), .string("status1")]))
        #expect(try await client.call("fast", [.string("f")]) == .array([.string("f")]))
        #expect(try await slow == .array([.string("s")]))
        let second = await notifications.next()
        #expect(second?.method == "blockchain.headers.subscribe")
        #expect(second?.params.first?["height"]?.intValue == 8)
        // A call whose answer is preceded by a notification on the same line sequence.
        #expect(try await client.call("notify", [.int(5)]) == .array([.int(5)]))
        let third = await notifications.next()
        #expect(third?.params.first?["height"]?.intValue == 7)
        await client.close()
        #expect(await notifications.next() == nil)
        await server.stop()
    }

    @Test func serverClosingFailsPendingCalls() async throws {
        let server = try await FakeElectrumServer(framing: .lines, onMessage: Self.scripted)
        let client = try await ElectrumClient.connect(to: server.address(.tcp), timeout: Self.patient, callTimeout: Self.patient)
        let waiting = Task { try await client.call("silent") }
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: ElectrumClientError.closed) { try await client.call("hangup") }
        await #expect(throws: ElectrumClientError.closed) { try await waiting.value }
        await #expect(throws: ElectrumClientError.closed) { try await client.call("echo") }
        await #expect(throws: ElectrumClientError.closed) { try await client.batch([(method: "echo", params: [])]) }
        var notifications = client.notifications.makeAsyncIterator()
        #expect(await notifications.next() == nil)
        await server.stop()
    }

    @Test func clientCloseFailsPendingCalls() async throws {
        let server = try await FakeElectrumServer(framing: .lines, onMessage: Self.scripted)
        let client = try await ElectrumClient.connect(to: server.address(.tcp), timeout: Self.patient, callTimeout: Self.patient)
        let waiting = Task { try await client.call("silent") }
        try await Task.sleep(for: .milliseconds(50))
        await client.close()
        await #expect(throws: ElectrumClientError.closed) { try await waiting.value }
        await server.stop()
    }

    @Test func unansweredCallsTimeOut() async throws {
        let server = try await FakeElectrumServer(framing: .lines, onMessage: Self.scripted)
        // Long enough that the answered call at the end comes back in time on a loaded 2-core machine (200 ms
        // did not, under CI); the unanswered ones still end in a bounded time.
        let client = try await ElectrumClient.connect(to: server.address(.tcp), timeout: Self.patient, callTimeout: .seconds(2))
        let start = ContinuousClock.now
        await #expect(throws: ElectrumClientError.timeout) { try await client.call("silent") }
        #expect(ContinuousClock.now - start >= .milliseconds(1_900))
        await #expect(throws: ElectrumClientError.timeout) {
            try await client.batch([(method: "echo", params: []), (method: "silent", params: [])])
        }
        // A timeout does not end the connection.
        #expect(try await client.call("echo", [.bool(true)]) == .array([.bool(true)]))
        await client.close()
        await server.stop()
    }

    @Test func cancellingACallStopsWaiting() async throws {
        let server = try await FakeElectrumServer(framing: .lines, onMessage: Self.scripted)
        let client = try await ElectrumClient.connect(to: server.address(.tcp), timeout: Self.patient, callTimeout: Self.patient)
        let task = Task { try await client.call("silent") }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(try await client.call("echo") == .array([]))
        await client.close()
        await server.stop()
    }

    @Test func malformedAnswersFailTheirCall() async throws {
        let server = try await FakeElectrumServer(framing: .lines) { line, peer in
            guard let request = try? JSONParser.parse(line), let id = request["id"] else { return }
            switch request["method"]?.stringValue {
            case "garbage"?:
                peer.send("this is not JSON")
                peer.send(#"{"jsonrpc":"2.0","result":"unrelated","id":987654}"#)
                peer.send(#"{"jsonrpc":"2.0","error":"a string, not an error object","id":\#(id.compact)}"#)
            default: Self.scripted(line, peer)
            }
        }
        let client = try await ElectrumClient.connect(to: server.address(.tcp), timeout: Self.patient, callTimeout: Self.patient)
        do {
            _ = try await client.call("garbage")
            Issue.record("a malformed answer was accepted")
        } catch let error as ElectrumClientError {
            guard case .protocolViolation = error else { Issue.record("unexpected \(error)"); return }
        }
        #expect(try await client.call("echo", [.null]) == .array([.null]))
        await client.close()
        await server.stop()
    }

    @Test func anOverlongLineIsAProtocolViolation() async throws {
        let server = try await FakeElectrumServer(framing: .lines) { line, peer in
            guard let request = try? JSONParser.parse(line), let id = request["id"] else { return }
            peer.send(#"{"jsonrpc":"2.0","result":"\#(String(repeating: "a", count: 200))","id":\#(id.compact)}"#)
        }
        let client = try await ElectrumClient.connect(to: server.address(.tcp), timeout: Self.patient, maxLineBytes: 100, callTimeout: Self.patient)
        await #expect(throws: ElectrumClientError.protocolViolation("a line is longer than 100 bytes")) {
            try await client.call("echo")
        }
        await #expect(throws: ElectrumClientError.self) { try await client.call("echo") }
        await server.stop()
    }

    // MARK: - The line-level connection

    @Test func connectionSendsRawBytesAndReadsLines() async throws {
        let received = NIOLockedValueBox<[String]>([])
        let server = try await FakeElectrumServer(framing: .lines) { line, peer in
            received.withLockedValue { $0.append(line) }
            if line == "bye" {
                peer.sendRaw("first\r\nsecond\nlast without newline")
                peer.close()
            } else {
                peer.send("got \(line.count) bytes")
            }
        }
        let connection = try await ElectrumConnection.connect(to: server.address(.tcp), timeout: Self.patient)
        #expect(connection.peerCertificateFingerprint == nil)
        await #expect(throws: ElectrumClientError.timeout) { try await connection.nextLine(timeout: .milliseconds(100)) }
        try await connection.send(bytes: Array(#"{"id":1,"#.utf8))
        try await connection.send(bytes: Array(#""method":"#.utf8))
        try await connection.send(line: #""x"}"#)
        let joined = #"{"id":1,"method":"x"}"#
        #expect(try await connection.nextLine(timeout: Self.patient) == "got \(joined.count) bytes")
        #expect(received.withLockedValue { $0 } == [joined])
        try await connection.send(line: "bye")
        #expect(try await connection.nextLine(timeout: Self.patient) == "first")
        #expect(try await connection.nextLine(timeout: Self.patient) == "second")
        #expect(try await connection.nextLine(timeout: Self.patient) == "last without newline")
        #expect(try await connection.nextLine(timeout: Self.patient) == nil)
        #expect(try await connection.nextLine(timeout: Self.patient) == nil)
        await #expect(throws: ElectrumClientError.closed) { try await connection.send(line: "again") }
        await connection.close()
        await server.stop()
    }

    @Test func connectionRefusesAnOverlongLine() async throws {
        let server = try await FakeElectrumServer(framing: .lines) { _, peer in
            peer.send("short")
            peer.sendRaw(String(repeating: "x", count: 5000))
        }
        let connection = try await ElectrumConnection.connect(to: server.address(.tcp), timeout: Self.patient, maxLineBytes: 1000)
        try await connection.send(line: "go")
        #expect(try await connection.nextLine(timeout: Self.patient) == "short")
        await #expect(throws: ElectrumClientError.protocolViolation("a line is longer than 1000 bytes")) {
            try await connection.nextLine(timeout: Self.patient)
        }
        await connection.close()
        await server.stop()
    }

    @Test func connectingToAClosedPortFails() async throws {
        // A port held by a socket that is bound but not listening: closed for certain, and no other test's
        // server can take it in between (a port freed by stopping a server could be reused at once).
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var bound = sockaddr_in()
        bound.sin_family = sa_family_t(AF_INET)
        bound.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, length) } }
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(holder, $0, &length) } }
        let address = ElectrumServerAddress(host: "127.0.0.1", port: Int(UInt16(bigEndian: bound.sin_port)), transport: .tcp)
        do {
            _ = try await ElectrumConnection.connect(to: address, timeout: .seconds(5))
            Issue.record("connected to a closed port")
        } catch let error as ElectrumClientError {
            guard case .connect(let reason) = error else { Issue.record("unexpected \(error)"); return }
            #expect(reason.contains(address.description))
        }
    }

    @Test func connectTimesOutWhenTheUpgradeIsNeverAnswered() async throws {
        // A line server never answers the HTTP upgrade request.
        let server = try await FakeElectrumServer(framing: .lines) { _, _ in }
        let address = ElectrumServerAddress(host: "127.0.0.1", port: server.port, transport: .webSocket)
        // Without the timeout the connect would wait forever: ending with `.timeout` (not another error, not
        // an answer) is the proof. No stopwatch: under a full `swift test` run this process's threads are
        // starved for over a minute at times (a 60 s bound failed in CI), and timings belong in sov-bench.
        await #expect(throws: ElectrumClientError.timeout) {
            _ = try await ElectrumConnection.connect(to: address, timeout: .milliseconds(300))
        }
        await server.stop()
    }

    // MARK: - TLS

    @Test func tlsWithAPinnedFingerprint() async throws {
        let certificate = try SelfSignedCertificate()
        let server = try await FakeElectrumServer(framing: .lines, tls: certificate.serverConfiguration, onMessage: Self.scripted)
        // Upper case with colons, as certificate tools print it.
        var colonned: [String] = []
        var hex = Substring(certificate.fingerprint.uppercased())
        while !hex.isEmpty { colonned.append(String(hex.prefix(2))); hex = hex.dropFirst(2) }
        for pin in [certificate.fingerprint, colonned.joined(separator: ":")] {
            let client = try await ElectrumClient.connect(to: server.address(.tls), tls: .pinned(sha256: pin), timeout: Self.patient, callTimeout: Self.patient)
            #expect(client.connection.peerCertificateFingerprint == certificate.fingerprint)
            #expect(try await client.call("echo", [.string("over tls")]) == .array([.string("over tls")]))
            await client.close()
        }
        // acceptAny reports the fingerprint for trust on first use.
        let any = try await ElectrumConnection.connect(to: server.address(.tls), tls: .acceptAny, timeout: Self.patient)
        #expect(any.peerCertificateFingerprint == certificate.fingerprint)
        await any.close()
        await server.stop()
    }

    @Test func tlsRefusesAnotherCertificate() async throws {
        let certificate = try SelfSignedCertificate()
        let other = try SelfSignedCertificate()
        let server = try await FakeElectrumServer(framing: .lines, tls: certificate.serverConfiguration, onMessage: Self.scripted)
        do {
            _ = try await ElectrumClient.connect(to: server.address(.tls), tls: .pinned(sha256: other.fingerprint), timeout: Self.patient, callTimeout: Self.patient)
            Issue.record("connected despite a fingerprint mismatch")
        } catch let error as ElectrumClientError {
            guard case .connect(let reason) = error else { Issue.record("unexpected \(error)"); return }
            #expect(reason.contains(certificate.fingerprint))
            #expect(reason.contains(other.fingerprint))
        }
        // A self-signed certificate does not chain to the system's roots.
        await #expect(throws: ElectrumClientError.self) {
            _ = try await ElectrumConnection.connect(to: server.address(.tls), tls: .systemRoots, timeout: Self.patient)
        }
        // A pin that is not a SHA-256.
        await #expect(throws: ElectrumClientError.self) {
            _ = try await ElectrumConnection.connect(to: server.address(.tls), tls: .pinned(sha256: "abcd"), timeout: Self.patient)
        }
        await server.stop()
    }

    @Test func tlsClientCertificate() async throws {
        let serverCertificate = try SelfSignedCertificate()
        let clientCertificate = try SelfSignedCertificate(commonName: "wallet")
        var configuration = serverCertificate.serverConfiguration
        configuration.certificateVerification = .noHostnameVerification
        configuration.trustRoots = .certificates([clientCertificate.certificate])
        let server = try await FakeElectrumServer(framing: .lines, tls: configuration, onMessage: Self.scripted)
        let pinned = ElectrumClientTLS.pinned(sha256: serverCertificate.fingerprint)

        var fromBytes = pinned
        fromBytes.clientCertificate = .pem(certificate: clientCertificate.certificatePEM, key: clientCertificate.keyPEM)
        let client = try await ElectrumClient.connect(to: server.address(.tls), tls: fromBytes, timeout: Self.patient, callTimeout: Self.patient)
        #expect(try await client.call("echo", [.int(2)]) == .array([.int(2)]))
        await client.close()

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sov-client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificatePath = directory.appendingPathComponent("client.pem").path
        let keyPath = directory.appendingPathComponent("client.key").path
        try Data(clientCertificate.certificatePEM).write(to: URL(fileURLWithPath: certificatePath))
        try Data(clientCertificate.keyPEM).write(to: URL(fileURLWithPath: keyPath))
        var fromFiles = pinned
        fromFiles.clientCertificate = .files(certificatePath: certificatePath, keyPath: keyPath)
        let second = try await ElectrumClient.connect(to: server.address(.tls), tls: fromFiles, timeout: Self.patient, callTimeout: Self.patient)
        #expect(try await second.call("echo", [.int(3)]) == .array([.int(3)]))
        await second.close()

        // Without a certificate the server refuses: during the handshake, or (TLS 1.3) right after it.
        await #expect(throws: ElectrumClientError.self) {
            let refused = try await ElectrumClient.connect(to: server.address(.tls), tls: pinned, timeout: Self.patient, callTimeout: .seconds(5))
            _ = try await refused.call("echo")
        }
        await server.stop()
    }

    // MARK: - WebSocket

    @Test func webSocketRoundTrip() async throws {
        let server = try await FakeElectrumServer(framing: .webSocket, onMessage: Self.scripted)
        let address = ElectrumServerAddress(host: "127.0.0.1", port: server.port, transport: .webSocket, path: "/electrum")
        let client = try await ElectrumClient.connect(to: address, headers: [("Authorization", "Bearer secret")], timeout: Self.patient, callTimeout: Self.patient)
        #expect(try await client.call("echo", [.string("over ws")]) == .array([.string("over ws")]))
        let outcomes = try await client.batch([(method: "echo", params: [.int(1)]), (method: "fail", params: [])])
        #expect(try outcomes[0].get() == .array([.int(1)]))
        #expect(throws: ElectrumClientError.server(code: 1, message: "unknown scripthash")) { try outcomes[1].get() }
        var notifications = client.notifications.makeAsyncIterator()
        #expect(try await client.call("notify") == .array([]))
        #expect(await notifications.next()?.method == "blockchain.headers.subscribe")
        let request = try #require(server.upgradeRequests.withLockedValue { $0.first })
        #expect(request.uri == "/electrum")
        #expect(request.headers["Authorization"] == ["Bearer secret"])
        #expect(request.headers["Host"] == ["127.0.0.1:\(server.port)"])
        // The server closing fails what is pending and ends the notifications.
        await #expect(throws: ElectrumClientError.closed) { try await client.call("hangup") }
        #expect(await notifications.next() == nil)
        await server.stop()
    }

    @Test func webSocketConnectionCarriesOneMessagePerFrame() async throws {
        let server = try await FakeElectrumServer(framing: .webSocket) { text, peer in
            peer.send("[\(text.count)]")
            peer.send("second frame")
        }
        let connection = try await ElectrumConnection.connect(to: server.address(.webSocket), timeout: Self.patient)
        try await connection.send(line: "not json at all")
        #expect(try await connection.nextLine(timeout: Self.patient) == "[15]")
        #expect(try await connection.nextLine(timeout: Self.patient) == "second frame")
        await connection.close()
        #expect(try await connection.nextLine(timeout: Self.patient) == nil)
        await server.stop()
    }

    @Test func webSocketUpgradeRefused() async throws {
        let server = try await FakeElectrumServer(framing: .webSocket,
                                                  acceptUpgrade: { $0.headers["Authorization"] == ["Bearer right"] },
                                                  onMessage: Self.scripted)
        do {
            _ = try await ElectrumClient.connect(to: server.address(.webSocket), headers: [("Authorization", "Bearer wrong")], timeout: Self.patient, callTimeout: Self.patient)
            Issue.record("connected without the right credentials")
        } catch let error as ElectrumClientError {
            guard case .connect(let reason) = error else { Issue.record("unexpected \(error)"); return }
            #expect(reason.contains("401"))
        }
        let client = try await ElectrumClient.connect(to: server.address(.webSocket), headers: [("Authorization", "Bearer right")], timeout: Self.patient, callTimeout: Self.patient)
        #expect(try await client.call("echo") == .array([]))
        await client.close()
        await server.stop()
    }

    @Test func secureWebSocketRoundTrip() async throws {
        let certificate = try SelfSignedCertificate()
        let server = try await FakeElectrumServer(framing: .webSocket, tls: certificate.serverConfiguration, onMessage: Self.scripted)
        let client = try await ElectrumClient.connect(to: server.address(.secureWebSocket), tls: .pinned(sha256: certificate.fingerprint), timeout: Self.patient, callTimeout: Self.patient)
        #expect(client.connection.peerCertificateFingerprint == certificate.fingerprint)
        #expect(try await client.call("echo", [.string("over wss")]) == .array([.string("over wss")]))
        await client.close()
        await #expect(throws: ElectrumClientError.self) {
            _ = try await ElectrumClient.connect(to: server.address(.secureWebSocket),
                                                 tls: .pinned(sha256: try SelfSignedCertificate().fingerprint))
        }
        await server.stop()
    }
}
