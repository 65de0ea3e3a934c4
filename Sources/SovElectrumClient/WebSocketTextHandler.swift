import NIOCore
import NIOWebSocket
import SovElectrumFraming

/// Turns the (already reassembled) WebSocket frames from the server into messages: each text or binary frame
/// is one JSON text, passed on as a buffer. Answers pings, and answers the server's close frame before closing.
/// Frames this client sends are masked, as RFC 6455 requires of clients.
final class WebSocketTextHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = ElectrumFrame
    typealias OutboundOut = WebSocketFrame

    private var closeSent = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        switch frame.opcode {
        case .text, .binary:
            context.fireChannelRead(Self.wrapInboundOut(.line(frame.unmaskedData)))
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(Self.wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            guard !closeSent else {
                context.close(promise: nil)
                return
            }
            closeSent = true
            // Echo the status code (the first two bytes), as RFC 6455 section 5.5.1 suggests.
            var payload = frame.unmaskedData
            let code = payload.readSlice(length: min(2, payload.readableBytes)) ?? ByteBuffer()
            let reply = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: code)
            let channel = context.channel
            context.writeAndFlush(Self.wrapOutboundOut(reply)).whenComplete { _ in channel.close(promise: nil) }
        default:
            break
        }
    }
}
