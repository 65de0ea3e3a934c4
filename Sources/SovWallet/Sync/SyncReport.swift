import SovPrimitives

/// What one `sync` did and verified.
public struct SyncReport: Sendable, Equatable {
    /// The server synced from, as given.
    public var server: String
    /// The validated chain's tip after the sync.
    public var tipHeight: Int
    public var tipHash: BlockHash
    /// Headers downloaded and validated in this sync.
    public var headersAdded: Int
    /// When the server's chain had replaced blocks the wallet had verified: the last height both share.
    public var reorganizedAt: Int?
    /// Scripts whose status was asked.
    public var scriptsChecked: Int
    /// Scripts whose status had changed, so whose history was fetched and checked against it.
    public var historiesFetched: Int
    /// Transactions downloaded (each checked to hash to its txid).
    public var transactionsFetched: Int
    /// Merkle proofs checked against the validated headers.
    public var proofsVerified: Int
}

/// Where a sync is, for a progress display.
public enum SyncProgress: Sendable {
    case headers(done: Int, total: Int)
    case scripts(checked: Int, used: Int)
    case transactions(done: Int, total: Int)
}
