import FoundationEssentials
import SovElectrumClient
import SovJSON
import SovKeys
import SovPSBT
import SovPrimitives

extension Wallet {
    /// The fee sov refuses to pay without `allowHighFee`: 0.1 BTC, Bitcoin Core's `-maxtxfee`.
    public static let maximumFee = Amount(satoshis: 10_000_000)
    /// The fee rate sov refuses without `allowHighFee`, in sat/vB.
    public static let maximumFeeRate = 1_000.0
    /// The rate a change output is valued at when it is later spent (Core's `-discardfee` default), sat/vB.
    static let discardFeeRate = 3.0
    /// The long-term rate the waste metric compares with (Core's `-consolidatefeerate` default), sat/vB.
    static let longTermFeeRate = 10.0

    /// Core's dust threshold at its 3 sat/vB dust relay rate: an output worth less than spending it costs.
    public static func dustThreshold(_ script: Script) -> Int64 {
        let size = 8 + 1 + script.count
        let type = ScriptTemplate(script).type
        let isWitness = [.witnessV0KeyHash, .witnessV0ScriptHash, .witnessV1Taproot, .witnessUnknown, .anchor].contains(type)
        return Int64((size + (isWitness ? 67 : 148)) * 3)
    }

    /// The fee of `weight` weight units at `rate` sat/vB, on whole virtual bytes as Core counts them.
    static func fee(weight: Int, rate: Double) -> Int64 { Int64((Double((weight + 3) / 4) * rate).rounded(.up)) }

