import SovPrimitives

extension PSBT {
    /// The transaction the PSBT describes: version 0's unsigned transaction, or for version 2 the one its fields
    /// make (BIP370): the transaction version, each input's previous output and sequence (0xffffffff when
    /// absent), each output's amount and script, and the lock time BIP370's rules determine (the largest
    /// required height lock time when every input that requires one allows a height, else the largest required
    /// time, else the fallback lock time, else 0). Nil when a version 2 field is missing.
    public var transaction: Transaction? {
        if let unsignedTransaction { return unsignedTransaction }
        guard version == 2 else { return nil }
        var inputs: [TxInput] = []
        for (index, input) in self.inputs.enumerated() {
            guard let outpoint = previousOutput(ofInput: index) else { return nil }
            inputs.append(TxInput(previousOutput: outpoint, sequence: input.sequence ?? 0xffff_ffff))
        }
        var outputs: [TxOutput] = []
        for output in self.outputs {
            guard let amount = output.amount, let script = output.script else { return nil }
            outputs.append(TxOutput(value: amount, scriptPubKey: script))
        }
        let requiring = self.inputs.filter { $0.requiredTimeLocktime != nil || $0.requiredHeightLocktime != nil }
        var lockTime = fallbackLocktime ?? 0
        if !requiring.isEmpty {
            if requiring.allSatisfy({ $0.requiredHeightLocktime != nil }) {
                lockTime = requiring.compactMap(\.requiredHeightLocktime).max() ?? 0
            } else {
                lockTime = requiring.compactMap(\.requiredTimeLocktime).max() ?? 0
            }
        }
        return Transaction(version: transactionVersion ?? 2, inputs: inputs, outputs: outputs, lockTime: lockTime)
    }
}

extension PSBTBuilder {
    /// A version 2 PSBT (BIP370) for `transaction`: its version, lock time (as the fallback), counts, and each
    /// input's previous output and sequence and each output's amount and script as fields of their own.
    public init(version2 transaction: Transaction) throws(DecodingError) {
        guard transaction.inputs.allSatisfy({ $0.scriptSig.isEmpty && $0.witness.isEmpty }) else {
            throw DecodingError("an unsigned transaction has no scriptSigs or witnesses")
        }
        func le32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
        func compact(_ value: Int) -> [UInt8] {
            var w = ByteWriter(capacity: 9)
            w.writeCompactSize(UInt64(value))
            return w.bytes
        }
        globalPairs = [
            try PSBTKeyValue(key: [0x02], value: le32(transaction.version)),
            try PSBTKeyValue(key: [0x03], value: le32(transaction.lockTime)),
            try PSBTKeyValue(key: [0x04], value: compact(transaction.inputs.count)),
            try PSBTKeyValue(key: [0x05], value: compact(transaction.outputs.count)),
            try PSBTKeyValue(key: [0xfb], value: le32(2)),
        ]
        inputPairs = []
        for input in transaction.inputs {
            inputPairs.append([
                try PSBTKeyValue(key: [0x0e], value: input.previousOutput.txid.bytes),
                try PSBTKeyValue(key: [0x0f], value: le32(input.previousOutput.index)),
                try PSBTKeyValue(key: [0x10], value: le32(input.sequence)),
            ])
        }
        outputPairs = []
        for output in transaction.outputs {
            outputPairs.append([
                try PSBTKeyValue(key: [0x03], value: withUnsafeBytes(of: output.value.littleEndian) { Array($0) }),
                try PSBTKeyValue(key: [0x04], value: output.scriptPubKey.bytes),
            ])
        }
    }
}
