import FoundationEssentials
import SovJSON
import SovPrimitives

extension Wallet {
    /// Locks (or unlocks) one of the wallet's outputs: `createPayment` does not select a locked output.
    public func setLocked(_ outpoint: OutPoint, _ locked: Bool) throws(WalletError) {
        guard try ledger().outputs[outpoint] != nil else {
            throw .invalidPayment("\(outpoint.txid):\(outpoint.index) is not an output of this wallet")
        }
        try store.write { try store.setLocked(outpoint, locked) }
    }

    /// The outputs locked against spending.
    public func lockedOutputs() throws(WalletError) -> Set<OutPoint> {
        try store.read { try store.lockedOutputs() }
    }

    /// The wallet's BIP329 labels, by type then reference.
    public func labels() throws(WalletError) -> [WalletLabel] {
        try store.read { try store.labels() }
    }

    /// Sets one label (replacing the one of the same type and reference).
    public func setLabel(_ label: WalletLabel) throws(WalletError) {
        try store.write { try store.save(label: label) }
    }

    /// Imports BIP329 JSON Lines: every line, or none when one is invalid (the error names it). An `output`
    /// record with `"spendable": false` also locks that output, `true` unlocks it. Returns the records read.
    public func importLabels(_ text: String) throws(WalletError) -> Int {
        var records: [WalletLabel] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty { continue }
            let value: JSONValue
            do { value = try JSONParser.parse(trimmed) } catch { throw .invalidLabel("line \(number + 1): not JSON (\(error))") }
            do { records.append(try WalletLabel(json: value, network: network)) } catch {
                if case .invalidLabel(let reason) = error { throw .invalidLabel("line \(number + 1): \(reason)") }
                throw error
            }
        }
        try store.write {
            for record in records {
                try store.save(label: record)
                if record.type == .output, let spendable = record.spendable {
                    let parts = record.reference.split(separator: ":")
                    if let txid = Txid(String(parts[0])), let vout = UInt32(parts[1]) {
                        try store.setLocked(OutPoint(txid: txid, index: vout), !spendable)
                    }
                }
            }
        }
        return records.count
    }

    /// The labels as BIP329 JSON Lines; locked outputs without a label are exported as `spendable: false`.
    public func exportLabels() throws(WalletError) -> String {
        var labels = try labels()
        let locked = try lockedOutputs()
        for index in labels.indices where labels[index].type == .output {
            let parts = labels[index].reference.split(separator: ":")
            if let txid = Txid(String(parts[0])), let vout = UInt32(parts[1]) {
                labels[index].spendable = !locked.contains(OutPoint(txid: txid, index: vout))
            }
        }
        let labelled = Set(labels.filter { $0.type == .output }.map(\.reference))
        for outpoint in locked.sorted(by: { ($0.txid, $0.index) < ($1.txid, $1.index) }) where !labelled.contains("\(outpoint.txid):\(outpoint.index)") {
            labels.append(WalletLabel(type: .output, reference: "\(outpoint.txid):\(outpoint.index)", label: nil, spendable: false))
        }
        return labels.map { $0.json.compact + "\n" }.joined()
    }
}
