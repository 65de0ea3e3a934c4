import SovPrimitives

/// One wallet transaction in full (`Wallet.transaction(_:)`): its history line, the transaction, and the
/// wallet's part in it.
public struct WalletTransactionDetail: Sendable {
    public var summary: WalletTransaction
    public var transaction: Transaction
    /// Its bytes, as verified against its txid.
    public var raw: [UInt8]
    /// For each input, the wallet's output it spends (nil: not the wallet's).
    public var spent: [WalletOutput?]
    /// For each output, the wallet's output it is (nil: not the wallet's).
    public var paid: [WalletOutput?]
}
