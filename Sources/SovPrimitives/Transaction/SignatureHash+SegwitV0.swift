extension SignatureHash {
    /// BIP143's signature hash for segwit v0 inputs (Core's `SignatureHash` for `SigVersion::WITNESS_V0`).
    /// `scriptCode` is the script as BIP143 defines it (for P2WPKH the P2PKH script of the key hash; for
    /// P2WSH the witness script from the last executed `OP_CODESEPARATOR` on), without its length prefix;
    /// `amount` is the value of the spent output.
    public static func segwitV0(_ data: PrecomputedTransactionData, inputIndex: Int, scriptCode: Script,
                                amount: Int64, hashType: Int32) throws(DecodingError) -> [UInt8] {
        let transaction = data.transaction
        try checkInputIndex(inputIndex, of: transaction)
        let mode = SighashType.outputMode(hashType)
        let anyoneCanPay = SighashType.isAnyoneCanPay(hashType)
        let allOutputs = mode != SighashType.single && mode != SighashType.none

        let hashPrevouts = anyoneCanPay ? zeroHash : data.hashPrevouts
        let hashSequence = !anyoneCanPay && allOutputs ? data.hashSequence : zeroHash
        let hashOutputs: [UInt8]
        if allOutputs {
            hashOutputs = data.hashOutputs
        } else if mode == SighashType.single && inputIndex < transaction.outputs.count {
            var output = ByteWriter(capacity: 64)
            transaction.outputs[inputIndex].write(to: &output)
            hashOutputs = Hashes.hash256(output.bytes)
        } else {
            hashOutputs = zeroHash
        }

        let input = transaction.inputs[inputIndex]
        var w = ByteWriter(capacity: 160 + scriptCode.count)
        w.write(transaction.version)
        w.write(bytes: hashPrevouts)
        w.write(bytes: hashSequence)
        input.previousOutput.write(to: &w)
        w.writeVarBytes(scriptCode.bytes)
        w.write(amount)
        w.write(input.sequence)
        w.write(bytes: hashOutputs)
        w.write(transaction.lockTime)
        w.write(UInt32(bitPattern: hashType))
        return Hashes.hash256(w.bytes)
    }

    /// BIP143's script code for spending a P2WPKH output with key hash `keyHash`: the P2PKH script.
    public static func p2wpkhScriptCode(keyHash: [UInt8]) -> Script { Address.pubkeyHash(keyHash).scriptPubKey }
}
