import SovKeys
import SovPrimitives

/// Per-input data of a PSBT: every field Bitcoin Core knows, decoded, plus the key-value pairs as read.
///
/// Collections are in the order Core's maps keep them (so they render as `decodepsbt` lists them).
/// Values Core treats as absent when empty or zero (an empty script, a witness UTXO of value -1, an
/// all-zero Taproot internal key or merkle root) are kept as read; `PSBTInput` reports them as given.
public struct PSBTInput: Sendable {
    /// The key-value pairs in the order read; `PSBT.serialized()` writes these back.
    public internal(set) var pairs: [PSBTKeyValue] = []

    public internal(set) var nonWitnessUTXO: Transaction?
    public internal(set) var witnessUTXO: TxOutput?
    /// Partial signatures, ordered by the hash160 of the public key (Core's `CKeyID` order).
    public internal(set) var partialSignatures: [PSBTPartialSignature] = []
    /// The sighash type as the 32-bit signed integer serialized.
    public internal(set) var sighashType: Int32?
    public internal(set) var redeemScript: Script?
    public internal(set) var witnessScript: Script?
    public internal(set) var bip32Derivations: [PSBTKeyPath] = []
    public internal(set) var finalScriptSig: Script?
    public internal(set) var finalScriptWitness: [[UInt8]]?
    public internal(set) var ripemd160Preimages: [PSBTPreimage] = []
    public internal(set) var sha256Preimages: [PSBTPreimage] = []
    public internal(set) var hash160Preimages: [PSBTPreimage] = []
    public internal(set) var hash256Preimages: [PSBTPreimage] = []

    /// PSBTv2 (BIP370): the previous txid in internal byte order.
    public internal(set) var previousTxid: Txid?
    public internal(set) var previousOutputIndex: UInt32?
    public internal(set) var sequence: UInt32?
    public internal(set) var requiredTimeLocktime: UInt32?
    public internal(set) var requiredHeightLocktime: UInt32?

    public internal(set) var tapKeySignature: [UInt8]?
    public internal(set) var tapScriptSignatures: [PSBTTapScriptSignature] = []
    public internal(set) var tapLeafScripts: [PSBTTapLeafScript] = []
    public internal(set) var tapBIP32Derivations: [PSBTTapKeyOrigin] = []
    public internal(set) var tapInternalKey: [UInt8]?

    /// Whether the input carries its final scriptSig or witness (a finalizer's work: nothing left to sign).
    public var isFinalized: Bool { finalScriptSig != nil || finalScriptWitness != nil }

    /// The signatures it holds: ECDSA partial signatures, the taproot key-path signature and script-path ones.
    public var signatureCount: Int { partialSignatures.count + (tapKeySignature == nil ? 0 : 1) + tapScriptSignatures.count }
    public internal(set) var tapMerkleRoot: [UInt8]?

    public internal(set) var muSig2Participants: [PSBTMuSig2Participants] = []
    public internal(set) var muSig2PubNonces: [PSBTMuSig2Contribution] = []
    public internal(set) var muSig2PartialSignatures: [PSBTMuSig2Contribution] = []

    public internal(set) var proprietary: [PSBTProprietary] = []
    /// Pairs of types Core does not know, ordered by key.
    public internal(set) var unknown: [PSBTKeyValue] = []

    init() {}

    /// Reads one input map with Core's validation; `version` is the PSBT version (0 or 2).
    init(from r: inout ByteReader, version: UInt32) throws(DecodingError) {
        var input = PSBTInput()
        var state = ParsingState()
        input.pairs = try PSBTMapCoding.readMap(&r, what: "input") { (record: PSBTRecord) throws(DecodingError) in
            try input.apply(record, version: version, state: &state)
        }
        input.tapLeafScripts = state.leafScripts
        input.sortLikeCore()
        if version >= 2 {
            guard input.previousTxid != nil else { throw DecodingError(offset: r.position, "Previous TXID is required in PSBTv2") }
            guard input.previousOutputIndex != nil else {
                throw DecodingError(offset: r.position, "Previous output's index is required in PSBTv2")
            }
        }
        self = input
    }

