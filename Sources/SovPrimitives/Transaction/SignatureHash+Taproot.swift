extension SignatureHash {
    /// What a tapscript (BIP342) signature commits to beyond a key-path one.
    public struct TapscriptContext: Sendable, Equatable {
        /// The tapleaf hash of the executing script (see `tapleafHash`).
        public var leafHash: [UInt8]
        /// The opcode position of the last executed `OP_CODESEPARATOR`, or `0xffffffff` when none ran.
        public var codeSeparatorPosition: UInt32
        /// BIP342's key version: 0.
        public var keyVersion: UInt8

        public init(leafHash: [UInt8], codeSeparatorPosition: UInt32 = 0xffff_ffff, keyVersion: UInt8 = 0) {
            self.leafHash = leafHash
            self.codeSeparatorPosition = codeSeparatorPosition
            self.keyVersion = keyVersion
        }
    }

    /// BIP341's tapleaf hash: `TapLeaf`-tagged hash of the leaf version and the length-prefixed script.
    public static func tapleafHash(script: Script, leafVersion: UInt8 = 0xc0) -> [UInt8] {
        var w = ByteWriter(capacity: script.count + 4)
        w.write(leafVersion)
        w.writeVarBytes(script.bytes)
        return Hashes.tagged("TapLeaf", w.bytes)
    }

    /// The annex of a taproot input's witness: its last item when there are at least two and that one
    /// starts with 0x50 (BIP341).
    public static func taprootAnnex(of witness: [[UInt8]]) -> [UInt8]? {
        guard witness.count >= 2, let last = witness.last, last.first == 0x50 else { return nil }
        return last
    }

    /// BIP341's signature hash: the `TapSighash`-tagged hash of `taprootMessage`.
    public static func taproot(_ data: PrecomputedTransactionData, inputIndex: Int, hashType: UInt8,
                               annex: [UInt8]? = nil, tapscript: TapscriptContext? = nil) throws(DecodingError) -> [UInt8] {
        Hashes.tagged("TapSighash", try taprootMessage(data, inputIndex: inputIndex, hashType: hashType,
                                                       annex: annex, tapscript: tapscript))
    }

    /// BIP341's signature message, with the leading epoch byte 0 (Core's `SignatureHashSchnorr` input):
    /// key path when `tapscript` is nil, script path (ext_flag 1, BIP342) otherwise. `annex`, when present,
    /// is the whole annex including its 0x50 prefix. Needs `data` built with the spent outputs; throws for an
    /// undefined hash type or SIGHASH_SINGLE without a matching output.
    public static func taprootMessage(_ data: PrecomputedTransactionData, inputIndex: Int, hashType: UInt8,
                                      annex: [UInt8]? = nil, tapscript: TapscriptContext? = nil) throws(DecodingError) -> [UInt8] {
        let transaction = data.transaction
        try checkInputIndex(inputIndex, of: transaction)
        guard let spentOutputs = data.spentOutputs, let amountsSHA256 = data.amountsSHA256,
              let scriptPubKeysSHA256 = data.scriptPubKeysSHA256 else {
            throw DecodingError("taproot signature hash needs the spent outputs")
        }
        guard hashType <= 0x03 || (0x81...0x83).contains(hashType) else {
            throw DecodingError("undefined taproot hash type 0x\([hashType].hex)")
        }
        let outputMode = hashType == SighashType.default ? SighashType.all : hashType & 0x03
        let anyoneCanPay = hashType & SighashType.anyoneCanPay != 0

        var w = ByteWriter(capacity: 256)
        w.write(UInt8(0))  // epoch
        w.write(hashType)
        w.write(transaction.version)
        w.write(transaction.lockTime)
        if !anyoneCanPay {
            w.write(bytes: data.prevoutsSHA256)
            w.write(bytes: amountsSHA256)
            w.write(bytes: scriptPubKeysSHA256)
            w.write(bytes: data.sequencesSHA256)
        }
        if outputMode == SighashType.all { w.write(bytes: data.outputsSHA256) }

        let extFlag: UInt8 = tapscript == nil ? 0 : 1
        w.write(extFlag << 1 | (annex == nil ? 0 : 1))  // spend_type
        if anyoneCanPay {
            let input = transaction.inputs[inputIndex]
            input.previousOutput.write(to: &w)
            spentOutputs[inputIndex].write(to: &w)
            w.write(input.sequence)
        } else {
            w.write(UInt32(inputIndex))
        }
        if let annex {
            var prefixed = ByteWriter(capacity: annex.count + 9)
            prefixed.writeVarBytes(annex)
            w.write(bytes: Hashes.sha256(prefixed.bytes))
        }
        if outputMode == SighashType.single {
            guard inputIndex < transaction.outputs.count else {
                throw DecodingError("SIGHASH_SINGLE for input \(inputIndex) without a matching output")
            }
            var output = ByteWriter(capacity: 64)
            transaction.outputs[inputIndex].write(to: &output)
            w.write(bytes: Hashes.sha256(output.bytes))
        }
        if let tapscript {
            w.write(bytes: tapscript.leafHash)
            w.write(tapscript.keyVersion)
            w.write(tapscript.codeSeparatorPosition)
        }
        return w.bytes
    }
}
