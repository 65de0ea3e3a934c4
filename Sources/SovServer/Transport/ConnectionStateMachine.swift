/// The life of one client connection as a value, beside its handler in swift-nio's style: the handler tells
/// it what happened and does what it answers. It holds no channel, timer or clock (times come in as
/// arguments), so every transition is tested without sockets (`ConnectionStateMachineTests`).
///
/// ```
/// idle ──activated──► unauthorized ──authorized(class)──► serving(class)
///   │ (refused)            │                                   │
///   └──────────────────────┴──────────── close / inactive ─────┴──► closed
/// ```
///
/// Beside the lifecycle it keeps the slow-reader window: from the moment the channel became unwritable, the
/// client must take `window` bytes within the timeout while answers wait, or it is cut off.
struct ConnectionStateMachine {
    enum State: Equatable {
        /// Not active yet.
        case idle
        /// Admitted (it holds a slot in the server's tables) but not yet authorized: the TLS client
        /// certificate or a `server.authenticate` token may still come.
        case unauthorized
        /// Authorized: this class's limits apply.
        case serving(ClientClass)
        /// Closing or closed: nothing new starts, nothing more is sent.
        case closed
    }

    private(set) var state: State = .idle
    /// Whether the connection holds a slot in the server's tables (admitted, not yet released).
    private(set) var holdsSlot = false

    /// Since when answers have waited with the channel unwritable, and what the client took since then.
    struct Stall: Equatable {
        var since: Double
        var taken: Int
    }

    private(set) var stall: Stall?

    // MARK: - Lifecycle

    enum ActivationAction: Equatable {
        /// Register the connection and start the handshake deadline.
        case admit
        /// Send the refusal, then close (counted as `limit`); the connection holds no slot.
        case refuse(String)
        /// Already active or closed: nothing to do.
        case none
    }

    /// The channel became active; `refusal` is the limiter's answer to its address.
    mutating func activated(refusal: String?) -> ActivationAction {
        guard state == .idle else { return .none }
        if let refusal { return .refuse(refusal) }
        state = .unauthorized
        holdsSlot = true
        return .admit
    }

    /// A decision on the client's credentials. Returns the class to apply the first time one is granted;
    /// nil when there is nothing to change (refused, already authorized, or closed).
    mutating func authorized(_ granted: ClientClass?) -> ClientClass? {
        guard state == .unauthorized, let granted else { return nil }
        state = .serving(granted)
        return granted
    }

    /// The class whose limits apply, once authorized.
    var clientClass: ClientClass? {
        if case .serving(let granted) = state { return granted }
        return nil
    }

    var isClosed: Bool { state == .closed }

    /// Whether the handshake is complete: a protocol version negotiated and the client authorized (the
    /// handshake deadline no longer applies).
    func handshakeComplete(versionNegotiated: Bool) -> Bool {
        versionNegotiated && clientClass != nil
    }

    /// The handshake deadline passed: whether to close (the client has not finished its handshake).
    func handshakeDeadlinePassed(versionNegotiated: Bool) -> Bool {
        !isClosed && !handshakeComplete(versionNegotiated: versionNegotiated)
    }

    /// A close was asked for: true the first time (the handler then cancels pending work and closes the
    /// channel), false once closing.
    mutating func close() -> Bool {
        guard state != .closed else { return false }
        state = .closed
        return true
    }

    /// The channel went inactive: whether to release the connection's slot (true once, if it held one).
    mutating func inactive() -> Bool {
        state = .closed
        stall = nil
        defer { holdsSlot = false }
        return holdsSlot
    }

    // MARK: - Slow readers

    /// The channel became unwritable at `now`: true when a stall starts (arm the timer), false when one is
    /// already being timed.
    mutating func becameUnwritable(now: Double) -> Bool {
        guard stall == nil, !isClosed else { return false }
        stall = Stall(since: now, taken: 0)
        return true
    }

    /// The socket took `bytes`, leaving `stillQueued`. Taking everything ends the stall; taking a whole
    /// `window` while answers still wait starts a new one (the client reads, slowly).
    mutating func took(_ bytes: Int, stillQueued: Int, window: Int, now: Double) {
        guard var current = stall else { return }
        current.taken += bytes
        if stillQueued == 0 {
            stall = nil
        } else if current.taken >= window {
            stall = Stall(since: now, taken: 0)
        } else {
            stall = current
        }
    }

    enum StallCheck: Equatable {
        /// No stall (or closed): no timer needed.
        case none
        /// Check again after this many seconds (the current window ends then).
        case checkAgain(after: Double)
        /// The window passed without the client taking enough: close as a slow reader.
        case close
    }

    /// What the stall timer should do at `now` with the slow-reader `timeout`.
    func stallCheck(now: Double, timeout: Double) -> StallCheck {
        guard let stall, !isClosed else { return .none }
        let due = stall.since + timeout - now
        return due <= 0 ? .close : .checkAgain(after: due)
    }
}
