import SovPrimitives

/// One transaction of the wallet's history and what it did to the wallet.
public struct WalletTransaction: Sendable, Equatable {
    public var txid: Txid
    /// The block height (merkle proof verified), or 0 / -1 in the mempool.
    public var height: Int
    /// Its position in the block; nil in the mempool.
    public var position: Int?
    /// The time of its block (from the validated header); nil in the mempool.
    public var blockTime: UInt32?
    /// What it paid to the wallet's scripts.
    public var received: Amount
    /// What it spent of the wallet's outputs.
    public var sent: Amount
    /// The fee, when every input it spends is known to the wallet (always for the wallet's own payments).
    public var fee: Amount?
    public var virtualSize: Int

    /// received − sent, in satoshis.
    public var delta: Int64 { received.satoshis - sent.satoshis }
}
