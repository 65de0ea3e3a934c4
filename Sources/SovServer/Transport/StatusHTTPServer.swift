import NIOCore
import NIOHTTP1
import NIOPosix
import SovJSON

/// Serves the status page on its own (loopback by default) port: `GET /` (HTML that reloads itself) and
/// `GET /status.json` (what `sov status` reads). The report is put together on a worker thread (it asks the
/// node), one request at a time per connection; anything else is 404, methods other than GET 405.
public enum StatusHTTPServer {
    public static func start(group: any EventLoopGroup, host: String, port: Int, threadPool: NIOThreadPool,
                             report: @escaping @Sendable () -> ServerStatus) async throws -> (channel: any Channel, port: Int) {
        try await HTTPEndpoint.bind(group: group, host: host, port: port) { StatusRequestHandler(threadPool: threadPool, report: report) }
    }
}

final class StatusRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let threadPool: NIOThreadPool
    let report: @Sendable () -> ServerStatus
    private var path = ""
    private var method = HTTPMethod.GET
    private var busy = false

    init(threadPool: NIOThreadPool, report: @escaping @Sendable () -> ServerStatus) {
        self.threadPool = threadPool
        self.report = report
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            path = String(head.uri.split(separator: "?").first ?? "")
            method = head.method
        case .body:
            break
        case .end:
            guard method == .GET || method == .HEAD else {
                respond(context, status: .methodNotAllowed, type: "text/plain", body: Array("only GET\n".utf8))
                return
            }
            let json: Bool
            switch path {
            case "/", "/status": json = false
            case "/status.json": json = true
            default:
                respond(context, status: .notFound, type: "text/plain", body: Array("not found: the status is at / and /status.json\n".utf8))
                return
            }
            guard !busy else { return }  // HTTP/1.1 pipelining beyond one request is not answered
            busy = true
            let report = report
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            threadPool.runIfActive(eventLoop: context.eventLoop) { () -> [UInt8] in
                let status = report()
                return json ? Array((status.json.pretty + "\n").utf8) : Array(status.html().utf8)
            }.whenComplete { result in
                let (handler, context) = bound.value
                handler.busy = false
                switch result {
                case .success(let body):
                    handler.respond(context, status: .ok, type: json ? "application/json" : "text/html; charset=utf-8", body: body)
                case .failure:
                    handler.respond(context, status: .serviceUnavailable, type: "text/plain", body: Array("the server is stopping\n".utf8))
                }
            }
        }
    }

    private func respond(_ context: ChannelHandlerContext, status: HTTPResponseStatus, type: String, body: [UInt8]) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: type)
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Cache-Control", value: "no-store")
        headers.add(name: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        if method != .HEAD { context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