    /// Builds an unsigned payment as a PSBT (BIP174 Creator and Updater): selects outputs (Branch-and-Bound,
    /// else Single-Random-Draw, by Core's waste metric), adds change when it is worth more than dust, at a random
    /// position, shuffles the inputs, signals RBF unless asked not to, and sets an anti-fee-sniping lock time.
    /// Every input carries its UTXO (`witness_utxo`, and the whole previous transaction for non-taproot inputs)
    /// and its key's BIP32 origin; the change output carries its own.
    public func createPayment<R: RandomNumberGenerator>(_ request: PaymentRequest, using random: inout R) throws(WalletError) -> PaymentProposal {
        let spending = try spendingPlan()
        guard request.feeRate > 0, request.feeRate.isFinite else { throw .invalidPayment("the fee rate must be above 0 sat/vB") }
        guard request.psbtVersion == 0 || request.psbtVersion == 2 else { throw .invalidPayment("the PSBT version is 0 or 2") }
        guard !request.recipients.isEmpty || request.data != nil else { throw .invalidPayment("no recipient") }
        if request.sendMax && request.recipients.count != 1 { throw .invalidPayment("--max sends to exactly one recipient") }
        if request.sendMax && !request.subtractFeeFrom.isEmpty { throw .invalidPayment("--max already takes the fee from the recipient") }
        for index in request.subtractFeeFrom where !request.recipients.indices.contains(index) {
            throw .invalidPayment("recipient \(index) to subtract the fee from does not exist (there are \(request.recipients.count), numbered from 0)")
        }
        for recipient in request.recipients where !request.sendMax {
            guard recipient.amount.satoshis >= Self.dustThreshold(recipient.script) else {
                throw .invalidPayment("\(recipient.amount) BTC is below the dust threshold of \(Self.dustThreshold(recipient.script)) sat for that output")
            }
        }
        if let data = request.data, data.count > 80 { throw .invalidPayment("--data carries at most 80 bytes (standard OP_RETURN)") }

        let ledger = try ledger()
        let unspent = ledger.unspent
        var candidates: [WalletOutput]
        if let chosen = request.spend {
            candidates = []
            for outpoint in chosen {
                guard let output = unspent.first(where: { $0.outpoint == outpoint }) else {
                    throw .invalidPayment("\(outpoint.txid):\(outpoint.index) is not an unspent output of this wallet")
                }
                guard output.isMature else { throw .invalidPayment("\(outpoint.txid):\(outpoint.index) is an immature coinbase output") }
                candidates.append(output)
            }
        } else {
            let locked = try lockedOutputs()
            candidates = unspent.filter { $0.isMature && $0.height > 0 && !request.exclude.contains($0.outpoint) && !locked.contains($0.outpoint) }
        }
        // Script outputs may need time locks: leave out those not spendable yet, remember what the others need.
        let tip = try tip()?.height ?? 0
        var locks: [OutPoint: OutputTimeLocks] = [:]
        do {
            var spendable: [WalletOutput] = []
            for output in candidates {
                let confirmations = output.height > 0 ? tip - output.height + 1 : 0
                if let needed = try keySpending(output.keychain, spending).timeLocks(index: UInt32(output.index), confirmations: confirmations, tip: tip) {
                    locks[output.outpoint] = needed
                    spendable.append(output)
                } else if request.spend != nil {
                    throw WalletError.invalidPayment("\(output.outpoint.txid):\(output.outpoint.index) cannot be spent yet: every way to spend it needs a time lock not yet reached")
                }
            }
            let waiting = candidates.count - spendable.count
            if spendable.isEmpty && waiting > 0 {
                let value = Amount(satoshis: candidates.reduce(Int64(0)) { $0 + $1.value.satoshis })
                throw WalletError.invalidPayment("nothing can be spent yet: \(waiting) output\(waiting == 1 ? "" : "s") (\(value) BTC) wait for a time lock in the wallet's script")
            }
            candidates = spendable
        } catch let error as WalletError { throw error } catch { throw .invalidPayment("\(error)") }
        let available = candidates.reduce(Int64(0)) { $0 + $1.value.satoshis }

        // Outputs other than change.
        var outputs: [TxOutput] = request.recipients.map { TxOutput(value: $0.amount.satoshis, scriptPubKey: $0.script) }
        if let data = request.data { outputs.append(TxOutput(value: 0, scriptPubKey: Script([Opcode.opReturn] + Script.pushData(data)))) }
        let payments = outputs.reduce(Int64(0)) { $0 + $1.value }
        let changeScript: Script
        if let given = request.changeScript { changeScript = given } else {
            changeScript = try address(keychains.internal == nil ? .external : .internal).script
        }
        let changeWeight = (8 + 1 + changeScript.count) * 4
        let inputWeight = spending.inputWeight
        func baseWeight(inputs: Int, outputs list: [TxOutput], change: Bool) -> Int {
            let count = list.count + (change ? 1 : 0)
            var weight = (4 + 4 + ByteWriter.compactSizeLength(inputs) + ByteWriter.compactSizeLength(count)) * 4 + (spending.isSegwit ? 2 : 0)
            for output in list { weight += (8 + ByteWriter.compactSizeLength(output.scriptPubKey.count) + output.scriptPubKey.count) * 4 }
            return weight + (change ? changeWeight : 0) + inputs * inputWeight
        }

        var selected: [WalletOutput]
        var change: Int64 = 0
        var selectionName: String
        if request.sendMax {
            selected = candidates
            let fee = Self.fee(weight: baseWeight(inputs: selected.count, outputs: outputs, change: false), rate: request.feeRate)
            let amount = available - fee - payments + outputs[0].value
            guard !selected.isEmpty, amount >= Self.dustThreshold(outputs[0].scriptPubKey) else {
                throw .insufficientFunds(needed: Amount(satoshis: fee + Self.dustThreshold(outputs[0].scriptPubKey)), available: Amount(satoshis: available))
            }
            outputs[0].value = amount
            selectionName = "max"
        } else if !request.subtractFeeFrom.isEmpty {
            // The recipients pay the fee: the inputs need cover only the amounts, so outputs count at their value.
            var wantsChange = true
            if request.spend != nil {
                selected = candidates
                selectionName = "manual"
            } else {
                let changeFee = Self.fee(weight: changeWeight, rate: request.feeRate)
                let pool = candidates.map { CoinSelection.Candidate(value: $0.value.satoshis, fee: 0, longTermFee: 0) }
                guard let selection = CoinSelection.select(pool, target: payments, costOfChange: changeFee + Self.fee(weight: inputWeight, rate: Self.discardFeeRate),
                                                           changeFee: changeFee, using: &random) else {
                    throw .insufficientFunds(needed: Amount(satoshis: payments), available: Amount(satoshis: available))
                }
                selected = selection.indexes.map { candidates[$0] }
                selectionName = selection.algorithm
                wantsChange = selection.needsChange
            }
            let total = selected.reduce(Int64(0)) { $0 + $1.value.satoshis }
            guard total >= payments else { throw .insufficientFunds(needed: Amount(satoshis: payments), available: Amount(satoshis: total)) }
            let left = total - payments
            // A selection made to need no change (Branch-and-Bound) leaves its small excess to the fee.
            change = wantsChange && left >= Self.dustThreshold(changeScript) ? left : 0
            let required = Self.fee(weight: baseWeight(inputs: selected.count, outputs: outputs, change: change > 0), rate: request.feeRate)
            // What is left below dust already goes to the fee; the recipients pay the rest, in equal parts.
            let toSubtract = max(0, required - (left - change))
            let payers = request.subtractFeeFrom.sorted()
            for (k, index) in payers.enumerated() {
                let share = toSubtract / Int64(payers.count) + (k == 0 ? toSubtract % Int64(payers.count) : 0)
                outputs[index].value -= share
                guard outputs[index].value >= Self.dustThreshold(outputs[index].scriptPubKey) else {
                    throw .invalidPayment("the fee (\(toSubtract) sat) leaves recipient \(index) with \(outputs[index].value) sat, below the dust threshold")
                }
            }
        } else if request.spend != nil {
            selected = candidates
            let withChange = Self.fee(weight: baseWeight(inputs: selected.count, outputs: outputs, change: true), rate: request.feeRate)
            let without = Self.fee(weight: baseWeight(inputs: selected.count, outputs: outputs, change: false), rate: request.feeRate)
            guard available - payments - without >= 0 else {
                throw .insufficientFunds(needed: Amount(satoshis: payments + without), available: Amount(satoshis: available))
            }
            let left = available - payments - withChange
            change = left >= Self.dustThreshold(changeScript) ? left : 0
            selectionName = "manual"
        } else {
            let target = payments + Self.fee(weight: baseWeight(inputs: 0, outputs: outputs, change: false), rate: request.feeRate)
            let changeFee = Self.fee(weight: changeWeight, rate: request.feeRate)
            let costOfChange = changeFee + Self.fee(weight: inputWeight, rate: Self.discardFeeRate)
            let pool = candidates.map {
                CoinSelection.Candidate(value: $0.value.satoshis, fee: Self.fee(weight: inputWeight, rate: request.feeRate),
                                        longTermFee: Self.fee(weight: inputWeight, rate: Self.longTermFeeRate))
            }
            guard let selection = CoinSelection.select(pool, target: target, costOfChange: costOfChange, changeFee: changeFee, using: &random) else {
                let needed = target + Self.fee(weight: inputWeight, rate: request.feeRate)
                throw .insufficientFunds(needed: Amount(satoshis: needed), available: Amount(satoshis: available))
            }
            selected = selection.indexes.map { candidates[$0] }
            let total = selected.reduce(Int64(0)) { $0 + $1.value.satoshis }
            if selection.needsChange {
                let left = total - payments - Self.fee(weight: baseWeight(inputs: selected.count, outputs: outputs, change: true), rate: request.feeRate)
                change = left >= Self.dustThreshold(changeScript) ? left : 0
            }
            selectionName = selection.algorithm
        }

        // The transaction: shuffled inputs, change at a random position.
        selected.shuffle(using: &random)
        var changeIndex: Int?
        if change > 0 {
            let position = Int.random(in: 0...outputs.count, using: &random)
            outputs.insert(TxOutput(value: change, scriptPubKey: changeScript), at: position)
            changeIndex = position
        }
        var lockTime = request.lockTime ?? UInt32(max(0, tip))
        if request.lockTime == nil, Int.random(in: 0..<10, using: &random) == 0 {
            lockTime = UInt32(max(0, Int(lockTime) - Int.random(in: 0..<100, using: &random)))
        }
        // A spend that needs `after(n)` needs nLockTime ≥ n; one that needs `older(n)`, its input's nSequence = n.
        if let absolute = selected.compactMap({ locks[$0.outpoint]?.absolute }).max() {
            if let given = request.lockTime, given < absolute || given >= Transaction.lockTimeThreshold {
                throw .invalidPayment("--locktime \(given) does not meet the height \(absolute) a selected output's script needs")
            }
            lockTime = max(lockTime, absolute)
        }
        let sequence: UInt32 = request.replaceable ? 0xffff_fffd : 0xffff_fffe
        let transaction = Transaction(version: 2, inputs: selected.map { TxInput(previousOutput: $0.outpoint, sequence: locks[$0.outpoint]?.relative ?? sequence) },
                                      outputs: outputs, lockTime: lockTime)
        let total = selected.reduce(Int64(0)) { $0 + $1.value.satoshis }
        let fee = total - outputs.reduce(Int64(0)) { $0 + $1.value }
        let vsize = Self.estimatedVirtualSize(transaction, spending: spending)
        let rate = Double(fee) / Double(vsize)
        if !request.allowHighFee && (fee > Self.maximumFee.satoshis || rate > Self.maximumFeeRate) {
            throw .feeTooHigh(fee: Amount(satoshis: fee), rate: rate)
        }
        let psbt = try updatedPSBT(transaction, spending: spending, inputs: selected, changeIndex: changeIndex, changeScript: changeScript,
                                   version: request.psbtVersion)
        return PaymentProposal(psbt: psbt, fee: Amount(satoshis: fee), estimatedVirtualSize: vsize, changeIndex: changeIndex,
                               inputs: selected, selection: selectionName)
    }

