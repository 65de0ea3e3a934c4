import NIOCore

/// One incoming Electrum message unit: a line of JSON (without its newline), or notice that a line longer
/// than the limit was skipped.
public enum ElectrumFrame: Sendable {
    case line(ByteBuffer)
    case oversized(bytes: Int)
}

/// Splits the TCP/TLS byte stream into newline-terminated lines, bounded: a line longer than `maximumLength`
/// is not buffered — it is reported once as `.oversized` as soon as it passes the limit, and its bytes are
/// dropped up to the next newline, so a
/// hostile client cannot make the server hold an unbounded line, and a well-behaved one gets an error and can
/// go on.
public struct ElectrumLineDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ElectrumFrame

    public let maximumLength: Int
    private var skipping = false
    /// Where the newline search resumes (bytes already known to hold none).
    private var scanned = 0

    public init(maximumLength: Int) {
        self.maximumLength = maximumLength
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        if let newline = view[(view.startIndex + scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - view.startIndex
            scanned = 0
            if skipping {
                // The rest of a line already reported: drop it, and go on with the next line.
                buffer.moveReaderIndex(forwardBy: length + 1)
                skipping = false
                return .continue
            }
            guard length <= maximumLength else {
                buffer.moveReaderIndex(forwardBy: length + 1)
                context.fireChannelRead(wrapInboundOut(.oversized(bytes: length)))
                return .continue
            }
            var line = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            // Tolerate CRLF.
            if line.readableBytes > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == UInt8(ascii: "\r") {
                line.moveWriterIndex(to: line.writerIndex - 1)
            }
            context.fireChannelRead(wrapInboundOut(.line(line)))
            return .continue
        }
        if skipping || view.count > maximumLength {
            // No newline yet and already too long: report it at once (the peer learns without waiting for
            // the line's end), then drop what comes up to the next newline.
            if !skipping { context.fireChannelRead(wrapInboundOut(.oversized(bytes: view.count))) }
            skipping = true
            buffer.moveReaderIndex(forwardBy: view.count)
            scanned = 0
            return .needMoreData
        }
        scanned = view.count
        return .needMoreData
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A last line without its newline is still a request (some clients close right after writing).
        while try decode(context: context, buffer: &buffer) == .continue {}
        if !skipping, buffer.readableBytes > 0, let line = buffer.readSlice(length: buffer.readableBytes) {
            context.fireChannelRead(wrapInboundOut(.line(line)))
        }
        return .needMoreData
    }
}
