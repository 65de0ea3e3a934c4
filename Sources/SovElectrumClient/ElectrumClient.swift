import NIOCore
import SovElectrum
import SovJSON

/// A JSON-RPC 2.0 client for the Electrum protocol on top of an `ElectrumConnection`.
///
/// Calls get increasing integer ids and may run concurrently; answers are matched by id whatever order they come
/// in, and may be interleaved with notifications. A batch goes out as one JSON array line and its answers are
/// returned in the order of the calls. Every call (or batch) is given `callTimeout` to be answered; when the
/// connection closes, every call still waiting fails with `ElectrumClientError.closed`.
///
/// The client reads every line of its connection: once it wraps one, do not call `nextLine` on it yourself.
public final class ElectrumClient: Sendable {
    /// The connection underneath.
    public let connection: ElectrumConnection
    /// How long a call or batch may wait for its answers.
    public let callTimeout: Duration

    private let pending = PendingCalls()
    private let notificationStream: AsyncStream<ElectrumNotification>
    private let notificationSink: AsyncStream<ElectrumNotification>.Continuation

    /// Wraps `connection`, reading its lines from now on.
    public init(connection: ElectrumConnection, callTimeout: Duration = .seconds(60)) {
        self.connection = connection
        self.callTimeout = callTimeout
        (notificationStream, notificationSink) = AsyncStream.makeStream(of: ElectrumNotification.self)
        let parser = JSONRPCLineParser(limits: JSONRPCLimits(maxLineBytes: connection.maxLineBytes, maxBatchCount: .max))
        let pending = pending, sink = notificationSink, inbox = connection.inbox
        connection.eventLoop.execute {
            inbox.attach { event in
                switch event {
                case .line(let bytes):
                    Self.receive(parser.parse(line: bytes), pending: pending, notifications: sink)
                case .end(let end):
                    pending.finish(end.error)
                    sink.finish()
                }
            }
        }
    }

    deinit {
        notificationSink.finish()
        connection.channel.close(promise: nil)
    }

    /// Connects to `address` (see `ElectrumConnection.connect`) and wraps the connection in a client.
    public static func connect(to address: ElectrumServerAddress, tls: ElectrumClientTLS = .acceptAny,
                               headers: [(String, String)] = [], timeout: Duration = .seconds(10),
                               maxLineBytes: Int = ElectrumConnection.defaultMaxLineBytes,
                               callTimeout: Duration = .seconds(60)) async throws -> ElectrumClient {
        let connection = try await ElectrumConnection.connect(to: address, tls: tls, headers: headers, timeout: timeout,
                                                              maxLineBytes: maxLineBytes)
        return ElectrumClient(connection: connection, callTimeout: callTimeout)
    }

    /// Notifications from the server (requests without an id), in arrival order: subscription updates such as
    /// `blockchain.headers.subscribe` and `blockchain.scripthash.subscribe`. The stream ends when the connection
    /// closes. One task at a time may iterate it.
    public var notifications: AsyncStream<ElectrumNotification> { notificationStream }

    /// Calls `method` with positional `params` and returns its result.
    ///
    /// - Throws: `ElectrumClientError.server(code:message:)` for an error answer, `.timeout`, `.closed`,
    ///   `.protocolViolation` for a malformed answer, or `CancellationError`.
    public func call(_ method: String, _ params: [JSONValue] = []) async throws -> JSONValue {
        let outcomes = try await exchange([(method, params)], asBatch: false)
        guard let outcome = outcomes.first else { throw ElectrumClientError.protocolViolation("no answer") }
        return try outcome.get()
    }

    /// Sends `calls` as one JSON-RPC batch (one JSON array line) and returns each call's outcome, in order.
    /// An empty batch sends nothing.
    ///
    /// - Throws: `ElectrumClientError.timeout` or `.closed` when not every call was answered, or
    ///   `CancellationError`; errors of single calls are in their outcomes.
    public func batch(_ calls: [(method: String, params: [JSONValue])]) async throws -> [Result<JSONValue, ElectrumClientError>] {
        guard !calls.isEmpty else { return [] }
        return try await exchange(calls, asBatch: true)
    }

    /// Sends one typed call (`ElectrumCall`, as SovElectrum defines and checks them) and returns its result.
    public func call(_ call: ElectrumCall) async throws -> JSONValue {
        try await self.call(call.method.rawValue, call.params)
    }

    /// Sends typed calls as one batch; each result in call order.
    public func batch(_ calls: [ElectrumCall]) async throws -> [Result<JSONValue, ElectrumClientError>] {
        try await batch(calls.map { (method: $0.method.rawValue, params: $0.params) })
    }

    /// Closes the connection; calls still waiting fail with `ElectrumClientError.closed`.
    public func close() async {
        await connection.close()
        pending.finish(.closed)
        notificationSink.finish()
    }

    /// Sends the requests for `calls` (an array line when `asBatch`) and waits for all their answers.
    private func exchange(_ calls: [(method: String, params: [JSONValue])], asBatch: Bool) async throws -> [PendingCalls.Outcome] {
        let (group, ids) = pending.reserve(count: calls.count)
        let requests = zip(ids, calls).map { id, call in
            JSONRPCRequest(id: .int(id), method: call.method, params: .positional(call.params)).json
        }
        let text = asBatch ? JSONValue.array(requests).compact : requests[0].compact
        let pending = pending, connection = connection, limit = callTimeout.timeAmount
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard pending.wait(group: group, continuation: continuation) else { return }
                pending.attach(connection.eventLoop.scheduleTask(in: limit) {
                    pending.fail(group: group, with: ElectrumClientError.timeout)
                }, to: group)
                connection.write(Array(text.utf8), terminated: true).whenFailure { error in
                    pending.fail(group: group, with: error)
                }
            }
        } onCancel: {
            pending.fail(group: group, with: CancellationError())
        }
    }

    /// Routes the messages of one incoming line: answers to their calls, notifications to the stream.
    private static func receive(_ incoming: JSONRPCIncoming, pending: PendingCalls,
                                notifications: AsyncStream<ElectrumNotification>.Continuation) {
        for message in incoming.messages {
            switch message {
            case .response(let response):
                pending.answer(response.id, response.outcome.mapError { .server(code: $0.code, message: $0.message) })
            case .request(let request):
                // Electrum servers only send notifications; a request expecting an answer is ignored.
                guard request.isNotification else { continue }
                let params: [JSONValue]
                switch request.params {
                case .positional(let items): params = items
                case .named(let object): params = [.object(object)]
                }
                notifications.yield(ElectrumNotification(method: request.method, params: params))
            case .invalid(let id, let error):
                // A malformed answer fails the call it names; garbage naming no call is dropped.
                pending.answer(id, .failure(.protocolViolation(error.message)))
            }
        }
    }
}
