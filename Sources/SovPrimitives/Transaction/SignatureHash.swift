/// The digests signatures commit to: legacy (pre-segwit), BIP143 (segwit v0) and BIP341/342 (taproot).
/// Hashes are returned in internal byte order, as signed; Core displays them byte-reversed.
public enum SignatureHash {
    /// Core's `SignatureHash` for `SigVersion::BASE`. Every `OP_CODESEPARATOR` left in `scriptCode` is
    /// removed (the caller passes the script from the last executed separator on). `FindAndDelete` of the
    /// signature is the interpreter's job, not done here. SIGHASH_SINGLE without a matching output gives
    /// Core's historical answer, the number one.
    public static func legacy(_ transaction: Transaction, inputIndex: Int, scriptCode: Script,
                              hashType: Int32) throws(DecodingError) -> [UInt8] {
        try checkInputIndex(inputIndex, of: transaction)
        let mode = SighashType.outputMode(hashType)
        let anyoneCanPay = SighashType.isAnyoneCanPay(hashType)
        let single = mode == SighashType.single
        let none = mode == SighashType.none
        if single && inputIndex >= transaction.outputs.count {
            return [1] + [UInt8](repeating: 0, count: 31)
        }

        var w = ByteWriter(capacity: 128 + transaction.inputs.count * 41 + transaction.outputs.count * 34 + scriptCode.count)
        w.write(transaction.version)
        let inputCount = anyoneCanPay ? 1 : transaction.inputs.count
        w.writeCompactSize(inputCount)
        for n in 0..<inputCount {
            let index = anyoneCanPay ? inputIndex : n
            let input = transaction.inputs[index]
            input.previousOutput.write(to: &w)
            if index == inputIndex {
                writeWithoutCodeSeparators(scriptCode, to: &w)
            } else {
                w.writeCompactSize(0)  // other inputs' scripts are blanked
            }
            w.write(index != inputIndex && (single || none) ? 0 : input.sequence)
        }
        let outputCount = none ? 0 : (single ? inputIndex + 1 : transaction.outputs.count)
        w.writeCompactSize(outputCount)
        for n in 0..<outputCount {
            if single && n != inputIndex {
                TxOutput(value: -1, scriptPubKey: Script([])).write(to: &w)  // Core's null CTxOut
            } else {
                transaction.outputs[n].write(to: &w)
            }
        }
        w.write(transaction.lockTime)
        w.write(UInt32(bitPattern: hashType))
        return Hashes.hash256(w.bytes)
    }

    /// Core's `SerializeScriptCode`: the script, length-prefixed, with every `OP_CODESEPARATOR` cut out.
    /// Like Core, it stops at a push that runs past the end (the prefix still counts the whole script).
    static func writeWithoutCodeSeparators(_ script: Script, to w: inout ByteWriter) {
        let bytes = script.bytes
        var separators = 0
        var i = 0
        while let op = script.operation(at: &i) {
            if op.opcode == Opcode.opCodeSeparator { separators += 1 }
        }
        w.writeCompactSize(bytes.count - separators)
        var start = 0
        i = 0
        while let op = script.operation(at: &i) {
            if op.opcode == Opcode.opCodeSeparator {
                w.write(bytes: bytes[start..<(i - 1)])
                start = i
            }
        }
        if start != bytes.count { w.write(bytes: bytes[start..<i]) }
    }

    static func checkInputIndex(_ index: Int, of transaction: Transaction) throws(DecodingError) {
        guard index >= 0 && index < transaction.inputs.count else {
            throw DecodingError("input index \(index) out of range (\(transaction.inputs.count) inputs)")
        }
    }

    static let zeroHash = [UInt8](repeating: 0, count: 32)
}
