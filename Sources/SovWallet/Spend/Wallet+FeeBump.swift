import SovPSBT
import SovPrimitives

extension Wallet {
    /// The relay fee a replacement must add for its own size (Core's `-incrementalrelayfee`), sat/vB.
    static let incrementalRelayFeeRate = 1.0

    /// An upper bound of `transaction`'s virtual size once its inputs (all of `spending`'s kind) are signed.
    static func estimatedVirtualSize(_ transaction: Transaction, spending: any OutputSpending) -> Int {
        let unsigned = transaction.serialized(includingWitness: false).count
        let perInput = spending.inputWeight - (32 + 4 + 4 + 1) * 4
        let weight = unsigned * 4 + (spending.isSegwit ? 2 : 0) + perInput * transaction.inputs.count
        return (weight + 3) / 4
    }

    /// A replacement of the wallet's unconfirmed `txid` (BIP125) paying `feeRate`: the same inputs and
    /// payments, the higher fee taken from its change output. The fee rises at least by the incremental relay
    /// fee for the replacement's size, as BIP125's rule 4 requires.
    public func bumpFee(_ txid: Txid, feeRate: Double, allowHighFee: Bool = false) throws(WalletError) -> PaymentProposal {
        let spending = try spendingPlan()
        let ledger = try ledger()
        guard let (stored, original) = ledger.transactions[txid] else { throw .invalidPayment("\(txid) is not a transaction of this wallet") }
        guard stored.height <= 0 else { throw .invalidPayment("\(txid) is already confirmed at height \(stored.height)") }
        guard original.inputs.contains(where: { $0.sequence < 0xffff_fffe }) else {
            throw .invalidPayment("\(txid) does not signal replaceability (BIP125); try sov tx cpfp")
        }
        var inputs: [WalletOutput] = []
        for input in original.inputs {
            guard let output = ledger.outputs[input.previousOutput] else {
                throw .invalidPayment("\(txid) spends outputs that are not this wallet's: only its sender can replace it")
            }
            inputs.append(output)
        }
        let scripts = try store.read { try store.scripts() }
        let changeScripts = Set(scripts.filter { $0.keychain == (keychains.internal == nil ? .external : .internal) }.map(\.script))
        guard let changeIndex = original.outputs.firstIndex(where: { changeScripts.contains($0.scriptPubKey) }) else {
            throw .invalidPayment("\(txid) has no change output to take a higher fee from; try sov tx cpfp")
        }
        let oldFee = inputs.reduce(Int64(0)) { $0 + $1.value.satoshis } - original.outputs.reduce(Int64(0)) { $0 + $1.value }
        var replacement = original
        for i in replacement.inputs.indices {
            replacement.inputs[i].scriptSig = Script([])
            replacement.inputs[i].witness = []
            // A relative time lock (a script's `older(n)`) stays; any other input signals replacement.
            replacement.inputs[i].sequence = min(replacement.inputs[i].sequence, 0xffff_fffd)
        }
        let vsize = Self.estimatedVirtualSize(replacement, spending: spending)
        let newFee = max(Int64((Double(vsize) * feeRate).rounded(.up)), oldFee + Int64((Double(vsize) * Self.incrementalRelayFeeRate).rounded(.up)))
        let change = replacement.outputs[changeIndex].value - (newFee - oldFee)
        let changeScript = replacement.outputs[changeIndex].scriptPubKey
        guard change >= Self.dustThreshold(changeScript) else {
            throw .insufficientFunds(needed: Amount(satoshis: newFee - oldFee + Self.dustThreshold(changeScript)),
                                     available: Amount(satoshis: replacement.outputs[changeIndex].value))
        }
        replacement.outputs[changeIndex].value = change
        let rate = Double(newFee) / Double(vsize)
        if !allowHighFee && (newFee > Self.maximumFee.satoshis || rate > Self.maximumFeeRate) {
            throw .feeTooHigh(fee: Amount(satoshis: newFee), rate: rate)
        }
        let psbt = try updatedPSBT(replacement, spending: spending, inputs: inputs, changeIndex: changeIndex, changeScript: changeScript)
        return PaymentProposal(psbt: psbt, fee: Amount(satoshis: newFee), estimatedVirtualSize: vsize, changeIndex: changeIndex,
                               inputs: inputs, selection: "bump")
    }

