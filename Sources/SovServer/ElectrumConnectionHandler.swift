import Foundation
import NIOCore
import SovElectrumFraming
import NIOPosix
import NIOSSL
import NIOTLS
import SovElectrum
import SovJSON

/// One client connection: reads requests (lines on TCP/TLS, text frames on WebSocket), runs them through the
/// protocol session, executes the calls on the worker threads, answers in order, keeps the connection's
/// subscriptions and sends their notifications; enforces the limits that apply to a connection.
///
/// Requests of one connection are answered one line (one request or one batch) at a time, in order. While a
/// line is being executed further lines wait in a short queue; past it the handler stops reading from the
/// socket, so a client that floods only fills its own TCP window. A client that stops reading makes the
/// channel unwritable: no further request is executed until it drains (the send buffer stays bounded by the
/// high-water mark plus one answer), notifications are coalesced meanwhile, and a reader stuck that way for
/// the idle timeout is disconnected.
final class ElectrumConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ElectrumFrame
    typealias OutboundOut = ByteBuffer

    private let server: ElectrumServerContext
    private let presentedToken: String?
    private let usesTLS: Bool
    private var context: ChannelHandlerContext?
    private var session: ElectrumSession
    private var queue = CircularBuffer<ElectrumFrame>()
    private var busy = false
    private var closing = false
    private var readingPaused = false
    private var budget: RequestCostBudget
    private var remoteIP = "unknown"
    private var isLoopback = false
    private var admitted = false
    private var authenticated = false
    private var subscriptions: [ElectrumHash: (status: String?, order: MempoolOrder)] = [:]
    private var headersSubscribed = false
    private var lastTipHeight = -1
    private var pendingChange: ChainChange?
    private var notifying = false
    private var handshakeTimer: Scheduled<Void>?
    private var unwritableTimer: Scheduled<Void>?
    /// Cost of refusals in the answer being put together, charged with it.
    private var refusalCost = 0.0

    private static let queueLimit = 32

    init(server: ElectrumServerContext, usesTLS: Bool, presentedToken: String? = nil) {
        self.server = server
        self.usesTLS = usesTLS
        self.presentedToken = presentedToken
        self.session = ElectrumSession(serverSoftware: server.software)
        let limits = server.limits
        self.budget = RequestCostBudget(softLimit: limits.costSoftLimit, hardLimit: limits.costHardLimit,
                                        decayPerSecond: limits.costDecayPerSecond,
                                        maximumDelaySeconds: limits.requestSleepMilliseconds / 1000, now: Self.now())
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    // MARK: - Lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    private func start(context: ChannelHandlerContext) {
        guard !admitted, !closing else { return }
        let address = context.channel.remoteAddress
        remoteIP = address?.ipAddress ?? "unknown"
        isLoopback = IPAddress(remoteIP)?.isLoopback ?? false
        if let refusal = server.limiter.admit(ip: remoteIP) {
            send(JSONRPCResponse(id: .null, error: .badRequest(refusal)))
            close(reason: "limit")
            return
        }
        admitted = true
        server.metrics.connectionsTotal.increment()
        server.metrics.connectionsOpen.increment()
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        server.connections.add(ObjectIdentifier(self), .init(
            notify: { change in loop.execute { loopBound.value.chainChanged(change) } },
            close: { loop.execute { loopBound.value.close(reason: nil) } }))
        // Loopback clients are trusted; others must be allowed by address, token or client certificate
        // (checked again once TLS has finished and the certificate is known).
        authenticated = server.authorize(credentials()) == nil
        handshakeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(server.limits.handshakeTimeoutSeconds * 1e9))) {
            if self.session.version == nil || !self.authenticated {
                self.close(reason: "handshake_timeout")
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        unwritableTimer?.cancel()
        if admitted {
            admitted = false
            server.connections.remove(ObjectIdentifier(self))
            server.limiter.release(ip: remoteIP, subscriptions: subscriptions.count)
            server.metrics.connectionsOpen.decrement()
        }
        closing = true
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            close(reason: "idle")
            return
        }
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls, !authenticated {
            authenticated = server.authorize(credentials()) == nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A reset or TLS failure ends this connection only.
        close(reason: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            unwritableTimer?.cancel()
            unwritableTimer = nil
            processNext()
            startNotifying()
        } else if unwritableTimer == nil {
            unwritableTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(server.limits.slowReaderTimeoutSeconds * 1e9))) {
                self.close(reason: "slow_reader")
            }
        }
        context.fireChannelWritabilityChanged()
    }

    // MARK: - Requests

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        queue.append(unwrapInboundIn(data))
        if queue.count >= Self.queueLimit && !readingPaused {
            readingPaused = true
            context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
        }
        processNext()
    }

    private func processNext() {
        guard !busy, !closing, let context, context.channel.isWritable, let frame = queue.popFirst() else { return }
        if readingPaused && queue.count < Self.queueLimit / 2 {
            readingPaused = false
            context.channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
            context.read()
        }
        busy = true
        handle(frame)
    }

    private func handle(_ frame: ElectrumFrame) {
        let arrival = Self.now()
        switch frame {
        case .oversized(let bytes):
            server.metrics.refused("oversized")
            send(JSONRPCResponse(id: .null, error: .invalidRequest("request of \(bytes) bytes is larger than this server's limit of \(server.limits.maxRequestBytes) bytes")))
            charge(RequestCostBudget.resultCost(bytes: bytes) + 1)
            finish(closeAfter: false)
        case .line(let buffer):
            let bytes = Array(buffer.readableBytesView)
            if !authenticated {
                authenticate(line: bytes)
                return
            }
            let received = session.receive(line: bytes)
            if received.isBatch && received.steps.count > server.limits.maxBatch {
                // Every request of the batch gets the refusal, so a client waiting for its answers hears why.
                let error = ElectrumRPCError.invalidRequest("batch of \(received.steps.count) requests is larger than this server's limit of \(server.limits.maxBatch)")
                let refusals = received.steps.compactMap { step -> JSONRPCResponse? in
                    switch step {
                    case .execute(let id?, _): return JSONRPCResponse(id: id, error: error)
                    case .respond(let r), .respondAndClose(let r): return JSONRPCResponse(id: r.id, error: error)
                    default: return nil
                    }
                }
                if let line = JSONRPCResponse.batchLine(refusals) { write(line) }
                context?.flush()
                charge(Double(received.steps.count))
                finish(closeAfter: false)
                return
            }
            var cost = 0.0
            for step in received.steps {
                if case .execute(_, let call) = step { cost += RequestCostBudget.baseCost(of: call.method.rawValue) } else { cost += 1 }
            }
            switch budget.charge(cost, now: arrival) {
            case .disconnect:
                disconnectForCost()
            case .delay(let seconds):
                guard let context else { return }
                context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
                    self.run(received.steps, isBatch: received.isBatch, arrival: arrival)
                }
            case .proceed:
                run(received.steps, isBatch: received.isBatch, arrival: arrival)
            }
        }
    }

    private func charge(_ cost: Double) {
        if case .disconnect = budget.charge(cost, now: Self.now()) { disconnectForCost() }
    }

    /// Over the hard cost limit: say why, and close.
    private func disconnectForCost() {
        send(JSONRPCResponse(id: .null, error: .badRequest("excessive resource usage: this connection is being closed")))
        close(reason: "cost")
    }

    /// An answer being put together: ready, or waiting for the worker's result number `work`.
    private enum Slot {
        case ready(JSONRPCResponse)
        case pending(work: Int, id: JSONRPCID?, call: ElectrumCall)
    }

    private func run(_ steps: [ElectrumSession.Step], isBatch: Bool, arrival: Double) {
        guard !closing, let context else { return }
        var slots: [Slot] = []
        var work: [ElectrumCall] = []
        var closeAfter = false
        let generation = server.chain.generation
        for step in steps {
            switch step {
            case .respond(let response):
                slots.append(.ready(response))
            case .respondAndClose(let response):
                slots.append(.ready(response))
                closeAfter = true
            case .ignore:
                break
            case .execute(let id, let call):
                switch call {
                case .scriptHashUnsubscribe(let sh):
                    let removed = subscriptions.removeValue(forKey: sh) != nil
                    if removed { server.limiter.unsubscribe(ip: remoteIP) }
                    slots.append(.ready(JSONRPCResponse(id: id ?? .null, result: .bool(removed))))
                    record(call, arrival: arrival, errorCode: nil)
                    continue
                case .scriptHashSubscribe(let sh, _) where subscriptions[sh] == nil:
                    if let refusal = server.limiter.subscribe(ip: remoteIP, held: subscriptions.count) {
                        slots.append(.ready(JSONRPCResponse(id: id ?? .null, error: .badRequest(refusal))))
                        record(call, arrival: arrival, errorCode: ElectrumRPCError.badRequestCode)
                        continue
                    }
                default:
                    break
                }
                if ElectrumCallExecutor.isImmediate(call) {
                    let outcome = server.executor.execute(call)
                    slots.append(.ready(respond(id: id, call: call, outcome: outcome, arrival: arrival, generation: generation)))
                } else {
                    slots.append(.pending(work: work.count, id: id, call: call))
                    work.append(call)
                }
            }
        }
        if work.isEmpty {
            deliver(slots, results: [], isBatch: isBatch, closeAfter: closeAfter, arrival: arrival, generation: generation)
            return
        }
        let executor = server.executor
        let heavyPool = server.heavyPool
        let loop = context.eventLoop
        server.threadPool.runIfActive(eventLoop: loop) {
            work.map { executor.isHeavy($0) ? nil : executor.execute($0) }
        }.flatMap { partial -> EventLoopFuture<[Result<JSONValue, ElectrumRPCError>]> in
            let heavy = partial.indices.filter { partial[$0] == nil }
            guard !heavy.isEmpty else { return loop.makeSucceededFuture(partial.map { $0! }) }
            return heavyPool.runIfActive(eventLoop: loop) {
                var done = partial
                for i in heavy { done[i] = executor.execute(work[i]) }
                return done.map { $0! }
            }
        }.assumeIsolated().whenComplete { result in
            switch result {
            case .success(let results):
                self.deliver(slots, results: results, isBatch: isBatch, closeAfter: closeAfter, arrival: arrival, generation: generation)
            case .failure:
                // The worker pool is shutting down.
                self.close(reason: nil)
            }
        }
    }

    private func deliver(_ slots: [Slot], results: [Result<JSONValue, ElectrumRPCError>], isBatch: Bool, closeAfter: Bool,
                         arrival: Double, generation: UInt64) {
        guard !closing else { return }
        var responses: [JSONRPCResponse] = []
        for slot in slots {
            switch slot {
            case .ready(let response):
                responses.append(response)
            case .pending(let index, let id, let call):
                let response = respond(id: id, call: call, outcome: results[index], arrival: arrival, generation: generation)
                if id != nil { responses.append(response) }
            }
        }
        var bytes = 0
        if isBatch {
            if let line = JSONRPCResponse.batchLine(responses) { bytes += write(line) }
        } else {
            for response in responses { bytes += write(response.line) }
        }
        context?.flush()
        charge(RequestCostBudget.resultCost(bytes: bytes) + refusalCost)
        refusalCost = 0
        finish(closeAfter: closeAfter)
    }

    /// Turns a call's outcome into its response, keeping the connection's subscription state.
    private func respond(id: JSONRPCID?, call: ElectrumCall, outcome: Result<JSONValue, ElectrumRPCError>,
                         arrival: Double, generation: UInt64) -> JSONRPCResponse {
        switch (call, outcome) {
        case (.scriptHashSubscribe(let sh, let order), .success(let status)):
            subscriptions[sh] = (status.stringValue, order)
            // The chain moved while the status was being computed: check this script again.
            if server.chain.generation != generation { merge(ChainChange(tip: nil, touched: [sh.bytes])) }
        case (.scriptHashSubscribe(let sh, _), .failure):
            if subscriptions[sh] == nil { server.limiter.unsubscribe(ip: remoteIP) }
        case (.headersSubscribe, .success(let tip)):
            headersSubscribed = true
            lastTipHeight = tip["height"]?.intValue ?? lastTipHeight
        default:
            break
        }
        var code: Int?
        if case .failure(let error) = outcome {
            code = error.code
            // Refusing a history over the limit costs the server the reading up to the limit: charge for it,
            // so asking again and again is throttled like asking for big answers.
            if error.message.hasSuffix("(the server's history limit)") { refusalCost += server.limits.costSoftLimit / 4 }
        }
        record(call, arrival: arrival, errorCode: code)
        switch outcome {
        case .success(let value): return JSONRPCResponse(id: id ?? .null, result: value)
        case .failure(let error): return JSONRPCResponse(id: id ?? .null, error: error)
        }
    }

    private func record(_ call: ElectrumCall, arrival: Double, errorCode: Int?) {
        server.metrics.request(method: call.method.rawValue, duration: .nanoseconds(Int64((Self.now() - arrival) * 1e9)), errorCode: errorCode)
    }

    private func finish(closeAfter: Bool) {
        busy = false
        if closeAfter {
            close(reason: nil)
            return
        }
        if session.version != nil && authenticated {
            handshakeTimer?.cancel()
            handshakeTimer = nil
        }
        processNext()
        startNotifying()
    }

    // MARK: - Authentication of remote clients

    /// A remote client not allowed by address or certificate must first send
    /// `{"method":"server.authenticate","params":["<token>"]}` with a token issued by `sov serve auth`.
    private func authenticate(line: [UInt8]) {
        let incoming = JSONRPCLineParser().parse(line: line)
        if incoming.messages.count == 1, case .request(let request) = incoming.messages[0], request.method == "server.authenticate",
           case .positional(let params) = request.params, let token = params.first?.stringValue {
            var credentials = credentials()
            credentials.token = token
            if server.authorize(credentials) == nil {
                authenticated = true
                send(JSONRPCResponse(id: request.id ?? .null, result: .bool(true)))
                finish(closeAfter: false)
                return
            }
            server.metrics.refused("auth")
            send(JSONRPCResponse(id: request.id ?? .null, error: .badRequest("authentication failed: unknown or revoked token")))
            finish(closeAfter: true)
            return
        }
        server.metrics.refused("auth")
        let reason = server.authorize(credentials()) ?? "authentication required"
        send(JSONRPCResponse(id: .null, error: .badRequest("\(reason): this server serves remote clients only with a token, a client certificate or an allowed address (sov serve auth)")))
        finish(closeAfter: true)
    }

    private func credentials() -> ConnectionCredentials {
        var fingerprint: String?
        if usesTLS, let context, let tls = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self),
           let certificate = tls.peerCertificate {
            fingerprint = try? CertificateFingerprint.sha256(certificate)
        }
        return ConnectionCredentials(remoteIP: remoteIP, isLoopback: isLoopback, clientCertificateFingerprint: fingerprint, token: presentedToken)
    }

    // MARK: - Notifications

    func chainChanged(_ change: ChainChange) {
        merge(change)
        startNotifying()
    }

    private func merge(_ change: ChainChange) {
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

    private func startNotifying() {
        guard !notifying, !busy, !closing, let context, context.channel.isWritable, let change = pendingChange else { return }
        pendingChange = nil
        if headersSubscribed, let tip = change.tip, tip.height != lastTipHeight {
            lastTipHeight = tip.height
            write(ElectrumResults.headerNotification(height: tip.height, header: tip.header).line)
            server.metrics.notifications.increment()
        }
        let candidates = subscriptions.filter { change.mayChange($0.key) }.map { (hash: $0.key, order: $0.value.order) }
        guard !candidates.isEmpty else {
            context.flush()
            return
        }
        notifying = true
        let chain = server.chain
        server.threadPool.runIfActive(eventLoop: context.eventLoop) {
            let queries = chain.queries
            return candidates.map { c -> (ElectrumHash, String??) in
                guard case .success(let status) = Result(catching: { try queries.execute(.scriptHashSubscribe(c.hash, mempoolOrder: c.order)) }) else {
                    return (c.hash, nil)
                }
                return (c.hash, .some(status.stringValue))
            }
        }.assumeIsolated().whenComplete { result in
            self.notifying = false
            guard case .success(let statuses) = result, !self.closing else { return }
            var sent = false
            for (hash, computed) in statuses {
                guard let status = computed, let current = self.subscriptions[hash], current.status != status else { continue }
                self.subscriptions[hash] = (status, current.order)
                self.write(ElectrumResults.scriptHashNotification(hash, status: status).line)
                self.server.metrics.notifications.increment()
                sent = true
            }
            if sent { self.context?.flush() }
            self.processNext()
            self.startNotifying()
        }
    }

    // MARK: - Output

    private func send(_ response: JSONRPCResponse) {
        write(response.line)
        context?.flush()
    }

    @discardableResult
    private func write(_ line: String) -> Int {
        guard let context else { return 0 }
        let buffer = context.channel.allocator.buffer(string: line)
        let count = buffer.readableBytes
        context.write(wrapOutboundOut(buffer), promise: nil)
        return count
    }

    /// Closes the connection (once); `reason` counts it among the server's refusals in the metrics.
    private func close(reason: String?) {
        guard !closing else { return }
        closing = true
        if let reason { server.metrics.refused(reason) }
        context?.flush()
        context?.close(promise: nil)
    }
}
