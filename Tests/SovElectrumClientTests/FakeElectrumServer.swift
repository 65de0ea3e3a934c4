import Crypto
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import SovElectrumClient
import SwiftASN1
import X509

/// A scripted stand-in for an Electrum server on loopback, for testing `SovElectrumClient`: it hands every line
/// (or WebSocket text frame) it receives to the test's closure together with the peer, which answers what the
/// test wants, including nothing, garbage, or a closed connection.
final class FakeElectrumServer: Sendable {
    /// Lines over TCP (or TLS), or WebSocket frames after an HTTP upgrade.
    enum Framing: Sendable { case lines, webSocket }

    /// A connected client as the server sees it.
    struct Peer: Sendable {
        let channel: any Channel
        let framing: Framing

        /// Sends one message: a newline-terminated line, or an unmasked text frame.
        func send(_ text: String) {
            var buffer = channel.allocator.buffer(string: text)
            switch framing {
            case .lines:
                buffer.writeString("\n")
                channel.writeAndFlush(buffer, promise: nil)
            case .webSocket:
                channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, data: buffer), promise: nil)
            }
        }

        /// Sends bytes as they are (line framing only).
        func sendRaw(_ text: String) {
            channel.writeAndFlush(channel.allocator.buffer(string: text), promise: nil)
        }

        func close() { channel.close(promise: nil) }
    }

    let channel: any Channel
    let port: Int
    /// The heads of the WebSocket upgrade requests received.
    let upgradeRequests = NIOLockedValueBox<[HTTPRequestHead]>([])

    /// - Parameters:
    ///   - tls: the server's TLS configuration (nil: plain TCP).
    ///   - acceptUpgrade: whether a WebSocket upgrade request is accepted (refused ones are answered 401).
    ///   - onMessage: called on the event loop with each message received.
    init(framing: Framing, tls: TLSConfiguration? = nil,
         acceptUpgrade: @escaping @Sendable (HTTPRequestHead) -> Bool = { _ in true },
         onMessage: @escaping @Sendable (String, Peer) -> Void) async throws {
        let sslContext = try tls.map { try NIOSSLContext(configuration: $0) }
        let requests = upgradeRequests
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext { try pipeline.addHandler(NIOSSLServerHandler(context: sslContext)) }
                    switch framing {
                    case .lines:
                        try pipeline.addHandler(ServerLineHandler(peer: Peer(channel: channel, framing: .lines), onMessage: onMessage))
                    case .webSocket:
                        let upgrader = NIOWebSocketServerUpgrader(maxFrameSize: 1 << 24) { channel, head in
                            requests.withLockedValue { $0.append(head) }
                            return channel.eventLoop.makeSucceededFuture(acceptUpgrade(head) ? HTTPHeaders() : nil)
                        } upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                // The refusal responder sits where the frames now pass: take it out.
                                let responder = try channel.pipeline.syncOperations.handler(type: UnauthorizedResponder.self)
                                channel.pipeline.syncOperations.removeHandler(responder, promise: nil)
                                try channel.pipeline.syncOperations.addHandler(
                                    ServerFrameHandler(peer: Peer(channel: channel, framing: .webSocket), onMessage: onMessage))
                            }
                        }
                        try pipeline.configureHTTPServerPipeline(withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
                        try pipeline.addHandler(UnauthorizedResponder())
                    }
                }
            }
        channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    func address(_ transport: ElectrumTransportKind) -> ElectrumServerAddress {
        ElectrumServerAddress(host: "127.0.0.1", port: port, transport: transport)
    }

    func stop() async {
        try? await channel.close().get()
    }
}

/// Splits the bytes a client sent into lines.
private final class ServerLineHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let peer: FakeElectrumServer.Peer
    let onMessage: @Sendable (String, FakeElectrumServer.Peer) -> Void
    var pending: [UInt8] = []

    init(peer: FakeElectrumServer.Peer, onMessage: @escaping @Sendable (String, FakeElectrumServer.Peer) -> Void) {
        self.peer = peer
        self.onMessage = onMessage
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending += Self.unwrapInboundIn(data).readableBytesView
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: pending[..<newline], as: UTF8.self)
            pending.removeSubrange(...newline)
            onMessage(line, peer)
        }
    }
}

/// Hands each text frame a client sent to the test; answers close frames.
private final class ServerFrameHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame
    let peer: FakeElectrumServer.Peer
    let onMessage: @Sendable (String, FakeElectrumServer.Peer) -> Void

    init(peer: FakeElectrumServer.Peer, onMessage: @escaping @Sendable (String, FakeElectrumServer.Peer) -> Void) {
        self.peer = peer
        self.onMessage = onMessage
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            onMessage(String(buffer: frame.unmaskedData), peer)
        case .connectionClose:
            let channel = context.channel
            context.writeAndFlush(Self.wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: frame.unmaskedData)))
                .whenComplete { _ in channel.close(promise: nil) }
        default:
            break
        }
    }
}

/// Answers an HTTP request that was not upgraded with 401 and closes.
private final class UnauthorizedResponder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = Self.unwrapInboundIn(data) else { return }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Length", value: "0")
        headers.add(name: "Connection", value: "close")
        context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .unauthorized, headers: headers))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}

/// A self-signed certificate for `localhost`, made for one test.
struct SelfSignedCertificate {
    let certificate: NIOSSLCertificate
    let key: NIOSSLPrivateKey
    let certificatePEM: [UInt8]
    let keyPEM: [UInt8]
    /// SHA-256 of the certificate's DER encoding, lower-case hex, computed here from the DER we serialized.
    let fingerprint: String

    init(commonName: String = "localhost") throws {
        let signingKey = P256.Signing.PrivateKey()
        let privateKey = Certificate.PrivateKey(signingKey)
        let name = try DistinguishedName { CommonName(commonName) }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: privateKey.publicKey,
            notValidBefore: now - 3600, notValidAfter: now + 3600, issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions { SubjectAlternativeNames([.dnsName(commonName)]) },
            issuerPrivateKey: privateKey)
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        let der = serializer.serializedBytes
        fingerprint = SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined()
        certificatePEM = Array(try certificate.serializeAsPEM().pemString.utf8)
        keyPEM = Array(try privateKey.serializeAsPEM().pemString.utf8)
        self.certificate = try NIOSSLCertificate(bytes: der, format: .der)
        key = try NIOSSLPrivateKey(bytes: keyPEM, format: .pem)
    }

    /// A server configuration presenting this certificate.
    var serverConfiguration: TLSConfiguration {
        TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
    }
}
