import SovPrimitives

/// What the index knows about one script: its confirmed history, unspent outputs and balance.
public struct ScriptHashHistory: Sendable {
    public struct Entry: Sendable, Equatable {
        public var txid: [UInt8]
        /// Block height; 0 for mempool transactions whose inputs are all confirmed, -1 otherwise.
        public var height: Int
        /// Position in the block (confirmed only).
        public var position: Int?
        /// Fee in satoshis (mempool only).
        public var fee: Int64?
    }

    public struct Unspent: Sendable, Equatable {
        public var txid: [UInt8]
        public var vout: UInt32
        public var height: Int
        public var value: Int64
    }

    /// The SHA-256 of the script (internal order; the Electrum form is its reverse in hex).
    public var scriptHash: [UInt8]
    /// Confirmed entries in block order, then mempool entries by txid as displayed (a protocol applies its own order).
    public var history: [Entry]
    public var unspent: [Unspent]
    public var confirmedBalance: Int64
    public var unconfirmedBalance: Int64

    /// The Electrum protocol's scripthash text.
    public var electrumScriptHash: String { Hex.encodeReversed(scriptHash) }
}
