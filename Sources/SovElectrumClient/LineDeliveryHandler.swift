import NIOCore
import NIOTLS  // TLSUserEvent: a module of swift-nio that NIOSSL depends on
import NIOWebSocket
import SovElectrumFraming

/// The last handler of a connection's pipeline: hands each incoming line (or WebSocket message) to the
/// connection's `LineInbox`, ends the inbox when the channel closes or fails, and for a TLS line transport
/// reports when the handshake completed.
final class LineDeliveryHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ElectrumFrame

    private let inbox: LineInbox
    /// Completed when the TLS handshake finishes (nil when not waited for here).
    private let handshake: EventLoopPromise<Void>?
    /// The longest line accepted: a longer one from the server ends the connection.
    private let maxLineBytes: Int

    init(inbox: LineInbox, handshake: EventLoopPromise<Void>?, maxLineBytes: Int) {
        self.inbox = inbox
        self.handshake = handshake
        self.maxLineBytes = maxLineBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .line(let buffer):
            inbox.deliver(Array(buffer.readableBytesView))
        case .oversized:
            inbox.finish(.failed(.protocolViolation("a line is longer than \(maxLineBytes) bytes")))
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            handshake?.succeed(())
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        handshake?.fail(error)
        inbox.finish(Self.end(for: error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshake?.fail(ElectrumClientError.connect("the server closed the connection during the TLS handshake"))
        inbox.finish(.closed)
        context.fireChannelInactive()
    }

    /// Errors from the server's bytes are protocol violations; I/O and TLS failures just close the connection.
    static func end(for error: any Error) -> LineStreamEnd {
        switch error {
        case let error as NIOWebSocketError: return .failed(.protocolViolation("WebSocket: \(error)"))
        case let error as NIOWebSocketFrameAggregator.Error: return .failed(.protocolViolation("WebSocket: \(error)"))
        default: return .closed
        }
    }
}
