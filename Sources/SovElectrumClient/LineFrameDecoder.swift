import NIOCore

/// A line longer than the connection's limit arrived.
struct LineTooLongError: Error, CustomStringConvertible {
    let limit: Int
    var description: String { "a line is longer than \(limit) bytes" }
}

/// Splits a TCP or TLS byte stream into lines at `\n` (dropping a `\r` before it), refusing a line longer than
/// `maxLineBytes` before it has all arrived, so a hostile server cannot make the client buffer without end.
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    let maxLineBytes: Int
    /// How many readable bytes have already been searched for a newline.
    private var searched = 0

    init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view[(view.startIndex + searched)...].firstIndex(of: UInt8(ascii: "\n")) else {
            searched = view.count
            if searched > maxLineBytes + 1 { throw LineTooLongError(limit: maxLineBytes) }
            return .needMoreData
        }
        searched = 0
        var length = newline - view.startIndex
        let hasCarriageReturn = length > 0 && view[newline - 1] == UInt8(ascii: "\r")
        if hasCarriageReturn { length -= 1 }
        guard length <= maxLineBytes, let line = buffer.readSlice(length: length) else {
            throw LineTooLongError(limit: maxLineBytes)
        }
        buffer.moveReaderIndex(forwardBy: hasCarriageReturn ? 2 : 1)
        context.fireChannelRead(Self.wrapInboundOut(line))
        return .continue
    }

    /// At the end of the stream an unterminated last line is still delivered.
    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0, seenEOF {
            guard buffer.readableBytes <= maxLineBytes else { throw LineTooLongError(limit: maxLineBytes) }
            searched = 0
            let rest = buffer.readSlice(length: buffer.readableBytes)!
            context.fireChannelRead(Self.wrapInboundOut(rest))
        }
        return .needMoreData
    }
}
