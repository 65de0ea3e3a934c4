import FoundationEssentials
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import SovElectrum
import SovElectrumFraming
import SovJSON

/// Output: answers are gathered and flushed, every queued byte counted in the server's `OutputBudget` until the
/// socket takes it, and a client that takes too little while answers wait is cut off as a slow reader.
extension ElectrumConnectionHandler {
    /// Adds a line to what goes out at the next flush, and a newline after it when asked (rather than copying a
    /// megabytes-long answer into a new string to end it); returns the bytes added.
    @discardableResult
    func emit(_ line: String, newline: Bool = false) -> Int {
        guard let context, !closing else { return 0 }
        let size = line.utf8.count + (newline ? 1 : 0)
        if outgoing == nil {
            outgoing = context.channel.allocator.buffer(capacity: size)
        } else {
            outgoing!.reserveCapacity(minimumWritableBytes: size)
        }
        var written = outgoing!.writeString(line)
        if newline { written += outgoing!.writeInteger(UInt8(ascii: "\n")) }
        return written
    }

    func send(_ response: JSONRPCResponse) {
        emit(response.line)
        flushOutput()
    }

    /// Writes what `emit` gathered, counting it in the output budget until the socket has taken it.
    func flushOutput() {
        guard let context, let buffer = outgoing else { return }
        outgoing = nil
        let bytes = buffer.readableBytes
        queuedBytes += bytes
        // Counted before the write: a socket that takes the whole buffer at once completes the write (and gives
        // the bytes back) inside `writeAndFlush`, and bytes given back before they were counted would stay
        // counted for good, until the budget closed a client that reads everything.
        let victims = server.output.queue(bytes, for: id, ip: remoteIP)
        let promise = context.eventLoop.makePromise(of: Void.self)
        promise.futureResult.assumeIsolated().whenComplete { _ in self.taken(bytes) }
        context.writeAndFlush(wrapOutboundOut(buffer), promise: promise)
        for victim in victims {
            if victim == id { close(reason: "output_limit") } else { server.connections.close(victim, reason: "output_limit") }
        }
    }

    /// The socket took (or the closing channel dropped) `bytes` of this connection's answers.
    func taken(_ bytes: Int) {
        queuedBytes -= bytes
        server.output.release(bytes, for: id)
        state.took(bytes, stillQueued: queuedBytes, window: server.limits.sendBufferBytes, now: Self.now())
    }

    /// Times the current stall: closes a slow reader when its window has passed, checks again when it ends.
    func armStallTimer() {
        guard stallTimer == nil, let context else { return }
        switch state.stallCheck(now: Self.now(), timeout: server.limits.slowReaderTimeoutSeconds) {
        case .none:
            return
        case .close:
            close(reason: "slow_reader")
        case .checkAgain(let seconds):
            stallTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
                self.stallTimer = nil
                self.armStallTimer()
            }
        }
    }
}
