import SovElectrum
import SovIndex
import SovJSON
import SovPrimitives

/// Executes the Electrum protocol's chain and script calls against the address index (and the mempool
/// view when there is one): headers and checkpoint proofs, script histories, balances, unspent outputs and
/// status hashes, raw transactions, merkle proofs and the fee histogram. Calls that need the node (fees,
/// broadcast, mempool info) or the connection (version, subscriptions' bookkeeping) are the server's.
public struct ElectrumQueryService: Sendable {
    public let index: AddressIndex
    public var mempool: MempoolView?
    /// Longest script history answered; beyond it the call fails with a clear error.
    public var historyLimit: Int
    /// Where computed histories are shared, with the chain generation they belong to.
    public var historyCache: (cache: ScriptHistoryCache, generation: UInt64)?
    /// Where blocks' merkle trees are kept.
    public var merkleCache: BlockMerkleCache?

    public init(index: AddressIndex, mempool: MempoolView? = nil, historyLimit: Int = 100_000,
                historyCache: (cache: ScriptHistoryCache, generation: UInt64)? = nil, merkleCache: BlockMerkleCache? = nil) {
        self.merkleCache = merkleCache
        self.index = index
        self.mempool = mempool
        self.historyLimit = historyLimit
        self.historyCache = historyCache
    }

    static let maximumHeadersPerRequest = 2016

    public func execute(_ call: ElectrumCall) throws(ElectrumRPCError) -> JSONValue {
        do {
            switch call {
            case .headersSubscribe:
                guard let tip = index.tip, let header = try index.header(height: tip.height) else { throw ElectrumRPCError.internalError("the index is empty") }
                return ElectrumResults.headerTip(height: tip.height, header: header.serialized)
            case .blockHeader(let height, let checkpointHeight):
                let header = try header(at: height)
                guard checkpointHeight > 0 else { return .string(header.hex) }
                return try checkpointProof(height: height, checkpointHeight: checkpointHeight).blockHeaderResult(header: header)
            case .blockHeaders(let start, let count, let checkpointHeight, let shape):
                let tipHeight = index.tip?.height ?? -1
                let end = min(start + min(count, Self.maximumHeadersPerRequest), tipHeight + 1)
                let headers = start < end ? try (start..<end).map { try header(at: $0) } : []
                var proof: MerkleBranch?
                if checkpointHeight > 0 && !headers.isEmpty {
                    proof = try checkpointProof(height: end - 1, checkpointHeight: checkpointHeight)
                }
                return ElectrumResults.blockHeaders(headers, max: Self.maximumHeadersPerRequest, shape: shape, checkpointProof: proof)
            case .scriptHashGetBalance(let sh):
                let h = try history(sh)
                return ElectrumResults.balance(confirmed: h.confirmedBalance.satoshis, unconfirmed: h.unconfirmedBalance.satoshis)
            case .scriptHashGetHistory(let sh, let order):
                return .array(electrumHistory(try history(sh)).items(mempoolOrder: order).map(Self.historyItem))
            case .scriptHashGetMempool(let sh, let order):
                let h = electrumHistory(try history(sh))
                return .array(h.mempool(in: order).map { u in
                    .object(JSONObject([("tx_hash", .string(u.txid.hex)), ("height", .int(u.height)), ("fee", .int(u.fee))]))
                })
            case .scriptHashListUnspent(let sh):
                let h = try history(sh)
                return ElectrumResults.listUnspent(h.unspent.compactMap { u in
                    ElectrumHash(bytes: u.txid.bytes).map { ElectrumResults.Unspent(txid: $0, vout: Int(u.vout), height: u.height.wire, value: u.value.satoshis) }
                })
            case .scriptHashSubscribe(let sh, let order):
                return ScriptHashStatus.hash(of: electrumHistory(try history(sh)).items(mempoolOrder: order)).map(JSONValue.string) ?? .null
            case .transactionGet(let txid, let verbose):
                guard !verbose else { throw ElectrumRPCError(code: ElectrumRPCError.badRequestCode, "verbose transactions need the node") }
                return .string(try rawTransaction(txid.bytes).hex)
            case .transactionGetMerkle(let txid, let height):
                guard let position = try index.position(ofTxid: txid.bytes), Int(position.height) == height else {
                    throw ElectrumRPCError(code: ElectrumRPCError.badRequestCode, "tx \(txid.hex) not in block at height \(height)")
                }
                return try merkleBranch(height: height, position: Int(position.index)).getMerkleResult(blockHeight: height)
            case .transactionIDFromPosition(let height, let position, let merkle):
                let txids = try blockTxids(height: height)
                guard position >= 0, position < txids.count, let txid = ElectrumHash(bytes: txids[position]) else {
                    throw ElectrumRPCError(code: ElectrumRPCError.badRequestCode, "no transaction at position \(position) in block \(height)")
                }
                guard merkle else { return .string(txid.hex) }
                return try MerkleBranch(leaves: txids, index: position).idFromPositionResult(txid: txid)
            case .mempoolGetFeeHistogram:
                return FeeHistogram(transactions: mempool?.feeAndSizes ?? []).json
            default:
                throw ElectrumRPCError.methodNotFound("\(call.method) is answered by the server, not the index")
            }
        } catch let error as ElectrumRPCError {
            throw error
        } catch let error as IndexError {
            if case .historyTooLarge(_, let limit) = error {
                throw ElectrumRPCError(code: ElectrumRPCError.badRequestCode, error.description, refusal: .historyTooLarge(limit: limit))
            }
            throw ElectrumRPCError.internalError(error.description)
        } catch {
            throw ElectrumRPCError.internalError("\(error)")
        }
    }

