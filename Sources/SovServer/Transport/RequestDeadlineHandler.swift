import NIOCore

/// Closes a TCP/TLS connection whose request line, once started, does not arrive whole within the deadline:
/// a client trickling a byte now and then (slowloris) would otherwise hold its connection for ever, since
/// every byte resets the idle timeout. Sits before the line decoder and passes the bytes on unchanged; the
/// deadline starts with a line's first byte and ends with its newline.
final class RequestDeadlineHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let expired: () -> Void
    private var deadline: Scheduled<Void>?

    /// `expired` runs (on the event loop) when a line was not finished in time, before the connection closes.
    init(timeoutSeconds: Double, expired: @escaping () -> Void) {
        self.timeout = .nanoseconds(Int64(timeoutSeconds * 1e9))
        self.expired = expired
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        if bytes.readableBytes > 0 {
            let view = bytes.readableBytesView
            if let last = view.lastIndex(of: UInt8(ascii: "\n")) {
                // A line ended; another may have started after it.
                deadline?.cancel()
                deadline = nil
                if last != view.index(before: view.endIndex) { arm(context) }
            } else if deadline == nil {
                arm(context)
            }
        }
        context.fireChannelRead(data)
    }

    private func arm(_ context: ChannelHandlerContext) {
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [expired] in
            expired()
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }
}
