import SovPrimitives

/// Per-output data of a PSBT: every field Bitcoin Core knows, decoded, plus the key-value pairs as read.
/// Collections are in Core's map order.
public struct PSBTOutput: Sendable {
    /// The key-value pairs in the order read; `PSBT.serialized()` writes these back.
    public internal(set) var pairs: [PSBTKeyValue] = []

    public internal(set) var redeemScript: Script?
    public internal(set) var witnessScript: Script?
    public internal(set) var bip32Derivations: [PSBTKeyPath] = []
    /// PSBTv2 (BIP370): the output amount in satoshis and its script.
    public internal(set) var amount: Int64?
    public internal(set) var script: Script?
    public internal(set) var tapInternalKey: [UInt8]?
    /// The Taproot tree leaves in depth-first order (empty when none was given).
    public internal(set) var tapTree: [PSBTTapTreeLeaf] = []
    public internal(set) var tapBIP32Derivations: [PSBTTapKeyOrigin] = []
    public internal(set) var muSig2Participants: [PSBTMuSig2Participants] = []
    public internal(set) var proprietary: [PSBTProprietary] = []
    /// Pairs of types Core does not know, ordered by key.
    public internal(set) var unknown: [PSBTKeyValue] = []

    init() {}

    /// Reads one output map with Core's validation; `version` is the PSBT version (0 or 2).
    init(from r: inout ByteReader, version: UInt32) throws(DecodingError) {
        var output = PSBTOutput()
        output.pairs = try PSBTMapCoding.readMap(&r, what: "output") { (record: PSBTRecord) throws(DecodingError) in
            try output.apply(record, version: version)
        }
        output.bip32Derivations.sort { byteOrder($0.publicKey, $1.publicKey) }
        output.tapBIP32Derivations.sort { byteOrder($0.xOnlyPublicKey, $1.xOnlyPublicKey) }
        output.muSig2Participants.sort { byteOrder($0.aggregatePublicKey, $1.aggregatePublicKey) }
        output.proprietary.sort { byteOrder($0.key, $1.key) }
        output.unknown.sort { byteOrder($0.key, $1.key) }
        if version >= 2 {
            guard output.amount != nil else { throw DecodingError(offset: r.position, "Output amount is required in PSBTv2") }
            guard output.script != nil else { throw DecodingError(offset: r.position, "Output script is required in PSBTv2") }
        }
        self = output
    }

    private mutating func apply(_ record: PSBTRecord, version: UInt32) throws(DecodingError) {
        let v2 = version >= 2
        switch record.type {
        case 0x00:
            try record.requireBareKey("Output redeemScript key is more than one byte type")
            redeemScript = Script(record.value)
        case 0x01:
            try record.requireBareKey("Output witnessScript key is more than one byte type")
            witnessScript = Script(record.value)
        case 0x02:
            bip32Derivations.append(try PSBTInput.keyPath(record))
        case 0x03:
            try PSBTInput.requireV2Field(record, "Output Amount", v2, "Output amount")
            amount = try record.readValue { (r: inout ByteReader) throws(DecodingError) in try r.readInt64("amount") }
        case 0x04:
            try PSBTInput.requireV2Field(record, "Output Script", v2, "Output script")
            script = Script(record.value)
        case 0x05:
            try record.requireBareKey("Output Taproot internal key key is more than one byte type")
            tapInternalKey = try record.fixedValue(32)
        case 0x06:
            try record.requireBareKey("Output Taproot tree key is more than one byte type")
            tapTree = try PSBTTapTreeLeaf.parseTree(record)
        case 0x07:
            guard record.key.count == 33 else { throw record.error("Output Taproot BIP32 keypath key is not at 33 bytes") }
            tapBIP32Derivations.append(try PSBTTapKeyOrigin(xOnly: Array(record.keyData), record: record, side: "Output"))
        case 0x08:
            muSig2Participants.append(try PSBTMuSig2Participants(record, side: "Output"))
        case 0xfc:
            proprietary.append(try PSBTProprietary(record))
        default:
            unknown.append(record.pair)
        }
    }
}