    /// BIP174's Updater: UTXOs and key origins for the inputs, and the change output's origin.
    func updatedPSBT(_ transaction: Transaction, spending: any OutputSpending, inputs: [WalletOutput], changeIndex: Int?,
                     changeScript: Script, version: Int = 0) throws(WalletError) -> PSBT {
        do {
            var builder = version == 2 ? try PSBTBuilder(version2: transaction) : try PSBTBuilder(unsignedTransaction: transaction)
            for (index, input) in inputs.enumerated() {
                try builder.setWitnessUTXO(index, TxOutput(value: input.value.satoshis, scriptPubKey: input.script))
                let owner = keySpending(input.keychain, spending)
                if owner.needsPreviousTransaction {
                    guard let stored = try store.read({ try store.transaction(input.outpoint.txid) }) else {
                        throw WalletError.invalidPayment("the wallet lacks transaction \(input.outpoint.txid)")
                    }
                    try builder.setNonWitnessUTXO(index, try Transaction(bytes: stored.raw))
                }
                try owner.addFields(to: &builder, .input(index), index: UInt32(input.index))
            }
            if let changeIndex {
                let scripts = try store.read { try store.scripts() }
                if let owned = scripts.first(where: { $0.script == changeScript }) {
                    try keySpending(owned.keychain, spending).addFields(to: &builder, .output(changeIndex), index: UInt32(owned.index))
                }
            }
            return try builder.build()
        } catch let error as WalletError {
            throw error
        } catch {
            throw .invalidPSBT("\(error)")
        }
    }

