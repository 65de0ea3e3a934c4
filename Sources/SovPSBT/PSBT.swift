import SovPrimitives

/// A partially signed Bitcoin transaction (BIP174 version 0, BIP370 version 2), read with Bitcoin Core's
/// validation rules.
///
/// The decoded fields follow Core's data model (`PartiallySignedTransaction`) and are read-only: the
/// key-value pairs of every map, kept exactly as read, are what `serialized()` writes, so it gives back
/// the bytes that were parsed (Core would reorder keys and drop some; this keeps them).
public struct PSBT: Sendable {
    /// `psbt` followed by 0xff.
    public static let magic: [UInt8] = [0x70, 0x73, 0x62, 0x74, 0xff]
    /// Lock times below this are block heights, at or above it Unix times.
    public static let locktimeThreshold = Transaction.lockTimeThreshold

    /// The global map's key-value pairs in the order read.
    public internal(set) var globalPairs: [PSBTKeyValue] = []
    /// `PSBT_GLOBAL_VERSION` when present.
    public internal(set) var declaredVersion: UInt32?
    /// Version 0 (BIP174): the transaction being signed, without scriptSigs or witnesses.
    public internal(set) var unsignedTransaction: Transaction?
    /// Global extended public keys, ordered by origin then key as Core keeps them.
    public internal(set) var extendedPublicKeys: [PSBTExtendedPublicKey] = []
    /// Version 2 (BIP370) transaction fields.
    public internal(set) var transactionVersion: UInt32?
    public internal(set) var fallbackLocktime: UInt32?
    /// `PSBT_GLOBAL_TX_MODIFIABLE` bits: 0 inputs modifiable, 1 outputs modifiable, 2 has SIGHASH_SINGLE.
    public internal(set) var transactionModifiable: UInt8?
    public internal(set) var proprietary: [PSBTProprietary] = []
    /// Global pairs of types Core does not know, ordered by key.
    public internal(set) var unknown: [PSBTKeyValue] = []
    public internal(set) var inputs: [PSBTInput] = []
    public internal(set) var outputs: [PSBTOutput] = []

    init() {}

    /// The PSBT version (Core's `GetVersion`): the declared one, else 0.
    public var version: UInt32 { declaredVersion ?? 0 }

    /// Parses a binary PSBT the way Core's `DecodeRawPSBT` does, trailing bytes included as an error.
    public init(bytes: [UInt8]) throws(DecodingError) {
        self = try PSBTParser.parse(bytes)
    }

    /// Parses Base64 text (strict, as Core's `DecodeBase64PSBT`).
    public init(base64 text: some StringProtocol) throws(DecodingError) {
        let bytes: [UInt8]
        do { bytes = try Base64.decode(text) } catch { throw DecodingError(offset: error.offset, "invalid base64: \(error.reason)") }
        try self.init(bytes: bytes)
    }

    /// The PSBT's bytes: magic, then every map's pairs as read, each map closed by its separator.
    public func serialized() -> [UInt8] {
        var w = ByteWriter(capacity: 1024)
        w.write(bytes: PSBT.magic)
        PSBTMapCoding.writeMap(globalPairs, to: &w)
        for input in inputs { PSBTMapCoding.writeMap(input.pairs, to: &w) }
        for output in outputs { PSBTMapCoding.writeMap(output.pairs, to: &w) }
        return w.bytes
    }

    /// `serialized()` in Base64, the form `bitcoin-cli` takes and prints.
    public var base64: String { Base64.encode(serialized()) }

    /// The outpoint input `index` spends: from the unsigned transaction (v0) or the input's own fields (v2).
    public func previousOutput(ofInput index: Int) -> OutPoint? {
        guard inputs.indices.contains(index) else { return nil }
        if let tx = unsignedTransaction {
            return tx.inputs.indices.contains(index) ? tx.inputs[index].previousOutput : nil
        }
        let input = inputs[index]
        guard let txid = input.previousTxid, let n = input.previousOutputIndex else { return nil }
        return OutPoint(txid: txid, index: n)
    }

    /// The output input `index` spends, as Core's `PSBTInput::GetUTXO` finds it: from the non-witness
    /// UTXO when given, else the witness UTXO (nil when neither, or when the witness UTXO is Core's null
    /// value -1).
    public func spentOutput(ofInput index: Int) -> TxOutput? {
        guard inputs.indices.contains(index) else { return nil }
        let input = inputs[index]
        if let previous = input.nonWitnessUTXO, let outpoint = previousOutput(ofInput: index) {
            return previous.outputs.indices.contains(Int(outpoint.index)) ? previous.outputs[Int(outpoint.index)] : nil
        }
        if let utxo = input.witnessUTXO, utxo.value != -1 { return utxo }
        return nil
    }

    /// The amount output `index` pays: from the unsigned transaction (v0) or the output's field (v2).
    public func amount(ofOutput index: Int) -> Int64? {
        if let tx = unsignedTransaction { return tx.outputs.indices.contains(index) ? tx.outputs[index].value : nil }
        return outputs.indices.contains(index) ? outputs[index].amount : nil
    }
}
