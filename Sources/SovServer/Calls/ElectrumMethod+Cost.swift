import SovElectrum

extension ElectrumMethod {
    /// What a request of this method costs a client's budget before it runs (`RequestCostBudget`, ElectrumX's
    /// model): the cheap handshake and server calls half, plain lookups 1, script queries (which read a history)
    /// 2, header ranges and proofs (which read blocks) 3, broadcasts (which go to the node) 5. The answer's
    /// size is charged on top (`RequestCostBudget.resultCost`). Exhaustive: a new method must say its cost.
    public var cost: Double {
        switch self {
        case .serverVersion, .serverPing, .serverBanner, .serverFeatures, .serverDonationAddress:
            return 0.5
        case .blockHeader, .estimateFee, .headersSubscribe, .relayFee, .scriptHashUnsubscribe, .transactionGet,
             .mempoolGetFeeHistogram, .mempoolGetInfo, .serverAddPeer, .serverPeersSubscribe:
            return 1
        case .scriptHashGetBalance, .scriptHashGetHistory, .scriptHashGetMempool, .scriptHashListUnspent, .scriptHashSubscribe:
            return 2
        case .blockHeaders, .transactionGetMerkle, .transactionIDFromPosition:
            return 3
        case .transactionBroadcast, .transactionBroadcastPackage:
            return 5
        }
    }
}