    /// How the wallet spends its outputs: its external descriptor's plan, when the internal one (if any) has one too.
    /// Sizes count the larger input of the two keychains (change may be spent through another descriptor).
    func spendingPlan() throws(WalletError) -> any OutputSpending {
        let refusal = WalletError.invalidPayment("sov spends single-key descriptors, multisig and miniscript in wsh() or sh(wsh()), and tr() with tapscript leaves whose keys are extended keys; this wallet can only watch")
        guard let external = OutputSpendings.of(keychains.external) else { throw refusal }
        guard let internalDescriptor = keychains.internal else { return external }
        guard let change = OutputSpendings.of(internalDescriptor) else { throw refusal }
        return KeychainsSpending(external: external, change: change)
    }

    /// The plan of the keychain an output belongs to, taken from the wallet's plan (`spendingPlan()`): the
    /// change keychain's own when it has one, else the one plan that serves both.
    func keySpending(_ keychain: Keychain, _ plan: any OutputSpending) -> any OutputSpending {
        guard let both = plan as? KeychainsSpending else { return plan }
        return keychain == .internal ? both.change : both.external
    }

    // MARK: - Signing

    /// The master fingerprints (hex) of every key the wallet's external descriptor spends with: one for a
    /// single-key wallet, one per cosigner for a multisig one.
    public var masterFingerprints: [String] { OutputSpendings.of(keychains.external)?.masterFingerprints.map(\.hex) ?? [] }

    /// Signs every input of `psbt` whose key derives from `mnemonic` (with `passphrase`), after checking that
    /// the mnemonic is this wallet's (same master fingerprint). Returns the PSBT and the inputs signed.
    public func sign(_ psbt: PSBT, mnemonic: Mnemonic, passphrase: String) throws(WalletError) -> (psbt: PSBT, signed: [Int]) {
        let master: ExtendedKey
        do { master = try ExtendedKey.master(seed: mnemonic.seed(passphrase: passphrase), network: network) } catch {
            throw .invalidMnemonic(error.reason)
        }
        let expected = masterFingerprints
        if !expected.isEmpty, !expected.contains(master.fingerprint.hex) {
            throw .wrongKeys(expected: expected.joined(separator: " or "), given: master.fingerprint.hex)
        }
        do { return try PSBTSigner.sign(psbt, with: master) } catch { throw .invalidPSBT(error.reason) }
    }

    /// The server's fee estimate (`blockchain.estimatefee`) for confirmation within `blocks`, in sat/vB (at least
    /// 1, Core's minimum relay rate); nil when the server has none.
    public static func estimateFeeRate(client: ElectrumClient, server: String, blocks: Int) async throws(WalletError) -> Double? {
        let calls = ServerCalls(client: client, server: server)
        try await calls.negotiate()
        guard let bitcoinsPerKilobyte = try await calls.call("blockchain.estimatefee", [.int(blocks)]).doubleValue,
              bitcoinsPerKilobyte > 0 else { return nil }
        return max(1, (bitcoinsPerKilobyte * Double(Amount.satoshisPerBitcoin)).rounded() / 1000)
    }
}
