/// Where a transaction is: in a block at a height, or in the mempool, spending only confirmed outputs or at
/// least one unconfirmed one. The Electrum protocol writes it as one number (the height, 0, or -1); the
/// numbers exist only on the wire (`wire`).
public enum TransactionHeight: Hashable, Sendable {
    case confirmed(Int)
    case mempool
    case mempoolWithUnconfirmedParent

    /// From the wire's number; nil below -1.
    public init?(wire: Int) {
        switch wire {
        case 1...: self = .confirmed(wire)
        case 0: self = .mempool
        case -1: self = .mempoolWithUnconfirmedParent
        default: return nil
        }
    }

    /// A mempool transaction's height by whether it spends an unconfirmed output.
    public init(unconfirmedWithParent hasUnconfirmedParent: Bool) {
        self = hasUnconfirmedParent ? .mempoolWithUnconfirmedParent : .mempool
    }

    /// The wire's number.
    public var wire: Int {
        switch self {
        case .confirmed(let height): return height
        case .mempool: return 0
        case .mempoolWithUnconfirmedParent: return -1
        }
    }

    public var isConfirmed: Bool {
        if case .confirmed = self { return true }
        return false
    }
}