    /// A child of the wallet's unconfirmed `txid` that spends its outputs to the wallet (child pays for
    /// parent): the two together pay `feeRate`. The parent's fee must be known (it spends the wallet's outputs).
    public func childPaysForParent(_ txid: Txid, feeRate: Double, allowHighFee: Bool = false) throws(WalletError) -> PaymentProposal {
        let spending = try spendingPlan()
        let ledger = try ledger()
        guard let (stored, parent) = ledger.transactions[txid] else { throw .invalidPayment("\(txid) is not a transaction of this wallet") }
        guard stored.height <= 0 else { throw .invalidPayment("\(txid) is already confirmed at height \(stored.height)") }
        let parentInputs = parent.inputs.compactMap { ledger.outputs[$0.previousOutput] }
        guard parentInputs.count == parent.inputs.count else {
            throw .invalidPayment("the fee of \(txid) is unknown to the wallet (it spends outputs that are not the wallet's)")
        }
        let parentFee = parentInputs.reduce(Int64(0)) { $0 + $1.value.satoshis } - parent.outputs.reduce(Int64(0)) { $0 + $1.value }
        let inputs = ledger.unspent.filter { $0.outpoint.txid == txid }
        guard !inputs.isEmpty else { throw .invalidPayment("\(txid) has no unspent output of this wallet to spend") }
        let changeScript = try address(keychains.internal == nil ? .external : .internal).script
        let total = inputs.reduce(Int64(0)) { $0 + $1.value.satoshis }
        let tip = try tip()?.height ?? 0
        // Unconfirmed outputs: a script whose every path waits for a lock cannot be spent by a child yet.
        var childInputs: [TxInput] = []
        var lockTime = UInt32(max(0, tip))
        for input in inputs {
            let locks: OutputTimeLocks?
            do { locks = try keySpending(input.keychain, spending).timeLocks(index: UInt32(input.index), confirmations: 0, tip: tip) } catch {
                throw .invalidPayment("\(error)")
            }
            guard let locks else {
                throw .invalidPayment("\(input.outpoint.txid):\(input.outpoint.index) cannot be spent before it confirms: its script needs a time lock")
            }
            if let absolute = locks.absolute { lockTime = max(lockTime, absolute) }
            childInputs.append(TxInput(previousOutput: input.outpoint, sequence: locks.relative ?? 0xffff_fffd))
        }
        var child = Transaction(version: 2, inputs: childInputs, outputs: [TxOutput(value: total, scriptPubKey: changeScript)], lockTime: lockTime)
        let childSize = Self.estimatedVirtualSize(child, spending: spending)
        let packageFee = Int64((Double(childSize + parent.virtualSize) * feeRate).rounded(.up))
        let childFee = max(packageFee - parentFee, Int64((Double(childSize) * Self.incrementalRelayFeeRate).rounded(.up)))
        guard total - childFee >= Self.dustThreshold(changeScript) else {
            throw .insufficientFunds(needed: Amount(satoshis: childFee + Self.dustThreshold(changeScript)), available: Amount(satoshis: total))
        }
        child.outputs[0].value = total - childFee
        let rate = Double(childFee) / Double(childSize)
        if !allowHighFee && (childFee > Self.maximumFee.satoshis || rate > Self.maximumFeeRate) {
            throw .feeTooHigh(fee: Amount(satoshis: childFee), rate: rate)
        }
        let psbt = try updatedPSBT(child, spending: spending, inputs: inputs, changeIndex: 0, changeScript: changeScript)
        return PaymentProposal(psbt: psbt, fee: Amount(satoshis: childFee), estimatedVirtualSize: childSize, changeIndex: 0,
                               inputs: inputs, selection: "cpfp")
    }
}
