import SovPrimitives

/// What the index knows about one script: its confirmed history, unspent outputs and balance.
public struct ScriptHashHistory: Sendable {
    public struct Entry: Sendable, Equatable {
        public var txid: Txid
        public var height: TransactionHeight
        /// Position in the block (confirmed only).
        public var position: Int?
        /// Fee (mempool only).
        public var fee: Amount?
    }

    public struct Unspent: Sendable, Equatable {
        public var txid: Txid
        public var vout: UInt32
        public var height: TransactionHeight
        public var value: Amount
    }

    public var scriptHash: ScriptHash
    /// Confirmed entries in block order, then mempool entries by txid as displayed (a protocol applies its own order).
    public var history: [Entry]
    public var unspent: [Unspent]
    public var confirmedBalance: Amount
    public var unconfirmedBalance: Amount
}
