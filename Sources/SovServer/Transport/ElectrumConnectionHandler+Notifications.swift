import FoundationEssentials
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import SovElectrum
import SovElectrumFraming
import SovJSON
import SovPrimitives

/// Notifications: what changed in the chain reaches the connection on its event loop, is merged with what is
/// still pending, and goes out as header and script-hash notifications once the statuses are computed (on the
/// workers) — never older than a status already sent (`ConnectionSubscriptions`).
extension ElectrumConnectionHandler {
    func chainChanged(_ change: ChainChange) {
        merge(change)
        startNotifying()
    }

    func merge(_ change: ChainChange) {
        guard var pending = pendingChange else {
            pendingChange = change
            return
        }
        if let tip = change.tip { pending.tip = tip }
        if let touched = pending.touched, let more = change.touched {
            pending.touched = touched.union(more)
        } else {
            pending.touched = nil
        }
        pendingChange = pending
    }

    /// Computes the statuses a change may have moved (one pass at a time) and sends those that did.
    func startNotifying() {
        guard !notifying, !closing, let context, context.channel.isWritable, let change = pendingChange else { return }
        pendingChange = nil
        if headersSubscribed, let tip = change.tip, tip.height != lastTipHeight {
            lastTipHeight = tip.height
            emit(ElectrumResults.headerNotification(height: tip.height, header: tip.header).line)
            server.metrics.notifications.increment()
        }
        let candidates = subscriptions.candidates(for: change)
        guard !candidates.isEmpty else {
            flushOutput()
            return
        }
        notifying = true
        let chain = server.chain
        server.threadPool.runIfActive(eventLoop: context.eventLoop) {
            let generation = chain.generation
            let queries = chain.queries
            return candidates.map { c -> (ScriptHash, String??, UInt64) in
                guard case .success(.status(let status)) = Result(catching: { try queries.status(c.hash, mempoolOrder: c.order) }) else {
                    return (c.hash, nil, generation)
                }
                return (c.hash, .some(status), generation)
            }
        }.assumeIsolated().whenComplete { result in
            self.notifying = false
            guard case .success(let statuses) = result, !self.closing else { return }
            for (hash, computed, generation) in statuses {
                guard let status = computed, self.subscriptions.notified(hash, status: status, generation: generation) else { continue }
                self.emit(ElectrumResults.scriptHashNotification(hash, status: status).line)
                self.server.metrics.notifications.increment()
            }
            self.afterCompletion()
        }
    }
}