    private mutating func apply(_ record: PSBTRecord, version: UInt32, state: inout ParsingState) throws(DecodingError) {
        let v2 = version >= 2
        switch record.type {
        case 0x00:
            try record.requireBareKey("Non-witness utxo key is more than one byte type")
            nonWitnessUTXO = try record.readValue { (r: inout ByteReader) throws(DecodingError) in try Transaction(from: &r, allowWitness: true) }
        case 0x01:
            try record.requireBareKey("Witness utxo key is more than one byte type")
            witnessUTXO = try record.readValue { (r: inout ByteReader) throws(DecodingError) in
                TxOutput(value: try r.readInt64("amount"), scriptPubKey: Script(try r.readVarBytes("scriptPubKey")))
            }
        case 0x02:
            guard record.key.count == 34 || record.key.count == 66 else {
                throw record.error("Size of key was not the expected size for the type partial signature pubkey")
            }
            let publicKey = Array(record.keyData)
            guard PublicKey.isFullyValid(publicKey) else { throw record.error("Invalid pubkey") }
            guard SignatureEncoding.isStrictlyEncoded(record.value) else { throw record.error("Signature is not a valid encoding") }
            partialSignatures.append(PSBTPartialSignature(publicKey: publicKey, signature: record.value))
        case 0x03:
            try record.requireBareKey("Sighash type key is more than one byte type")
            sighashType = Int32(bitPattern: try record.uint32Value())
        case 0x04:
            try record.requireBareKey("Input redeemScript key is more than one byte type")
            redeemScript = Script(record.value)
        case 0x05:
            try record.requireBareKey("Input witnessScript key is more than one byte type")
            witnessScript = Script(record.value)
        case 0x06:
            bip32Derivations.append(try PSBTInput.keyPath(record))
        case 0x07:
            try record.requireBareKey("Final scriptSig key is more than one byte type")
            finalScriptSig = Script(record.value)
        case 0x08:
            try record.requireBareKey("Final scriptWitness key is more than one byte type")
            finalScriptWitness = try record.readValue { (r: inout ByteReader) throws(DecodingError) in
                let count = try r.readCount("witness item count", minimumItemSize: 1)
                var stack: [[UInt8]] = []
                stack.reserveCapacity(count)
                for _ in 0..<count { stack.append(try r.readVarBytes("witness item")) }
                return stack
            }
        case 0x0a: ripemd160Preimages.append(try PSBTInput.preimage(record, hashSize: 20, name: "ripemd160"))
        case 0x0b: sha256Preimages.append(try PSBTInput.preimage(record, hashSize: 32, name: "sha256"))
        case 0x0c: hash160Preimages.append(try PSBTInput.preimage(record, hashSize: 20, name: "hash160"))
        case 0x0d: hash256Preimages.append(try PSBTInput.preimage(record, hashSize: 32, name: "hash256"))
        case 0x0e:
            try PSBTInput.requireV2Field(record, "Input Previous TXID", v2, "Previous txid")
            previousTxid = Txid(bytes: try record.fixedValue(32))
        case 0x0f:
            try PSBTInput.requireV2Field(record, "Input Previous Output's Index", v2, "Previous output's index")
            previousOutputIndex = try record.uint32Value()
        case 0x10:
            try PSBTInput.requireV2Field(record, "Input Sequence", v2, "Sequence")
            sequence = try record.uint32Value()
        case 0x11:
            try PSBTInput.requireV2Field(record, "Input Required Time Based Locktime", v2, "Required time based locktime")
            let time = try record.uint32Value()
            guard time >= PSBT.locktimeThreshold else {
                throw record.error("Required time based locktime is invalid (less than 500000000)")
            }
            requiredTimeLocktime = time
        case 0x12:
            try PSBTInput.requireV2Field(record, "Input Required Height Based Locktime", v2, "Required height based locktime")
            let height = try record.uint32Value()
            guard height < PSBT.locktimeThreshold else {
                throw record.error("Required height based locktime is invalid (greater than or equal to 500000000)")
            }
            guard height != 0 else { throw record.error("Required height based locktime is invalid (0)") }
            requiredHeightLocktime = height
        case 0x13:
            try record.requireBareKey("Input Taproot key signature key is more than one byte type")
            tapKeySignature = try PSBTInput.schnorrSignature(record, path: "key")
        case 0x14:
            guard record.key.count == 65 else { throw record.error("Input Taproot script signature key is not 65 bytes") }
            let keyData = Array(record.keyData)
            let signature = try PSBTInput.schnorrSignature(record, path: "script")
            tapScriptSignatures.append(PSBTTapScriptSignature(xOnlyPublicKey: Array(keyData[0..<32]),
                                                              leafHash: Array(keyData[32..<64]), signature: signature))
        case 0x15:
            guard record.key.count >= 34 else { throw record.error("Taproot leaf script key is not at least 34 bytes") }
            guard (record.key.count - 2) % 32 == 0 else {
                throw record.error("Input Taproot leaf script key's control block size is not valid")
            }
            guard let leafVersion = record.value.last else { throw record.error("Input Taproot leaf script must be at least 1 byte") }
            state.addLeaf(script: Array(record.value.dropLast()), leafVersion: leafVersion, controlBlock: Array(record.keyData))
        case 0x16:
            guard record.key.count == 33 else { throw record.error("Input Taproot BIP32 keypath key is not at 33 bytes") }
            tapBIP32Derivations.append(try PSBTTapKeyOrigin(xOnly: Array(record.keyData), record: record, side: "Input"))
        case 0x17:
            try record.requireBareKey("Input Taproot internal key key is more than one byte type")
            tapInternalKey = try record.fixedValue(32)
        case 0x18:
            try record.requireBareKey("Input Taproot merkle root key is more than one byte type")
            tapMerkleRoot = try record.fixedValue(32)
        case 0x1a:
            muSig2Participants.append(try PSBTMuSig2Participants(record, side: "Input"))
        case 0x1b:
            let nonce = try PSBTMuSig2Contribution(record, what: "pubnonce")
            guard record.value.count == 66 else { throw record.error("Input musig2 pubnonce value is not 66 bytes") }
            if state.nonceSlots.insert(nonce.slot).inserted { muSig2PubNonces.append(nonce) }
        case 0x1c:
            let signature = try PSBTMuSig2Contribution(record, what: "partial sig")
            _ = try record.fixedValue(32)
            if state.partialSignatureSlots.insert(signature.slot).inserted { muSig2PartialSignatures.append(signature) }
        case 0xfc:
            proprietary.append(try PSBTProprietary(record))
        default:
            unknown.append(record.pair)
        }
    }

