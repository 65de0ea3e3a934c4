import NIOConcurrencyHelpers
import NIOCore
import SovElectrumFraming
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// The Electrum server's sockets: binds each listener (TCP, TLS, WebSocket, secure WebSocket) and builds every
/// accepted connection's pipeline around an `ElectrumConnectionHandler`.
public final class ElectrumServer: Sendable {
    public let context: ElectrumServerContext
    public let group: any EventLoopGroup
    private let tlsContext: NIOSSLContext?
    private let channels = NIOLockedValueBox<[any Channel]>([])

    /// `tls` (the server's certificate, and the client CA when client certificates are accepted) is needed
    /// for the `tls` and `wss` transports.
    public init(context: ElectrumServerContext, group: any EventLoopGroup, tls: TLSConfiguration?) throws {
        self.context = context
        self.group = group
        self.tlsContext = try tls.map { try NIOSSLContext(configuration: $0) }
    }

    /// Binds `listener`; returns it with the port actually bound (for port 0).
    public func bind(_ listener: ServerListener) async throws -> ServerListener {
        let server = context
        let limits = context.limits
        let tls = tlsContext
        if listener.transport.usesTLS && tls == nil {
            throw ServerConfigurationError("\(listener.transport.rawValue) listener \(listener) needs a TLS certificate")
        }
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: max(1, limits.sendBufferBytes / 2), high: max(2, limits.sendBufferBytes)))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if listener.transport.usesTLS, let tls {
                        // A client certificate is optional; one presented must chain to sov's client CA, and the
                        // authorizer then checks its fingerprint against the credentials issued.
                        try sync.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    let idle = IdleStateHandler(readTimeout: .nanoseconds(Int64(limits.idleTimeoutSeconds * 1e9)))
                    switch listener.transport {
                    case .tcp, .tls:
                        try sync.addHandler(idle)
                        try sync.addHandler(RequestDeadlineHandler(timeoutSeconds: limits.requestTimeoutSeconds) {
                            server.metrics.refused("request_timeout")
                        })
                        try sync.addHandler(ByteToMessageHandler(ElectrumLineDecoder(maximumLength: limits.maxRequestBytes)))
                        try sync.addHandler(ElectrumConnectionHandler(server: server, usesTLS: listener.transport.usesTLS))
                    case .ws, .wss:
                        let usesTLS = listener.transport.usesTLS
                        let upgrader = NIOWebSocketServerUpgrader(
                            maxFrameSize: max(1 << 14, limits.maxRequestBytes),
                            shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
                            upgradePipelineHandler: { channel, head in
                                let token = WebSocketCredentials.token(from: head)
                                return channel.eventLoop.makeCompletedFuture {
                                    let sync = channel.pipeline.syncOperations
                                    try sync.addHandler(IdleStateHandler(readTimeout: .nanoseconds(Int64(limits.idleTimeoutSeconds * 1e9))))
                                    try sync.addHandler(WebSocketLineAdapter(maximumLength: limits.maxRequestBytes))
                                    try sync.addHandler(ElectrumConnectionHandler(server: server, usesTLS: usesTLS, presentedToken: token))
                                }
                            })
                        let plain = PlainHTTPRequestHandler()
                        try sync.configureHTTPServerPipeline(withServerUpgrade: (upgraders: [upgrader], completionHandler: { context in
                            context.pipeline.syncOperations.removeHandler(plain, promise: nil)
                        }))
                        try sync.addHandler(plain)
                    }
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: listener.host, port: listener.port).get()
        } catch {
            throw ListenError(address: listener.description, error: error)
        }
        channels.withLockedValue { $0.append(channel) }
        var bound = listener
        bound.port = channel.localAddress?.port ?? listener.port
        return bound
    }

    /// Stops accepting connections and closes the open ones.
    public func stop() async {
        let listening = channels.withLockedValue { list in
            defer { list.removeAll() }
            return list
        }
        for channel in listening { try? await channel.close() }
        context.closeAllConnections()
    }
}

/// What a WebSocket client presents for authentication: `Authorization: Bearer TOKEN`, or `?token=TOKEN` in
/// the URL for browsers, which cannot set headers on a WebSocket.
enum WebSocketCredentials {
    static func token(from head: HTTPRequestHead) -> String? {
        if let value = head.headers.first(name: "Authorization"), value.lowercased().hasPrefix("bearer ") {
            return String(value.dropFirst(7)).trimmingSpaces()
        }
        guard let query = head.uri.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
        for pair in query.split(separator: "&") where pair.hasPrefix("token=") {
            return pair.dropFirst(6).removingPercentEscapes()
        }
        return nil
    }
}

/// Answers plain HTTP requests on a WebSocket port: 426, this port speaks the Electrum protocol over WebSocket.
final class PlainHTTPRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let body = "This port speaks the Electrum protocol over WebSocket.\n"
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain")
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        headers.add(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .upgradeRequired, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
