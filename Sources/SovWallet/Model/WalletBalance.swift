import SovPrimitives

/// What a wallet holds, as Electrum splits it.
public struct WalletBalance: Sendable, Equatable {
    /// Unspent outputs of confirmed transactions, less immature coinbase outputs.
    public var confirmed: Amount
    /// Mempool outputs to the wallet, less confirmed outputs that mempool transactions spend (may be negative).
    public var unconfirmed: Amount
    /// Unspent coinbase outputs that cannot be spent in the next block (fewer than 100 confirmations then).
    public var immature: Amount

    public init(confirmed: Amount, unconfirmed: Amount, immature: Amount) {
        self.confirmed = confirmed
        self.unconfirmed = unconfirmed
        self.immature = immature
    }

    public var total: Amount { Amount(satoshis: confirmed.satoshis + unconfirmed.satoshis + immature.satoshis) }
}
