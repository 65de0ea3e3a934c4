import SovPrimitives

/// The wallet's transactions read against its scripts: which outputs are the wallet's, which of them are spent,
/// and what each transaction did. Everything here comes from transactions the wallet verified itself.
struct WalletLedger {
    let balance: WalletBalance
    let unspent: [WalletOutput]
    /// Oldest first: confirmed by height and position, then the mempool.
    let history: [WalletTransaction]
    /// Every output paying the wallet, spent or not.
    let outputs: [OutPoint: WalletOutput]
    /// Every transaction of the wallet, parsed, with where it is.
    let transactions: [Txid: (stored: StoredTransaction, transaction: Transaction)]

    /// Coinbase outputs can be spent in the block 100 above their own.
    static let coinbaseMaturity = 100

    init(scripts: [StoredScript], transactions stored: [StoredTransaction], tipHeight: Int, blockTimes: [Int: UInt32], path: String) throws(WalletError) {
        var owner: [Script: StoredScript] = [:]
        for script in scripts { owner[script.script] = script }
        var parsed: [(StoredTransaction, Transaction)] = []
        for entry in stored {
            guard let transaction = try? Transaction(bytes: entry.raw) else {
                throw .unsupportedFile(path: path, reason: "stored transaction \(entry.txid) does not parse")
            }
            parsed.append((entry, transaction))
        }
        parsed.sort { a, b in
            func key(_ t: StoredTransaction) -> (Int, Int) { t.height > 0 ? (t.height, t.position ?? 0) : (Int.max, 0) }
            return key(a.0) < key(b.0) || (key(a.0) == key(b.0) && a.0.txid < b.0.txid)
        }
        // The wallet's outputs, and who spends them.
        var outputs: [OutPoint: WalletOutput] = [:]
        for (entry, transaction) in parsed {
            for (vout, output) in transaction.outputs.enumerated() {
                guard let script = owner[output.scriptPubKey] else { continue }
                let outpoint = OutPoint(txid: entry.txid, index: UInt32(vout))
                let mature = !transaction.isCoinbase || (entry.height > 0 && entry.height + Self.coinbaseMaturity <= tipHeight + 1)
                outputs[outpoint] = WalletOutput(outpoint: outpoint, value: Amount(satoshis: output.value), script: output.scriptPubKey,
                                                 keychain: script.keychain, index: script.index, height: entry.height,
                                                 isCoinbase: transaction.isCoinbase, isMature: mature)
            }
        }
        var spentBy: [OutPoint: Int] = [:]  // outpoint → spender's height
        var history: [WalletTransaction] = []
        for (entry, transaction) in parsed {
            var sent: Int64 = 0
            var inputsKnown = !transaction.isCoinbase
            var inputTotal: Int64 = 0
            for input in transaction.inputs where !transaction.isCoinbase {
                if let spent = outputs[input.previousOutput] {
                    sent += spent.value.satoshis
                    inputTotal += spent.value.satoshis
                    spentBy[input.previousOutput] = entry.height
                } else {
                    inputsKnown = false
                }
            }
            let received = transaction.outputs.filter { owner[$0.scriptPubKey] != nil }.reduce(Int64(0)) { $0 + $1.value }
            let outputTotal = transaction.outputs.reduce(Int64(0)) { $0 + $1.value }
            history.append(WalletTransaction(txid: entry.txid, height: entry.height, position: entry.position,
                                             blockTime: blockTimes[entry.height], received: Amount(satoshis: received),
                                             sent: Amount(satoshis: sent), fee: inputsKnown ? Amount(satoshis: inputTotal - outputTotal) : nil,
                                             virtualSize: transaction.virtualSize))
        }
        var confirmed: Int64 = 0, unconfirmed: Int64 = 0, immature: Int64 = 0
        var unspent: [WalletOutput] = []
        for (outpoint, output) in outputs {
            let spender = spentBy[outpoint]
            if output.height > 0 {
                // Confirmed: counted unless a confirmed transaction spends it; a mempool spend is unconfirmed.
                if let spender, spender > 0 { continue }
                if output.isMature { confirmed += output.value.satoshis } else { immature += output.value.satoshis }
                if spender != nil { unconfirmed -= output.value.satoshis }
            } else if spender == nil {
                unconfirmed += output.value.satoshis
            }
            if spender == nil { unspent.append(output) }
        }
        unspent.sort { ($0.height <= 0 ? Int.max : $0.height, $0.outpoint.txid, $0.outpoint.index) < ($1.height <= 0 ? Int.max : $1.height, $1.outpoint.txid, $1.outpoint.index) }
        self.balance = WalletBalance(confirmed: Amount(satoshis: confirmed), unconfirmed: Amount(satoshis: unconfirmed),
                                     immature: Amount(satoshis: immature))
        self.unspent = unspent
        self.history = history
        self.outputs = outputs
        var byTxid: [Txid: (stored: StoredTransaction, transaction: Transaction)] = [:]
        for (entry, transaction) in parsed { byTxid[entry.txid] = (entry, transaction) }
        self.transactions = byTxid
    }
}
