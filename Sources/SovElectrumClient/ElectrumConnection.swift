import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import SovElectrumFraming

/// A connection to an Electrum server at the level of lines: raw bytes and lines out, lines in.
///
/// Over TCP and TLS a message is one newline-terminated line; over WebSocket it is one text frame (`send(line:)`
/// sends a text frame and each text or binary frame received is one "line"). Tests use it to send malformed input
/// and read exactly what the server answers; `ElectrumClient` puts JSON-RPC on top.
public final class ElectrumConnection: Sendable {
    /// The longest line accepted by default: 64 MiB, since a script's history can be large.
    public static let defaultMaxLineBytes = 64 << 20

    /// Where this connection goes.
    public let address: ElectrumServerAddress
    /// The longest line (or WebSocket message) accepted; a longer one closes the connection with
    /// `ElectrumClientError.protocolViolation`.
    public let maxLineBytes: Int
    /// The SHA-256 of the server's leaf certificate (DER) as 64 lower-case hex digits; nil without TLS.
    public let peerCertificateFingerprint: String?

    let channel: any Channel
    let inbox: LineInbox

    var eventLoop: any EventLoop { channel.eventLoop }

    private init(address: ElectrumServerAddress, maxLineBytes: Int, peerCertificateFingerprint: String?,
                 channel: any Channel, inbox: LineInbox) {
        self.address = address
        self.maxLineBytes = maxLineBytes
        self.peerCertificateFingerprint = peerCertificateFingerprint
        self.channel = channel
        self.inbox = inbox
    }

    deinit {
        channel.close(promise: nil)
    }

