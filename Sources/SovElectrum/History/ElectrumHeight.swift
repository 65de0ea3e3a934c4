/// Where a transaction of a script's history is, as the Electrum protocol's `height` field says it: a block
/// height, 0 for a mempool transaction whose inputs are all confirmed, -1 for one spending an unconfirmed
/// output. The numbers exist only on the wire.
public enum ElectrumHeight: Hashable, Sendable {
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
