import NIOCore
import NIOHTTP1

/// Installed when the server answers the WebSocket upgrade request with something other than
/// `101 Switching Protocols`: fails the connection attempt with the HTTP status (e.g. 401 when authentication
/// is required), then closes the connection.
final class UpgradeRefusalHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let ready: EventLoopPromise<Void>

    init(ready: EventLoopPromise<Void>) {
        self.ready = ready
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = Self.unwrapInboundIn(data) else { return }
        let status = "HTTP \(head.status.code) \(head.status.reasonPhrase)"
        ready.fail(ElectrumClientError.connect("the server refused the WebSocket upgrade: \(status)"))
        context.close(promise: nil)
    }
}
