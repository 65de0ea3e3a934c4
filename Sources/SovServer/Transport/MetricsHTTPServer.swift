import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves `GET /metrics` in the Prometheus text format on its own (loopback by default) port.
public enum MetricsHTTPServer {
    /// Binds and returns the port bound.
    public static func start(metrics: ServerMetrics, group: any EventLoopGroup, host: String, port: Int) async throws -> (channel: any Channel, port: Int) {
        try await HTTPEndpoint.bind(group: group, host: host, port: port) { MetricsRequestHandler(metrics: metrics) }
    }
}

/// A small HTTP/1.1 listener of sov's own (metrics, status): one handler of the caller's per connection.
enum HTTPEndpoint {
    /// Binds `host:port` (port 0: any free one) and returns the channel and the port bound.
    static func bind<Handler: ChannelInboundHandler>(group: any EventLoopGroup, host: String, port: Int,
                                                               handler: @escaping @Sendable () -> Handler) async throws -> (channel: any Channel, port: Int)
    where Handler.InboundIn == HTTPServerRequestPart {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(handler())
                }
            }
            .bind(host: host, port: port).get()
        return (channel, channel.localAddress?.port ?? port)
    }
}

final class MetricsRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let metrics: ServerMetrics
    private var path = ""

    init(metrics: ServerMetrics) {
        self.metrics = metrics
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            path = String(head.uri.split(separator: "?").first ?? "")
        case .body:
            break
        case .end:
            let found = path == "/metrics" || path == "/"
            let body = found ? metrics.exposition() : Array("not found: the metrics are at /metrics\n".utf8)
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: found ? "text/plain; version=0.0.4" : "text/plain")
            headers.add(name: "Content-Length", value: String(body.count))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: found ? .ok : .notFound, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
