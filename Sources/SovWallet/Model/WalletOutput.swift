import SovPrimitives

/// An unspent output the wallet can spend (or will, once confirmed or mature).
public struct WalletOutput: Sendable, Equatable {
    public var outpoint: OutPoint
    public var value: Amount
    public var script: Script
    public var keychain: Keychain
    /// The derivation index of its script.
    public var index: Int
    /// Its transaction's height, or 0 / -1 in the mempool.
    public var height: Int
    public var isCoinbase: Bool
    /// Whether it can be spent in the next block (confirmed coinbase outputs need 100 confirmations).
    public var isMature: Bool
}
