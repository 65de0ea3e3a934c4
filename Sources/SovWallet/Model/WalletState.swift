import SovPrimitives

/// The tip of the header chain a wallet validated.
public struct WalletTip: Sendable, Equatable {
    public var height: Int
    public var hash: BlockHash
}

/// The last successful sync: from which server, and when (seconds since 1970).
public struct LastSync: Sendable, Equatable {
    public var server: String
    public var time: Int
}

/// One of the wallet's scripts and its address (nil for scripts without one).
public struct WalletAddress: Sendable, Equatable {
    public var keychain: Keychain
    public var index: Int
    public var script: Script
    public var address: String?
}

/// How much a wallet holds: scripts derived, scripts with history, transactions.
public struct WalletCounts: Sendable, Equatable {
    public var scripts: Int
    public var usedScripts: Int
    public var transactions: Int
}
