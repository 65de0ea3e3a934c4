import SovNodeRPC
import SovPrimitives

/// The node's mempool as it bears on each script: unconfirmed fundings and spends, fees, and whether a
/// transaction depends on another unconfirmed one (Electrum height -1) or not (height 0).
public struct MempoolView: Sendable {
    public struct Entry: Sendable {
        public var txid: Txid
        public var tx: Transaction
        public var fee: Amount
        public var hasUnconfirmedParent: Bool
    }

    struct Outpoint: Hashable, Sendable { var txid: Txid; var vout: UInt32 }
    struct Funding: Sendable { var entry: Txid; var vout: UInt32; var value: Int64 }
    struct Spend: Sendable { var entry: Txid; var outpoint: Outpoint; var value: Int64; var counts: Bool }

    private(set) var entries: [Txid: Entry] = [:]
    var fundings: [ScriptHash: [Funding]] = [:]
    var spends: [ScriptHash: [Spend]] = [:]
    var spentOutpoints = Set<Outpoint>()

    public init() {}

    public var count: Int { entries.count }

    /// A mempool transaction by txid.
    public func transaction(txid: Txid) -> Transaction? { entries[txid]?.tx }

    /// Fee and virtual size of every mempool transaction (for the fee histogram).
    public var feeAndSizes: [(fee: Int64, vsize: Int)] { entries.values.map { ($0.fee.satoshis, $0.tx.virtualSize) } }

    /// Builds the view from mempool transactions, resolving confirmed prevouts through `index`.
    /// Inputs whose funding transaction is in neither (the index is behind) are left out.
    public init(entries list: [Entry], index: AddressIndex) throws(IndexError) {
        for e in list { entries[e.txid] = e }
        for e in list {
            for (vout, output) in e.tx.outputs.enumerated() {
                fundings[ScriptHash(script: output.scriptPubKey.bytes), default: []].append(Funding(entry: e.txid, vout: UInt32(vout), value: output.value))
            }
        }
        // Transactions are taken in txid order, as Fulcrum takes them (the fixtures record its answers): a spend
        // of a mempool output counts against the script only when the funding transaction came earlier in
        // that order; a spend of a confirmed output always counts. Either way the spender is in the history.
        var processed = Set<Txid>()
        for e in list.sorted(by: { $0.txid < $1.txid }) {
            for input in e.tx.inputs {
                let key = input.previousOutput.txid
                let vout = Int(input.previousOutput.index)
                let spent: TxOutput
                var counts = false
                if let parent = entries[key] {
                    guard vout < parent.tx.outputs.count else { continue }
                    spent = parent.tx.outputs[vout]
                    counts = processed.contains(key)
                } else if let position = try index.position(ofTxid: input.previousOutput.txid) {
                    let funding = try index.transaction(at: position).tx
                    guard vout < funding.outputs.count else { continue }
                    spent = funding.outputs[vout]
                    counts = true
                } else {
                    continue
                }
                let outpoint = Outpoint(txid: key, vout: UInt32(vout))
                if counts { spentOutpoints.insert(outpoint) }
                spends[ScriptHash(script: spent.scriptPubKey.bytes), default: []].append(
                    Spend(entry: e.txid, outpoint: outpoint, value: spent.value, counts: counts))
            }
            processed.insert(e.txid)
        }
    }

    /// Reads the node's mempool (`getrawmempool true` and each transaction).
    public static func fetch(from node: NodeRPCClient, index: AddressIndex) throws -> MempoolView {
        let listed = try node.mempool()
        var requests: [RPCRequest] = []
        for item in listed { requests.append(RPCRequest("getrawtransaction", [.string(item.txid), .bool(false)])) }
        var entries: [Entry] = []
        for (item, result) in zip(listed, try node.batch(requests)) {
            // A transaction can leave the mempool between the two calls: skip it.
            guard let hex = try? result.get().stringValue, let raw = [UInt8](hex: hex), let tx = try? Transaction(bytes: raw) else { continue }
            entries.append(Entry(txid: tx.txid, tx: tx, fee: Amount(satoshis: item.entry.fee), hasUnconfirmedParent: !item.entry.depends.isEmpty))
        }
        return try MempoolView(entries: entries, index: index)
    }

    /// Adds the unconfirmed part to a confirmed history: the unconfirmed balance is what mempool transactions
    /// pay to the script less the script's outputs they spend (as counted above); unspent outputs are those
    /// not spent, mempool ones at height 0, as `blockchain.scripthash.listunspent` reports them.
    func overlay(on result: inout ScriptHashHistory) {
        let sh = result.scriptHash
        var touched = Set<Txid>()
        var delta: Int64 = 0
        for f in fundings[sh] ?? [] { touched.insert(f.entry); delta += f.value }
        for s in spends[sh] ?? [] {
            touched.insert(s.entry)
            if s.counts { delta -= s.value }
        }
        // By txid as displayed: an order that stays the same from call to call. The order a protocol wants
        // (Electrum's canonical one puts height 0 before -1) is the protocol layer's to apply.
        let unconfirmed = touched.compactMap { entries[$0] }
            .sorted { $0.txid < $1.txid }
        result.history += unconfirmed.map {
            ScriptHashHistory.Entry(txid: $0.txid, height: TransactionHeight(unconfirmedWithParent: $0.hasUnconfirmedParent), position: nil,
                                    fee: $0.fee)
        }
        result.unspent.removeAll { spentOutpoints.contains(Outpoint(txid: $0.txid, vout: $0.vout)) }
        for f in fundings[sh] ?? [] {
            guard !spentOutpoints.contains(Outpoint(txid: f.entry, vout: f.vout)) else { continue }
            result.unspent.append(.init(txid: f.entry, vout: f.vout, height: .mempool, value: Amount(satoshis: f.value)))
        }
        result.unconfirmedBalance = Amount(satoshis: delta)
    }
}