    /// A `PSBT_IN/OUT_BIP32_DERIVATION` record (Core's `DeserializeHDKeypaths`).
    static func keyPath(_ record: PSBTRecord) throws(DecodingError) -> PSBTKeyPath {
        guard record.key.count == 34 || record.key.count == 66 else {
            throw record.error("Size of key was not the expected size for the type BIP32 keypath")
        }
        let publicKey = Array(record.keyData)
        guard PublicKey.isFullyValid(publicKey) else { throw record.error("Invalid pubkey") }
        let origin = try record.readValue { (r: inout ByteReader) throws(DecodingError) in
            try PSBTKeyOrigin(from: &r, length: r.remaining)
        }
        return PSBTKeyPath(publicKey: publicKey, origin: origin)
    }

    /// Core's `ExpectedKeySize(name, key, 1)` for the BIP370 fields.
    static func requireV2BareKey(_ record: PSBTRecord, _ name: String) throws(DecodingError) {
        try record.requireBareKey("Size of key was not 1 for the type \(name)")
    }

    /// A BIP370 per-input or per-output field: a bare key, and only in version 2 (BIP370 excludes these
    /// from version 0, and Core rejects them there).
    static func requireV2Field(_ record: PSBTRecord, _ name: String, _ isVersionTwo: Bool, _ what: String) throws(DecodingError) {
        try requireV2BareKey(record, name)
        guard isVersionTwo else { throw record.error("\(what) is not allowed in PSBTv0") }
    }

