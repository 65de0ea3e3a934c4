import NIOCore
import SovElectrumFraming
import NIOWebSocket

/// Carries the Electrum protocol over WebSocket: each text (or binary) message is one line of JSON, each
/// answer line goes back as one text message. Fragmented messages are joined (up to the request size limit);
/// pings are answered; a close frame is echoed and the connection closed.
final class WebSocketLineAdapter: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = ElectrumFrame
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = WebSocketFrame

    private let maximumLength: Int
    private var fragments: ByteBuffer?
    private var oversized = 0
    private var closed = false

    init(maximumLength: Int) {
        self.maximumLength = maximumLength
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text, .binary, .continuation:
            var payload = frame.unmaskedData
            if frame.opcode != .continuation { fragments = nil; oversized = 0 }
            if oversized > 0 || (fragments?.readableBytes ?? 0) + payload.readableBytes > maximumLength {
                oversized += payload.readableBytes + (fragments?.readableBytes ?? 0)
                fragments = nil
            } else if fragments == nil {
                fragments = payload
            } else {
                fragments!.writeBuffer(&payload)
            }
            guard frame.fin else { return }
            if oversized > 0 {
                context.fireChannelRead(wrapInboundOut(.oversized(bytes: oversized)))
                oversized = 0
            } else if var line = fragments {
                // A trailing newline is allowed (some clients send the TCP form).
                while line.readableBytes > 0, let last = line.getInteger(at: line.writerIndex - 1, as: UInt8.self),
                      last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
                    line.moveWriterIndex(to: line.writerIndex - 1)
                }
                context.fireChannelRead(wrapInboundOut(.line(line)))
            }
            fragments = nil
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            guard !closed else { return }
            closed = true
            let reply = WebSocketFrame(fin: true, opcode: .connectionClose, data: context.channel.allocator.buffer(capacity: 0))
            context.writeAndFlush(wrapOutboundOut(reply)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        default:
            break
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var line = unwrapOutboundIn(data)
        if line.readableBytes > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == UInt8(ascii: "\n") {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: line)), promise: promise)
    }
}