    static func historyItem(_ item: (txHash: String, height: Int)) -> JSONValue {
        .object(JSONObject([("tx_hash", .string(item.txHash)), ("height", .int(item.height))]))
    }

    func header(at height: Int) throws -> [UInt8] {
        guard height >= 0, let header = try index.header(height: height) else {
            throw ElectrumRPCError(code: ElectrumRPCError.badRequestCode, "height \(height) out of range")
        }
        return header.serialized
    }

    func checkpointProof(height: Int, checkpointHeight: Int) throws -> MerkleBranch {
        guard checkpointHeight <= (index.tip?.height ?? -1), height <= checkpointHeight else {
            throw ElectrumRPCError(code: ElectrumRPCError.badRequestCode, "header height \(height) must be ≤ cp_height \(checkpointHeight) ≤ tip")
        }
        let hashes = try (0...checkpointHeight).map { try index.blockRecord(height: $0)!.hash }
        return try MerkleBranch.checkpointProof(headerHashes: hashes, height: height)
    }

    func history(_ sh: ElectrumHash) throws -> ScriptHashHistory {
        if let (cache, generation) = historyCache, let kept = cache.history(sh.bytes, generation: generation) { return kept }
        let computed = try index.history(scriptHash: sh.bytes, mempool: mempool, limit: historyLimit)
        if let (cache, generation) = historyCache { cache.keep(computed, for: sh.bytes, generation: generation) }
        return computed
    }

    func electrumHistory(_ h: ScriptHashHistory) -> ElectrumHistory {
        var confirmed: [ElectrumHistory.Confirmed] = []
        var unconfirmed: [ElectrumHistory.Unconfirmed] = []
        for e in h.history {
            guard let txid = ElectrumHash(bytes: e.txid.bytes) else { continue }
            if let position = e.position {
                confirmed.append(.init(txid: txid, height: e.height.wire, position: position))
            } else {
                unconfirmed.append(.init(txid: txid, hasUnconfirmedParent: e.height == .mempoolWithUnconfirmedParent, fee: e.fee?.satoshis ?? 0))
            }
        }
        // The index lists mempool transactions by txid; the protocol's canonical order (which earlier versions,
        // whose order is free, get too) is SovElectrum's.
        return ElectrumHistory(confirmed: confirmed, mempool: ElectrumHistory(confirmed: [], mempool: unconfirmed).mempool(in: .canonical))
    }

    /// The merkle tree of the block at `height` (its leaves are the block's txids), kept when there is a cache.
    func merkleTree(height: Int) throws -> MerkleTree {
        guard height >= 0, height <= (index.tip?.height ?? -1), let record = try index.blockRecord(height: height) else {
            throw ElectrumRPCError(code: ElectrumRPCError.badRequestCode, "height \(height) out of range")
        }
        let make = { try MerkleTree(leaves: try Block(bytes: try index.rawBlock(height: height)).transactions.map(\.txid)) }
        return try merkleCache?.tree(blockHash: record.hash, make: make) ?? make()
    }

    func blockTxids(height: Int) throws -> [[UInt8]] {
        try merkleTree(height: height).leaves
    }

    func merkleBranch(height: Int, position: Int) throws -> MerkleBranch {
        try merkleTree(height: height).branch(index: position)
    }

    func rawTransaction(_ txid: [UInt8]) throws -> [UInt8] {
        if let tx = mempool?.transaction(txid: txid) { return tx.serialized() }
        guard let position = try index.position(ofTxid: txid) else {
            throw ElectrumRPCError(code: ElectrumRPCError.badRequestCode, "no transaction \(Hex.encodeReversed(txid)) in the index or mempool")
        }
        return try index.transaction(at: position).tx.serialized()
    }
}