    private static func preimage(_ record: PSBTRecord, hashSize: Int, name: String) throws(DecodingError) -> PSBTPreimage {
        guard record.key.count == hashSize + 1 else {
            throw record.error("Size of key was not the expected size for the type \(name) preimage")
        }
        return PSBTPreimage(hash: Array(record.keyData), preimage: record.value)
    }

    private static func schnorrSignature(_ record: PSBTRecord, path: String) throws(DecodingError) -> [UInt8] {
        guard record.value.count >= 64 else { throw record.error("Input Taproot \(path) path signature is shorter than 64 bytes") }
        guard record.value.count <= 65 else { throw record.error("Input Taproot \(path) path signature is longer than 65 bytes") }
        return record.value
    }

    private mutating func sortLikeCore() {
        partialSignatures = partialSignatures
            .map { (id: Hashes.hash160($0.publicKey), entry: $0) }
            .sorted { byteOrder($0.id, $1.id) }
            .map(\.entry)
        bip32Derivations.sort { byteOrder($0.publicKey, $1.publicKey) }
        ripemd160Preimages.sort { byteOrder($0.hash, $1.hash) }
        sha256Preimages.sort { byteOrder($0.hash, $1.hash) }
        hash160Preimages.sort { byteOrder($0.hash, $1.hash) }
        hash256Preimages.sort { byteOrder($0.hash, $1.hash) }
        tapScriptSignatures.sort {
            $0.xOnlyPublicKey != $1.xOnlyPublicKey ? byteOrder($0.xOnlyPublicKey, $1.xOnlyPublicKey) : byteOrder($0.leafHash, $1.leafHash)
        }
        tapBIP32Derivations.sort { byteOrder($0.xOnlyPublicKey, $1.xOnlyPublicKey) }
        muSig2Participants.sort { byteOrder($0.aggregatePublicKey, $1.aggregatePublicKey) }
        muSig2PubNonces.sort(by: PSBTMuSig2Contribution.precedes)
        muSig2PartialSignatures.sort(by: PSBTMuSig2Contribution.precedes)
        proprietary.sort { byteOrder($0.key, $1.key) }
        unknown.sort { byteOrder($0.key, $1.key) }
    }
}

/// What reading one input map keeps track of besides the fields themselves.
private struct ParsingState {
    private struct Leaf: Hashable {
        var script: [UInt8]
        var leafVersion: UInt8
    }

    /// Core's `m_tap_scripts`: control blocks grouped by (script, leaf version).
    private var leaves: [Leaf: [[UInt8]]] = [:]
    /// MuSig2 map slots already filled (Core keeps the first value read for a slot).
    var nonceSlots = Set<[UInt8]>()
    var partialSignatureSlots = Set<[UInt8]>()

    mutating func addLeaf(script: [UInt8], leafVersion: UInt8, controlBlock: [UInt8]) {
        leaves[Leaf(script: script, leafVersion: leafVersion), default: []].append(controlBlock)
    }

    /// The leaf scripts in Core's order: by script bytes then version; control blocks shortest first.
    var leafScripts: [PSBTTapLeafScript] {
        leaves.map { leaf, blocks in
            PSBTTapLeafScript(script: leaf.script, leafVersion: leaf.leafVersion,
                              controlBlocks: blocks.sorted { $0.count != $1.count ? $0.count < $1.count : byteOrder($0, $1) })
        }
        .sorted { $0.script != $1.script ? byteOrder($0.script, $1.script) : $0.leafVersion < $1.leafVersion }
    }
}