    /// Connects, completes the TLS handshake and the WebSocket upgrade as the transport requires, and returns
    /// once lines can be exchanged.
    ///
    /// - Parameters:
    ///   - address: the server.
    ///   - tls: how to trust the server's certificate (TLS and `wss` only).
    ///   - headers: extra HTTP headers for the WebSocket upgrade request, e.g. `("Authorization", "Bearer …")`.
    ///   - timeout: the most the whole setup may take; `ElectrumClientError.timeout` after it.
    ///   - maxLineBytes: the longest line accepted.
    /// - Throws: `ElectrumClientError.connect` when the server cannot be reached, the handshake fails, the
    ///   certificate does not match its pin or the upgrade is refused; `.timeout`.
    public static func connect(to address: ElectrumServerAddress, tls: ElectrumClientTLS = .acceptAny,
                               headers: [(String, String)] = [], timeout: Duration = .seconds(10),
                               maxLineBytes: Int = defaultMaxLineBytes) async throws -> ElectrumConnection {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let inbox = LineInbox()
        let seenFingerprint = NIOLockedValueBox<String?>(nil)
        let limit = timeout.timeAmount
        let maxLineBytes = max(1, maxLineBytes)
        let ready = eventLoop.makePromise(of: Void.self)
        let timer = eventLoop.scheduleTask(in: limit) { ready.fail(ElectrumClientError.timeout) }
        let requestHeaders = headers
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(limit)
            .channelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if address.transport.usesTLS {
                        try pipeline.addHandler(tls.makeHandler(host: address.host, seenFingerprint: seenFingerprint))
                    }
                    if address.transport.usesWebSocket {
                        let upgraded = try addWebSocketUpgrade(to: channel, address: address, headers: requestHeaders,
                                                               maxMessageBytes: maxLineBytes, inbox: inbox, ready: ready)
                        upgraded.whenComplete { result in
                            switch result {
                            case .success(true): ready.succeed(())
                            // A refusal is reported by `UpgradeRefusalHandler` with its status; this is the fallback.
                            case .success(false):
                                channel.eventLoop.execute {
                                    ready.fail(ElectrumClientError.connect("the server refused the WebSocket upgrade"))
                                }
                            case .failure(let error): ready.fail(error)
                            }
                        }
                    } else {
                        try pipeline.addHandler(ByteToMessageHandler(ElectrumLineDecoder(maximumLength: maxLineBytes)))
                        try pipeline.addHandler(LineDeliveryHandler(inbox: inbox, handshake: address.transport.usesTLS ? ready : nil, maxLineBytes: maxLineBytes))
                    }
                    channel.closeFuture.whenComplete { _ in
                        ready.fail(ElectrumClientError.connect("the server closed the connection before it was ready"))
                    }
                }
            }
        let connecting = bootstrap.connect(host: address.host, port: address.port)
        connecting.whenComplete { result in
            switch result {
            case .success: if address.transport == .tcp { ready.succeed(()) }
            case .failure(let error): ready.fail(error)
            }
        }
        var connected: (any Channel)?
        do {
            let channel = try await connecting.get()
            connected = channel
            try await ready.futureResult.get()
            timer.cancel()
            var fingerprint: String?
            if address.transport.usesTLS {
                fingerprint = try await channel.nioSSL_peerCertificate().get().flatMap(ElectrumClientTLS.fingerprint(of:))
            }
            return ElectrumConnection(address: address, maxLineBytes: maxLineBytes, peerCertificateFingerprint: fingerprint,
                                      channel: channel, inbox: inbox)
        } catch {
            timer.cancel()
            connected?.close(promise: nil)
            throw connectError(error, address: address, tls: tls, seenFingerprint: seenFingerprint.withLockedValue { $0 })
        }
    }

    /// Adds the HTTP client and WebSocket upgrade handlers; the future says whether the server upgraded.
    private static func addWebSocketUpgrade(to channel: any Channel, address: ElectrumServerAddress,
                                            headers: [(String, String)], maxMessageBytes: Int, inbox: LineInbox,
                                            ready: EventLoopPromise<Void>) throws -> EventLoopFuture<Bool> {
        let frameLimit = min(maxMessageBytes, Int(UInt32.max))
        let upgrader = NIOTypedWebSocketClientUpgrader<Bool>(maxFrameSize: frameLimit) { channel, _ in
            channel.eventLoop.makeCompletedFuture {
                let aggregator = NIOWebSocketFrameAggregator(minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1 << 20,
                                                             maxAccumulatedFrameSize: maxMessageBytes)
                try channel.pipeline.syncOperations.addHandlers([
                    aggregator, WebSocketTextHandler(), LineDeliveryHandler(inbox: inbox, handshake: nil, maxLineBytes: maxMessageBytes),
                ])
                return true
            }
        }
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: address.path)
        head.headers.add(name: "Host", value: address.authority)
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        let upgrade = NIOTypedHTTPClientUpgradeConfiguration<Bool>(upgradeRequestHead: head, upgraders: [upgrader]) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(UpgradeRefusalHandler(ready: ready))
                return false
            }
        }
        return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
            configuration: NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: upgrade))
    }

    /// Turns whatever failed during setup into an `ElectrumClientError`.
    private static func connectError(_ error: any Error, address: ElectrumServerAddress, tls: ElectrumClientTLS,
                                      seenFingerprint: String?) -> ElectrumClientError {
        if case .pinnedFingerprint(let pin) = tls.trust, let seenFingerprint,
           seenFingerprint != ElectrumClientTLS.normalizedFingerprint(pin) {
            return .connect("\(address): the server's certificate fingerprint \(seenFingerprint) is not the pinned \(pin)")
        }
        switch error {
        case let error as ElectrumClientError:
            if case .connect(let reason) = error { return .connect("\(address): \(reason)") }
            return error
        case ChannelError.connectTimeout: return .timeout
        case let error as NIOSSLError: return .connect("\(address): TLS: \(error)")
        case let error as BoringSSLError: return .connect("\(address): TLS: \(error)")
        case let error as NIOHTTPClientUpgradeError: return .connect("\(address): WebSocket upgrade failed: \(error)")
        default: return .connect("\(address): \(error)")
        }
    }

    /// Sends one line: the text and `\n` over TCP and TLS; one text frame over WebSocket.
    public func send(line: String) async throws {
        try await write(Array(line.utf8), terminated: true).get()
    }

    /// Sends bytes as they are: no newline is added over TCP and TLS; over WebSocket they are one text frame.
    public func send(bytes: [UInt8]) async throws {
        try await write(bytes, terminated: false).get()
    }

    /// Writes a message; `terminated` adds the newline that ends a line on TCP and TLS.
    /// The future fails with `ElectrumClientError.closed` when the connection is gone.
    func write(_ bytes: [UInt8], terminated: Bool) -> EventLoopFuture<Void> {
        var buffer = channel.allocator.buffer(capacity: bytes.count + 1)
        buffer.writeBytes(bytes)
        let written: EventLoopFuture<Void>
        if address.transport.usesWebSocket {
            written = channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: buffer))
        } else {
            if terminated { buffer.writeInteger(UInt8(ascii: "\n")) }
            written = channel.writeAndFlush(buffer)
        }
        return written.flatMapErrorThrowing { _ in throw ElectrumClientError.closed }
    }

    /// The next line (or WebSocket message) from the server, without its newline; nil once the server closed the
    /// connection and every earlier line was read. Invalid UTF-8 is replaced by U+FFFD.
    ///
    /// - Throws: `ElectrumClientError.timeout` when no line came within `timeout` (the connection stays open),
    ///   `.protocolViolation` when the server sent a line over `maxLineBytes`.
    public func nextLine(timeout: Duration) async throws -> String? {
        try await inbox.next(timeout: timeout.timeAmount, on: eventLoop).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the connection has closed (every received line may not have been read yet).
    public var isClosed: Bool { !channel.isActive }

    /// Closes the connection (sending a WebSocket close frame first) and waits until it is closed.
    public func close() async {
        if address.transport.usesWebSocket, channel.isActive {
            var code = channel.allocator.buffer(capacity: 2)
            code.write(webSocketErrorCode: .normalClosure)
            let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: code)
            try? await channel.writeAndFlush(frame).get()
        }
        try? await channel.close().get()
        inbox.finish(.closed)
    }
}
