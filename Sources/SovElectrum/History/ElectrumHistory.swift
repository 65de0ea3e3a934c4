import SovJSON
import SovPrimitives

/// How mempool transactions are ordered after the confirmed ones, in a status and in `get_history`/`get_mempool`.
public enum MempoolOrder: Equatable, Sendable {
    /// Protocol 1.6's canonical order `(-height, tx_hash)`: height 0 (all inputs confirmed) before -1, then by
    /// the txid as displayed (hex string order). Also a valid choice for earlier versions.
    case canonical
    /// Before 1.6 the order was undefined ("mempool transactions in any order"): the order of the listing the
    /// caller built is used as is, and the same listing must be what `get_history` returns.
    case asListed
}

/// The history of one script hash as the Electrum methods present it: confirmed transactions in block order,
/// then mempool transactions; each transaction once, however many of its inputs and outputs touch the script.
public struct ElectrumHistory: Equatable, Sendable {
    /// A confirmed transaction touching the script.
    public struct Confirmed: Equatable, Sendable {
        public var txid: Txid
        public var blockHeight: Int
        /// Position in its block, which orders transactions of the same block.
        public var position: Int

        public init(txid: Txid, blockHeight: Int, position: Int) {
            self.txid = txid
            self.blockHeight = blockHeight
            self.position = position
        }

        public var height: TransactionHeight { .confirmed(blockHeight) }
    }

    /// A mempool transaction touching the script.
    public struct Unconfirmed: Equatable, Sendable {
        public var txid: Txid
        /// Whether any input spends another mempool transaction's output.
        public var hasUnconfirmedParent: Bool
        public var fee: Amount

        public init(txid: Txid, hasUnconfirmedParent: Bool, fee: Amount) {
            self.txid = txid
            self.hasUnconfirmedParent = hasUnconfirmedParent
            self.fee = fee
        }

        /// `.mempool`, or `.mempoolWithUnconfirmedParent` (the wire's 0 and -1).
        public var height: TransactionHeight { TransactionHeight(unconfirmedWithParent: hasUnconfirmedParent) }
    }

    /// One entry as a status hashes it and `get_history` lists it.
    public struct Item: Equatable, Sendable {
        public var txid: Txid
        public var height: TransactionHeight

        public init(txid: Txid, height: TransactionHeight) {
            self.txid = txid
            self.height = height
        }
    }

    /// Confirmed transactions by (height, position), each once.
    public let confirmed: [Confirmed]
    /// Mempool transactions in the order they were listed, each once.
    public let mempool: [Unconfirmed]

    /// Builds the history: confirmed entries are sorted by (height, position) and repeated transactions are
    /// kept once (the first listing); mempool entries keep their listed order, each once.
    public init(confirmed: [Confirmed], mempool: [Unconfirmed]) {
        // An index lists confirmed entries in chain order, each position once: nothing to sort, and only
        // coinbases to check for repeats (two early mainnet coinbases repeat earlier ones, which BIP 30 and 34
        // have made impossible since; any other repeated txid would spend the same coins twice).
        var coinbases = Set<Txid>()
        let inChainOrder = zip(confirmed, confirmed.dropFirst()).allSatisfy { a, b in
            (a.blockHeight, a.position) < (b.blockHeight, b.position)
        } && confirmed.allSatisfy { $0.position != 0 || coinbases.insert($0.txid).inserted }
        if inChainOrder {
            self.confirmed = confirmed
        } else {
            var seen = Set<Txid>()
            self.confirmed = confirmed.sorted { ($0.blockHeight, $0.position) < ($1.blockHeight, $1.position) }
                .filter { seen.insert($0.txid).inserted }
        }
        var seenMempool = Set<Txid>()
        self.mempool = mempool.filter { seenMempool.insert($0.txid).inserted }
    }

    public var isEmpty: Bool { confirmed.isEmpty && mempool.isEmpty }

    /// The mempool entries in `order`.
    public func mempool(in order: MempoolOrder) -> [Unconfirmed] {
        switch order {
        case .asListed: return mempool
        case .canonical:
            return mempool.sorted { a, b in
                if a.hasUnconfirmedParent != b.hasUnconfirmedParent { return !a.hasUnconfirmedParent }
                return a.txid < b.txid
            }
        }
    }

    /// Every transaction, confirmed then mempool in `order`: what the status hashes.
    public func items(mempoolOrder order: MempoolOrder) -> [Item] {
        confirmed.map { Item(txid: $0.txid, height: $0.height) } + mempool(in: order).map { Item(txid: $0.txid, height: $0.height) }
    }

    /// The script hash's status (nil for no history).
    public func status(mempoolOrder order: MempoolOrder) -> String? {
        ScriptHashStatus.hash(of: items(mempoolOrder: order))
    }

    /// `blockchain.scripthash.get_history`'s result: `[{"tx_hash","height"}…, {"tx_hash","height","fee"}…]`.
    public func historyResult(mempoolOrder order: MempoolOrder) -> JSONValue {
        .array(confirmed.map { Self.row(txid: $0.txid, height: $0.height) } + mempoolResultRows(order))
    }

    /// `blockchain.scripthash.get_mempool`'s result: `[{"tx_hash","height","fee"}…]`.
    public func mempoolResult(mempoolOrder order: MempoolOrder) -> JSONValue {
        .array(mempoolResultRows(order))
    }

    /// One `{"tx_hash","height"}` row, plus `fee` when given (mempool rows).
    public static func row(txid: Txid, height: TransactionHeight, fee: Amount? = nil) -> JSONValue {
        var object = JSONObject([("tx_hash", .string(txid.hex)), ("height", .int(height.wire))])
        if let fee { object.append("fee", .int(fee.satoshis)) }
        return .object(object)
    }

    private func mempoolResultRows(_ order: MempoolOrder) -> [JSONValue] {
        mempool(in: order).map { Self.row(txid: $0.txid, height: $0.height, fee: $0.fee) }
    }
}
