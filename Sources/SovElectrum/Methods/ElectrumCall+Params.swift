import SovJSON
import SovPrimitives

extension ElectrumCall {
    /// The call's parameters as a client sends them: positional, in the protocol's order, optional ones left
    /// out when they have their default. `ElectrumMethodTable` reads them back to this same call (for a
    /// protocol version whose result shape and mempool order the call carries), which the tests check for every
    /// method.
    public var params: [JSONValue] {
        switch self {
        case .blockHeader(let height, let checkpointHeight):
            return [.int(height)] + (checkpointHeight == 0 ? [] : [.int(checkpointHeight)])
        case .blockHeaders(let start, let count, let checkpointHeight, _):
            return [.int(start), .int(count)] + (checkpointHeight == 0 ? [] : [.int(checkpointHeight)])
        case .estimateFee(let blocks, let mode):
            return [.int(blocks)] + (mode.map { [.string($0.rawValue)] } ?? [])
        case .headersSubscribe, .relayFee, .mempoolGetFeeHistogram, .mempoolGetInfo, .serverBanner, .serverDonationAddress,
             .serverFeatures, .serverPeersSubscribe, .serverPing:
            return []
        case .scriptHashGetBalance(let hash), .scriptHashGetHistory(let hash, _), .scriptHashGetMempool(let hash, _),
             .scriptHashListUnspent(let hash), .scriptHashSubscribe(let hash, _), .scriptHashUnsubscribe(let hash):
            return [.string(hash.hex)]
        case .transactionBroadcast(let raw):
            return [.string(Hex.encode(raw))]
        case .transactionBroadcastPackage(let raws, let verbose):
            return [.array(raws.map { .string(Hex.encode($0)) })] + (verbose ? [.bool(true)] : [])
        case .transactionGet(let txid, let verbose):
            return [.string(txid.hex)] + (verbose ? [.bool(true)] : [])
        case .transactionGetMerkle(let txid, let height):
            return [.string(txid.hex), .int(height)]
        case .transactionIDFromPosition(let height, let position, let merkle):
            return [.int(height), .int(position)] + (merkle ? [.bool(true)] : [])
        case .serverAddPeer(let features):
            return [.object(features)]
        case .serverVersion(let clientName, let requested):
            return [.string(clientName), requested.json]
        }
    }
}
