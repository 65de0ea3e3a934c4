import FoundationEssentials
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import SovElectrum
import SovElectrumFraming
import SovJSON
import Dispatch

/// One client connection: reads requests (lines on TCP/TLS, text frames on WebSocket), runs them through the
/// protocol session, executes the calls on the worker threads, answers, keeps the connection's
/// subscriptions and sends their notifications; enforces the limits that apply to a connection.
///
/// Requests of one connection run concurrently, up to its class's `concurrent_requests` (pipelined
/// requests and the members of a batch alike); answers go out as they are ready, matched by id as JSON-RPC
/// allows, a batch's answers together in one array. Lines beyond that wait in a short queue; past it the
/// handler stops reading from the socket, so a client that floods only fills its own TCP window.
///
/// Output: nothing new is executed while the connection is unwritable (more than `send_buffer_bytes`
/// queued), so a client that stops reading holds at most its send buffer plus the answers already running.
/// Every queued byte is counted in the server's `OutputBudget`, which closes the biggest holders when an
/// address or the server holds too much. A client that takes less than `send_buffer_bytes` within
/// `slow_reader_timeout_seconds` while answers wait is disconnected.
final class ElectrumConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ElectrumFrame
    typealias OutboundOut = ByteBuffer

    let server: ElectrumServerContext
    let presentedToken: String?
    let usesTLS: Bool
    var context: ChannelHandlerContext?
    var session: ElectrumSession
    var id: ObjectIdentifier { ObjectIdentifier(self) }

    /// Admission, authorization, closing and the slow-reader window (`ConnectionStateMachine`).
    var state = ConnectionStateMachine()
    var closing: Bool { state.isClosed }
    /// The class whose limits apply, once the client is authorized.
    var clientClass: ClientClass? { state.clientClass }
    var remoteIP = "unknown"
    var isLoopback = false
    var classLimits: ClientClassLimits
    var budget: RequestCostBudget?
    var handshakeTimer: Scheduled<Void>?
    /// Whether a line has arrived since the client was authorized.
    var sawFirstLine = false

    // Requests.
    var queue = CircularBuffer<ElectrumFrame>()
    var readingPaused = false
    /// Calls executing on the worker threads.
    var running = 0
    /// Answers being put together, by line number.
    var answers: [Int: LineAnswer] = [:]
    var nextLine = 0
    /// Steps held back by the cost budget until their delay has passed.
    var delayed: (steps: [ElectrumSession.Step], isBatch: Bool, arrival: Double)?
    /// Cost of refusals in answers being put together, charged with them.
    var refusalCost = 0.0

    // Subscriptions and notifications.
    var subscriptions = ConnectionSubscriptions()
    var headersSubscribed = false
    var lastTipHeight = -1
    var pendingChange: ChainChange?
    var notifying = false

    // Output.
    var outgoing: ByteBuffer?
    /// Bytes handed to the channel and not yet written to the socket.
    var queuedBytes = 0
    var stallTimer: Scheduled<Void>?
    /// Set when the connection closes: its calls still waiting for a worker are skipped.
    let cancelled = NIOLockedValueBox(false)

    static let queueLimit = 64

    init(server: ElectrumServerContext, usesTLS: Bool, presentedToken: String? = nil) {
        self.server = server
        self.usesTLS = usesTLS
        self.presentedToken = presentedToken
        // One batch limit, the configured one (limits.max_batch), checked by the handler with its own message;
        // lines are already bounded by limits.max_request_bytes.
        self.session = ElectrumSession(serverSoftware: server.software,
                                       parser: JSONRPCLineParser(limits: JSONRPCLimits(maxLineBytes: server.limits.maxRequestBytes, maxBatchCount: .max)))
        self.classLimits = server.limits.public
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

    func start(context: ChannelHandlerContext) {
        guard state.state == .idle else { return }
        let address = context.channel.remoteAddress
        remoteIP = address?.ipAddress ?? "unknown"
        isLoopback = IPAddress(remoteIP)?.isLoopback ?? false
        switch state.activated(refusal: server.limiter.admit(ip: remoteIP)) {
        case .none:
            return
        case .refuse(let refusal):
            send(JSONRPCResponse(id: .null, error: .badRequest(refusal)))
            close(reason: "limit")
            return
        case .admit:
            break
        }
        server.metrics.connectionsTotal.increment()
        server.metrics.connectionsOpen.increment()
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        server.connections.add(id, .init(
            notify: { change in loop.execute { loopBound.value.chainChanged(change) } },
            close: { reason in loop.execute { loopBound.value.close(reason: reason) } }))
        // Loopback clients are trusted; others must be allowed by address, token or client certificate
        // (checked again once TLS has finished and the certificate is known), or come in anonymously when
        // authentication is off.
        authorize(server.authorize(credentials()))
        handshakeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(server.limits.handshakeTimeoutSeconds * 1e9))) {
            if self.state.handshakeDeadlinePassed(versionNegotiated: self.session.version != nil) {
                self.close(reason: "handshake_timeout")
            }
        }
    }

    func authorize(_ decision: ClientAuthorization) {
        guard let granted = state.authorized(decision.clientClass) else { return }
        classLimits = server.limits[granted]
        budget = classLimits.makeBudget(now: Self.now())
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        stallTimer?.cancel()
        cancelled.withLockedValue { $0 = true }
        if state.inactive() {
            server.connections.remove(id)
            server.output.remove(id)
            server.limiter.release(ip: remoteIP, subscriptions: subscriptions.count)
            server.metrics.connectionsOpen.decrement()
            server.returnMemoryIfWorthIt()
        }
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
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls, clientClass == nil {
            authorize(server.authorize(credentials()))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A reset or TLS failure ends this connection only.
        close(reason: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            pump()
            startNotifying()
        } else if state.becameUnwritable(now: Self.now()) {
            armStallTimer()
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
    }

    /// Everything one read brought is queued: start it (together, so pipelined calls share worker trips).
    func channelReadComplete(context: ChannelHandlerContext) {
        pump()
        context.fireChannelReadComplete()
    }

    /// One call on its way to a worker thread: which answer and slot its response fills.
    struct Work {
        var line: Int
        var slot: Int
        var id: JSONRPCID?
        var call: ElectrumCall
        var arrival: Double
    }

    /// Whether queued lines may start now: the client is authorized, its output is flowing, and the cost
    /// budget is not holding a line back.
    var mayStart: Bool {
        guard !closing, let context, context.channel.isWritable, delayed == nil else { return false }
        return true
    }

    /// Starts queued lines while the connection may run more calls, then sends what is ready.
    func pump() {
        var work: [Work] = []
        while mayStart, running + work.count < classLimits.concurrentRequests, let frame = queue.popFirst() {
            if readingPaused && queue.count < Self.queueLimit / 2, let context {
                readingPaused = false
                context.channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
                context.read()
            }
            start(frame, into: &work)
        }
        dispatch(work)
        flushOutput()
    }

    func start(_ frame: ElectrumFrame, into work: inout [Work]) {
        let arrival = Self.now()
        switch frame {
        case .oversized(let bytes):
            server.metrics.refused("oversized")
            emit(JSONRPCResponse(id: .null, error: .invalidRequest("request of \(bytes) bytes is larger than this server's limit of \(server.limits.maxRequestBytes) bytes")).line)
            charge(RequestCostBudget.resultCost(bytes: bytes) + 1)
        case .line(let buffer):
            let bytes = Array(buffer.readableBytesView)
            guard clientClass != nil else {
                authenticate(line: bytes)
                return
            }
            if !sawFirstLine {
                sawFirstLine = true
                if answerNeedlessAuthentication(bytes) { return }
            }
            let received = session.receive(line: bytes)
            if received.isBatch && received.steps.count > server.limits.maxBatch {
                refuseBatch(received.steps)
                return
            }
            if budget != nil {
                let cost = received.steps.reduce(0.0) { total, step in
                    if case .execute(_, let call) = step { return total + call.method.cost }
                    return total + 1
                }
                switch budget!.charge(cost, now: arrival) {
                case .disconnect:
                    disconnectForCost()
                    return
                case .delay(let seconds):
                    delayed = (received.steps, received.isBatch, arrival)
                    context?.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
                        guard let held = self.delayed else { return }
                        self.delayed = nil
                        var work: [Work] = []
                        self.begin(held.steps, isBatch: held.isBatch, arrival: held.arrival, into: &work)
                        self.dispatch(work)
                        self.pump()
                    }
                    return
                case .proceed:
                    break
                }
            }
            begin(received.steps, isBatch: received.isBatch, arrival: arrival, into: &work)
        }
    }

    /// Every request of a batch over the limit gets the refusal, so a client waiting for its answers hears why.
    func refuseBatch(_ steps: [ElectrumSession.Step]) {
        let error = ElectrumRPCError.invalidRequest("batch of \(steps.count) requests is larger than this server's limit of \(server.limits.maxBatch)")
        let refusals = steps.compactMap { step -> JSONRPCResponse? in
            switch step {
            case .execute(let id?, _): return JSONRPCResponse(id: id, error: error)
            case .respond(let r), .respondAndClose(let r): return JSONRPCResponse(id: r.id, error: error)
            default: return nil
            }
        }
        if let line = JSONRPCResponse.batchLine(refusals) { emit(line) }
        charge(Double(steps.count))
    }

    /// One line's answer being put together: a response per slot (its compact JSON object; nil: none to
    /// send), and how many are still being computed.
    struct LineAnswer {
        var responses: [String?]
        var missing: Int
        var isBatch: Bool
        var closeAfter: Bool
    }

    /// Turns a line's steps into an answer: what needs no worker is answered here, the rest is added to `work`.
    func begin(_ steps: [ElectrumSession.Step], isBatch: Bool, arrival: Double, into work: inout [Work]) {
        guard !closing else { return }
        let line = nextLine
        nextLine += 1
        var answer = LineAnswer(responses: [], missing: 0, isBatch: isBatch, closeAfter: false)
        for step in steps {
            switch step {
            case .respond(let response):
                answer.responses.append(response.json.compact)
            case .respondAndClose(let response):
                answer.responses.append(response.json.compact)
                answer.closeAfter = true
            case .ignore:
                break
            case .execute(let id, let call):
                if let ready = answerAtOnce(id: id, call: call, arrival: arrival) {
                    answer.responses.append(ready)
                    continue
                }
                work.append(Work(line: line, slot: answer.responses.count, id: id, call: call, arrival: arrival))
                answer.responses.append(nil)
                answer.missing += 1
            }
        }
        if answer.missing == 0 {
            finish(answer)
        } else {
            answers[line] = answer
        }
    }

    /// The response of a call answered without a worker (connection state, or memory only), or nil.
    func answerAtOnce(id: JSONRPCID?, call: ElectrumCall, arrival: Double) -> String? {
        switch call {
        case .scriptHashUnsubscribe(let sh):
            let removed = subscriptions.remove(sh)
            if removed { server.limiter.unsubscribe(ip: remoteIP) }
            record(call, arrival: arrival, errorCode: nil)
            return JSONRPCResponse(id: id ?? .null, result: ElectrumResult.unsubscribed(removed).json).json.compact
        case .scriptHashSubscribe(let sh, let order):
            if !subscriptions.contains(sh), let refusal = server.limiter.subscribe(ip: remoteIP, held: subscriptions.count) {
                record(call, arrival: arrival, errorCode: ElectrumRPCError.badRequestCode)
                return JSONRPCResponse(id: id ?? .null, error: .badRequest(refusal)).json.compact
            }
            subscriptions.begin(sh, order: order)
        default:
            break
        }
        guard server.executor.isAnsweredFromMemory(call) else { return nil }
        let generation = server.chain.generation
        return respond(id: id, call: call, outcome: Outcome(server.executor.execute(call), generation: generation, id: id), arrival: arrival)
    }

    /// A call's outcome: its result or error, the chain generation it was computed at, and its whole response to
    /// `id` as compact JSON, written where it was computed (on a worker, not the event loop: a history's is
    /// megabytes).
    struct Outcome: Sendable {
        var result: Result<ElectrumResult, ElectrumRPCError>
        var response: String
        var generation: UInt64

        init(_ result: Result<ElectrumResult, ElectrumRPCError>, generation: UInt64, id: JSONRPCID?) {
            self.result = result
            self.generation = generation
            switch result {
            case .success(let value): response = JSONRPCResponse.objectText(id: id ?? .null, resultText: value.compactText)
            case .failure(let error): response = JSONRPCResponse(id: id ?? .null, error: error).json.compact
            }
        }
    }

    /// Sends `work` to the worker threads, in as many parts as there are workers; each part's answers are
    /// sent as soon as it is done. Uncached long histories go on to the heavy lane.
    func dispatch(_ work: [Work]) {
        guard !work.isEmpty, let context else { return }
        running += work.count
        let executor = server.executor
        let chain = server.chain
        let heavyPool = server.heavyPool
        let cancelled = self.cancelled
        let loop = context.eventLoop
        /// Runs one call on a worker; nil when it belongs to the heavy lane (and `heavy` is false).
        @Sendable func run(_ work: Work, heavy: Bool) -> Outcome? {
            if cancelled.withLockedValue({ $0 }) { return Outcome(.failure(.internalError("connection closed")), generation: 0, id: work.id) }
            if !heavy && executor.isHeavy(work.call) { return nil }
            let generation = chain.generation
            return Outcome(executor.execute(work.call), generation: generation, id: work.id)
        }
        let parts = min(work.count, server.workerCount)
        let size = (work.count + parts - 1) / parts
        for start in stride(from: 0, to: work.count, by: size) {
            let part = Array(work[start..<min(start + size, work.count)])
            server.threadPool.runIfActive(eventLoop: loop) {
                part.map { run($0, heavy: false) }
            }.assumeIsolated().whenComplete { result in
                guard case .success(let outcomes) = result else {
                    // The worker pool is shutting down.
                    self.close(reason: nil)
                    return
                }
                var heavy: [Work] = []
                for (w, outcome) in zip(part, outcomes) {
                    if let outcome { self.complete(w, outcome: outcome) } else { heavy.append(w) }
                }
                if !heavy.isEmpty {
                    let heavyWork = heavy
                    heavyPool.runIfActive(eventLoop: loop) {
                        heavyWork.map { run($0, heavy: true)! }
                    }.assumeIsolated().whenComplete { result in
                        guard case .success(let outcomes) = result else {
                            self.close(reason: nil)
                            return
                        }
                        for (w, outcome) in zip(heavy, outcomes) { self.complete(w, outcome: outcome) }
                        self.afterCompletion()
                    }
                }
                self.afterCompletion()
            }
        }
    }

    func afterCompletion() {
        flushOutput()
        pump()
        startNotifying()
    }

    /// A call's outcome came back from a worker: fill its slot, and send its line's answer once whole.
    func complete(_ work: Work, outcome: Outcome) {
        running -= 1
        guard !closing, var answer = answers[work.line] else { return }
        let response = respond(id: work.id, call: work.call, outcome: outcome, arrival: work.arrival)
        if work.id != nil { answer.responses[work.slot] = response }
        answer.missing -= 1
        if answer.missing == 0 {
            answers[work.line] = nil
            finish(answer)
        } else {
            answers[work.line] = answer
        }
    }

    /// Sends a whole line's answer (one line per response, or one array for a batch), charges it, and closes
    /// when the protocol says so.
    func finish(_ answer: LineAnswer) {
        let responses = answer.responses.compactMap { $0 }
        var bytes = 0
        if answer.isBatch {
            // An empty batch (every request a notification) sends nothing, as JSON-RPC 2.0 requires.
            if !responses.isEmpty { bytes += emit("[" + responses.joined(separator: ",") + "]\n") }
        } else {
            for response in responses { bytes += emit(response, newline: true) }
        }
        charge(RequestCostBudget.resultCost(bytes: bytes) + refusalCost)
        refusalCost = 0
        if answer.closeAfter {
            close(reason: nil)
            return
        }
        if state.handshakeComplete(versionNegotiated: session.version != nil) {
            handshakeTimer?.cancel()
            handshakeTimer = nil
        }
    }

    /// Turns a call's outcome into its response (compact JSON, no newline), keeping the connection's
    /// subscription state.
    func respond(id: JSONRPCID?, call: ElectrumCall, outcome: Outcome, arrival: Double) -> String {
        var outcome = outcome
        let generation = outcome.generation
        switch (call, outcome.result) {
        case (.scriptHashSubscribe(let sh, _), .success(.status(let status))):
            let answered = subscriptions.answered(sh, status: status, generation: generation)
            if answered != status { outcome = Outcome(.success(.status(answered)), generation: generation, id: id) }
            // The chain moved while the status was being computed: check this script again.
            if server.chain.generation != generation { merge(ChainChange(tip: nil, touched: [sh])) }
        case (.scriptHashSubscribe(let sh, _), .failure):
            if subscriptions.failed(sh) { server.limiter.unsubscribe(ip: remoteIP) }
        case (.headersSubscribe, .success(.headerTip(let height, _))):
            headersSubscribed = true
            lastTipHeight = max(lastTipHeight, height)
        default:
            break
        }
        var code: Int?
        if case .failure(let error) = outcome.result {
            code = error.code
            if budget != nil, let refusal = error.refusal { refusalCost += classLimits.cost(of: refusal) }
        }
        record(call, arrival: arrival, errorCode: code)
        return outcome.response
    }

    func record(_ call: ElectrumCall, arrival: Double, errorCode: Int?) {
        server.metrics.request(method: call.method.rawValue, duration: .nanoseconds(Int64((Self.now() - arrival) * 1e9)), errorCode: errorCode)
    }

    func charge(_ cost: Double) {
        guard budget != nil, cost > 0 else { return }
        if case .disconnect = budget!.charge(cost, now: Self.now()) { disconnectForCost() }
    }

    /// Over the hard cost limit: say why, and close.
    func disconnectForCost() {
        send(JSONRPCResponse(id: .null, error: .badRequest("excessive resource usage: this connection is being closed")))
        close(reason: "cost")
    }

    /// Closes the connection (once); `reason` counts it among the server's refusals in the metrics.
    func close(reason: String?) {
        guard !closing else { return }
        flushOutput()
        guard state.close() else { return }
        cancelled.withLockedValue { $0 = true }
        if let reason { server.metrics.refused(reason) }
        queue.removeAll()
        answers.removeAll()
        context?.close(promise: nil)
    }
}
