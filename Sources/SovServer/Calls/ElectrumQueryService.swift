import SovElectrum
import SovIndex
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

    // MARK: - The calls (`ElectrumCallExecutor` routes each here; errors other than `ElectrumRPCError` are
    // the index's, which the executor translates)

    /// `blockchain.headers.subscribe`.
    public func headerTip() throws -> ElectrumResult {
        guard let tip = index.tip, let header = try index.header(height: tip.height) else { throw ElectrumRPCError.internalError("the index is empty") }
        return .headerTip(height: tip.height, header: header.serialized)
    }

    /// `blockchain.block.header`.
    public func blockHeader(height: Int, checkpointHeight: Int) throws -> ElectrumResult {
        let header = try header(at: height)
        guard checkpointHeight > 0 else { return .header(header, proof: nil) }
        return .header(header, proof: try checkpointProof(height: height, checkpointHeight: checkpointHeight))
    }

    /// `blockchain.block.headers`: at most `maximumHeadersPerRequest`, stopping at the tip.
    public func blockHeaders(startHeight start: Int, count: Int, checkpointHeight: Int, shape: HeadersResultShape) throws -> ElectrumResult {
        let tipHeight = index.tip?.height ?? -1
        let end = min(start + min(count, Self.maximumHeadersPerRequest), tipHeight + 1)
        let headers = start < end ? try (start..<end).map { try header(at: $0) } : []
        var proof: MerkleBranch?
        if checkpointHeight > 0 && !headers.isEmpty {
            proof = try checkpointProof(height: end - 1, checkpointHeight: checkpointHeight)
        }
        return .headers(headers, max: Self.maximumHeadersPerRequest, shape: shape, proof: proof)
    }

    /// `blockchain.scripthash.get_balance`.
    public func balance(_ sh: ScriptHash) throws -> ElectrumResult {
        let h = try history(sh)
        return .balance(confirmed: h.confirmedBalance, unconfirmed: h.unconfirmedBalance)
    }

    /// `blockchain.scripthash.get_history`.
    public func history(_ sh: ScriptHash, mempoolOrder order: MempoolOrder) throws -> ElectrumResult {
        .history(electrumHistory(try history(sh)), mempoolOrder: order)
    }

    /// `blockchain.scripthash.get_mempool`.
    public func mempool(_ sh: ScriptHash, mempoolOrder order: MempoolOrder) throws -> ElectrumResult {
        .mempool(electrumHistory(try history(sh)), mempoolOrder: order)
    }

    /// `blockchain.scripthash.listunspent`.
    public func unspent(_ sh: ScriptHash) throws -> ElectrumResult {
        .unspent(try history(sh).unspent.map { ElectrumResults.Unspent(txid: $0.txid, vout: Int($0.vout), height: $0.height, value: $0.value) })
    }

    /// `blockchain.scripthash.subscribe`'s answer (and what a notification carries): the status.
    public func status(_ sh: ScriptHash, mempoolOrder order: MempoolOrder) throws -> ElectrumResult {
        .status(electrumHistory(try history(sh)).status(mempoolOrder: order))
    }

    /// `blockchain.transaction.get` without `verbose` (a verbose one is the node's).
    public func transaction(_ txid: Txid) throws -> ElectrumResult {
        .rawTransaction(try rawTransaction(txid))
    }

    /// `blockchain.transaction.get_merkle`.
    public func transactionMerkle(_ txid: Txid, height: Int) throws -> ElectrumResult {
        guard let position = try index.position(ofTxid: txid), Int(position.height) == height else {
            throw ElectrumRPCError(code: ElectrumRPCError.badRequestCode, "tx \(txid) not in block at height \(height)")
        }
        return .transactionMerkle(try merkleBranch(height: height, position: Int(position.index)), blockHeight: height)
    }

    /// `blockchain.transaction.id_from_pos`.
    public func transactionID(height: Int, position: Int, merkle: Bool) throws -> ElectrumResult {
        let tree = try merkleTree(height: height)
        guard position >= 0, position < tree.leaves.count, let txid = Txid(bytes: tree.leaves[position]) else {
            throw ElectrumRPCError(code: ElectrumRPCError.badRequestCode, "no transaction at position \(position) in block \(height)")
        }
        return .transactionID(txid, proof: merkle ? try tree.branch(index: position) : nil)
    }

    /// `mempool.get_fee_histogram`.
    public func feeHistogram() -> ElectrumResult {
        .feeHistogram(FeeHistogram(transactions: mempool?.feeAndSizes ?? []))
    }

    // MARK: - Reading the index

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
        let hashes = try (0...checkpointHeight).map { try index.blockRecord(height: $0)!.hash.bytes }
        return try MerkleBranch.checkpointProof(headerHashes: hashes, height: height)
    }

    func history(_ sh: ScriptHash) throws -> ScriptHashHistory {
        if let (cache, generation) = historyCache {
            if let kept = cache.history(sh, generation: generation) { return kept }
            if cache.refusedLimit(sh, generation: generation) == historyLimit {
                throw IndexError.historyTooLarge(scriptHash: sh, limit: historyLimit)
            }
        }
        let computed: ScriptHashHistory
        do {
            computed = try index.history(scriptHash: sh, mempool: mempool, limit: historyLimit)
        } catch .historyTooLarge(let scriptHash, let limit) {
            if let (cache, generation) = historyCache { cache.keepRefusal(of: sh, limit: limit, generation: generation) }
            throw IndexError.historyTooLarge(scriptHash: scriptHash, limit: limit)
        }
        if let (cache, generation) = historyCache { cache.keep(computed, for: sh, generation: generation) }
        return computed
    }

    func electrumHistory(_ h: ScriptHashHistory) -> ElectrumHistory {
        var confirmed: [ElectrumHistory.Confirmed] = []
        var unconfirmed: [ElectrumHistory.Unconfirmed] = []
        for e in h.history {
            switch (e.height, e.position) {
            case (.confirmed(let height), let position?):
                confirmed.append(.init(txid: e.txid, blockHeight: height, position: position))
            default:
                unconfirmed.append(.init(txid: e.txid, hasUnconfirmedParent: e.height == .mempoolWithUnconfirmedParent, fee: e.fee ?? .zero))
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
        let make = { try MerkleTree(leaves: try index.blockTxids(height: height).map(\.bytes)) }
        return try merkleCache?.tree(blockHash: record.hash, make: make) ?? make()
    }

    func merkleBranch(height: Int, position: Int) throws -> MerkleBranch {
        try merkleTree(height: height).branch(index: position)
    }

    func rawTransaction(_ txid: Txid) throws -> [UInt8] {
        if let tx = mempool?.transaction(txid: txid) { return tx.serialized() }
        guard let bytes = try index.rawTransaction(ofTxid: txid) else {
            throw ElectrumRPCError(code: ElectrumRPCError.badRequestCode, "no transaction \(txid) in the index or mempool")
        }
        return bytes
    }
}
