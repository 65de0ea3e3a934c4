/// Hashes over a whole transaction that every input's signature hash reuses (Core's
/// `PrecomputedTransactionData`): computed once, so hashing all inputs stays linear in the transaction size.
public struct PrecomputedTransactionData: Sendable {
    public let transaction: Transaction
    /// The outputs the inputs spend, in input order; taproot signature hashes need them.
    public let spentOutputs: [TxOutput]?

    /// BIP341 `sha_prevouts`: SHA-256 of every input's outpoint.
    public let prevoutsSHA256: [UInt8]
    /// BIP341 `sha_sequences`: SHA-256 of every input's sequence.
    public let sequencesSHA256: [UInt8]
    /// BIP341 `sha_outputs`: SHA-256 of every serialized output.
    public let outputsSHA256: [UInt8]
    /// BIP341 `sha_amounts`: SHA-256 of every spent amount (nil without spent outputs).
    public let amountsSHA256: [UInt8]?
    /// BIP341 `sha_scriptpubkeys`: SHA-256 of every spent, length-prefixed script (nil without spent outputs).
    public let scriptPubKeysSHA256: [UInt8]?

    /// BIP143 `hashPrevouts` (double SHA-256).
    public var hashPrevouts: [UInt8] { Hashes.sha256(prevoutsSHA256) }
    /// BIP143 `hashSequence` (double SHA-256).
    public var hashSequence: [UInt8] { Hashes.sha256(sequencesSHA256) }
    /// BIP143 `hashOutputs` (double SHA-256).
    public var hashOutputs: [UInt8] { Hashes.sha256(outputsSHA256) }

    /// Precomputes the hashes of `transaction`; `spentOutputs`, when given, must have one entry per input.
    public init(_ transaction: Transaction, spentOutputs: [TxOutput]? = nil) throws(DecodingError) {
        self.transaction = transaction
        var prevouts = ByteWriter(capacity: transaction.inputs.count * 36)
        var sequences = ByteWriter(capacity: transaction.inputs.count * 4)
        for input in transaction.inputs {
            input.previousOutput.write(to: &prevouts)
            sequences.write(input.sequence)
        }
        var outputs = ByteWriter(capacity: transaction.outputs.count * 34)
        for output in transaction.outputs { output.write(to: &outputs) }
        prevoutsSHA256 = Hashes.sha256(prevouts.bytes)
        sequencesSHA256 = Hashes.sha256(sequences.bytes)
        outputsSHA256 = Hashes.sha256(outputs.bytes)

        if let spentOutputs {
            guard spentOutputs.count == transaction.inputs.count else {
                throw DecodingError("\(spentOutputs.count) spent outputs given for \(transaction.inputs.count) inputs")
            }
            var amounts = ByteWriter(capacity: spentOutputs.count * 8)
            var scripts = ByteWriter(capacity: spentOutputs.count * 35)
            for spent in spentOutputs {
                amounts.write(spent.value)
                scripts.writeVarBytes(spent.scriptPubKey.bytes)
            }
            amountsSHA256 = Hashes.sha256(amounts.bytes)
            scriptPubKeysSHA256 = Hashes.sha256(scripts.bytes)
        } else {
            amountsSHA256 = nil
            scriptPubKeysSHA256 = nil
        }
        self.spentOutputs = spentOutputs
    }
}
