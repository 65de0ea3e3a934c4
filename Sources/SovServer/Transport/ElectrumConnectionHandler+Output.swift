import Foundation
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
    /// Adds a line to what goes out at the next flush; returns its size.
    @discardableResult
    func emit(_ line: String) -> Int {
        guard let context, !closing else { return 0 }
        if outgoing == nil { outgoing = context.channel.allocator.buffer(capacity: line.utf8.count) }
        return outgoing!.writeString(line)
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
        let promise = context.eventLoop.makePromise(of: Void.self)
        promise.futureResult.assumeIsolated().whenComplete { _ in self.taken(bytes) }
        context.writeAndFlush(wrapOutboundOut(buffer), promise: promise)
        for victim in server.output.queue(bytes, for: id, ip: remoteIP) {
            if victim == id { close(reason: "output_limit") } else { server.connections.close(victim, reason: "output_limit") }
        }
    }

    /// The socket took (or the closing channel dropped) `bytes` of this connection's answers.
    func taken(_ bytes: Int) {
        queuedBytes -= bytes
        server.output.release(bytes, for: id)
        guard stalledSince != nil else { return }
        takenSinceStall += bytes
        if queuedBytes == 0 {
            stalledSince = nil
        } else if takenSinceStall >= server.limits.sendBufferBytes {
            // The client reads, slowly: a new window.
            stalledSince = Self.now()
            takenSinceStall = 0
        }
    }

    func armStallTimer() {
        guard stallTimer == nil, let stalled = stalledSince, let context else { return }
        let due = stalled + server.limits.slowReaderTimeoutSeconds - Self.now()
        stallTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(max(0, due) * 1e9))) {
            self.stallTimer = nil
            guard let since = self.stalledSince else { return }
            if Self.now() - since >= self.server.limits.slowReaderTimeoutSeconds {
                self.close(reason: "slow_reader")
            } else {
                self.armStallTimer()
            }
        }
    }
}
