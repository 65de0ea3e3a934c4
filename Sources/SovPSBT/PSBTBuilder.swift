import SovPrimitives

/// Writes PSBT maps pair by pair, then reads the result back through the parser, so that every PSBT sov makes
/// or changes passes the same checks as one it is given (Core's rules: `PSBT(bytes:)`).
public struct PSBTBuilder: Sendable {
    public var globalPairs: [PSBTKeyValue]
    public var inputPairs: [[PSBTKeyValue]]
    public var outputPairs: [[PSBTKeyValue]]

    /// A version 0 PSBT for `transaction`, whose scriptSigs and witnesses must be empty (BIP174's Creator).
    public init(unsignedTransaction transaction: Transaction) throws(DecodingError) {
        guard transaction.inputs.allSatisfy({ $0.scriptSig.isEmpty && $0.witness.isEmpty }) else {
            throw DecodingError("an unsigned transaction has no scriptSigs or witnesses")
        }
        globalPairs = [try PSBTKeyValue(key: [0x00], value: transaction.serialized(includingWitness: false))]
        inputPairs = Array(repeating: [], count: transaction.inputs.count)
        outputPairs = Array(repeating: [], count: transaction.outputs.count)
    }

    /// The pairs of an existing PSBT, to change.
    public init(_ psbt: PSBT) {
        globalPairs = psbt.globalPairs
        inputPairs = psbt.inputs.map(\.pairs)
        outputPairs = psbt.outputs.map(\.pairs)
    }

    /// Sets a pair of input `index`, replacing one with the same key.
    public mutating func setInput(_ index: Int, key: [UInt8], value: [UInt8]) throws(DecodingError) {
        let pair = try PSBTKeyValue(key: key, value: value)
        inputPairs[index].removeAll { $0.key == pair.key }
        inputPairs[index].append(pair)
    }

    /// Sets a pair of output `index`, replacing one with the same key.
    public mutating func setOutput(_ index: Int, key: [UInt8], value: [UInt8]) throws(DecodingError) {
        let pair = try PSBTKeyValue(key: key, value: value)
        outputPairs[index].removeAll { $0.key == pair.key }
        outputPairs[index].append(pair)
    }

    /// Keeps only the pairs of input `index` whose key type satisfies `keep`.
    public mutating func filterInput(_ index: Int, keep: (UInt64) -> Bool) {
        inputPairs[index].removeAll { !keep($0.type) }
    }

    // MARK: - Fields (BIP174, BIP371)

    public mutating func setNonWitnessUTXO(_ index: Int, _ transaction: Transaction) throws(DecodingError) {
        try setInput(index, key: [PSBTKeyType.inNonWitnessUTXO], value: transaction.serialized(includingWitness: true))
    }

    public mutating func setWitnessUTXO(_ index: Int, _ output: TxOutput) throws(DecodingError) {
        var w = ByteWriter(capacity: 64)
        output.write(to: &w)
        try setInput(index, key: [PSBTKeyType.inWitnessUTXO], value: w.bytes)
    }





    public mutating func setPartialSignature(input index: Int, publicKey: [UInt8], signature: [UInt8]) throws(DecodingError) {
        try setInput(index, key: [PSBTKeyType.inPartialSignature] + publicKey, value: signature)
    }

    public mutating func setTapKeySignature(input index: Int, _ signature: [UInt8]) throws(DecodingError) {
        try setInput(index, key: [PSBTKeyType.inTapKeySignature], value: signature)
    }

    /// `PSBT_IN_TAP_SCRIPT_SIG`: a script-path signature of `xOnly` for the leaf `leafHash`.
    public mutating func setTapScriptSignature(input index: Int, xOnly: [UInt8], leafHash: [UInt8], _ signature: [UInt8]) throws(DecodingError) {
        try setInput(index, key: [PSBTKeyType.inTapScriptSignature] + xOnly + leafHash, value: signature)
    }

    /// `PSBT_IN_TAP_LEAF_SCRIPT`: a leaf script and the control block that proves it is in the output's tree.
    public mutating func setTapLeafScript(input index: Int, controlBlock: [UInt8], script: Script, leafVersion: UInt8) throws(DecodingError) {
        try setInput(index, key: [PSBTKeyType.inTapLeafScript] + controlBlock, value: script.bytes + [leafVersion])
    }

    /// `PSBT_IN_TAP_MERKLE_ROOT`.
    public mutating func setTapMerkleRoot(input index: Int, _ root: [UInt8]) throws(DecodingError) {
        try setInput(index, key: [PSBTKeyType.inTapMerkleRoot], value: root)
    }

    public mutating func setFinalScriptSig(input index: Int, _ script: Script) throws(DecodingError) {
        try setInput(index, key: [PSBTKeyType.inFinalScriptSig], value: script.bytes)
    }

    public mutating func setFinalScriptWitness(input index: Int, _ stack: [[UInt8]]) throws(DecodingError) {
        var w = ByteWriter(capacity: 128)
        w.writeCompactSize(UInt64(stack.count))
        for item in stack { w.writeVarBytes(item) }
        try setInput(index, key: [PSBTKeyType.inFinalScriptWitness], value: w.bytes)
    }





    /// Which map a field goes in: an input's or an output's (their key types differ).
    public enum Map: Sendable {
        case input(Int)
        case output(Int)
    }

    private mutating func set(_ map: Map, input: UInt8, output: UInt8, keyData: [UInt8] = [], value: [UInt8]) throws(DecodingError) {
        switch map {
        case .input(let index): try setInput(index, key: [input] + keyData, value: value)
        case .output(let index): try setOutput(index, key: [output] + keyData, value: value)
        }
    }

    /// `PSBT_IN_REDEEM_SCRIPT` / `PSBT_OUT_REDEEM_SCRIPT`.
    public mutating func setRedeemScript(_ map: Map, _ script: Script) throws(DecodingError) {
        try set(map, input: PSBTKeyType.inRedeemScript, output: PSBTKeyType.outRedeemScript, value: script.bytes)
    }

    /// `PSBT_IN_WITNESS_SCRIPT` / `PSBT_OUT_WITNESS_SCRIPT`.
    public mutating func setWitnessScript(_ map: Map, _ script: Script) throws(DecodingError) {
        try set(map, input: PSBTKeyType.inWitnessScript, output: PSBTKeyType.outWitnessScript, value: script.bytes)
    }

    /// `PSBT_IN_BIP32_DERIVATION` / `PSBT_OUT_BIP32_DERIVATION`.
    public mutating func setBIP32Derivation(_ map: Map, publicKey: [UInt8], origin: PSBTKeyOrigin) throws(DecodingError) {
        try set(map, input: PSBTKeyType.inBIP32Derivation, output: PSBTKeyType.outBIP32Derivation, keyData: publicKey, value: Self.encode(origin))
    }

    /// `PSBT_IN_TAP_INTERNAL_KEY` / `PSBT_OUT_TAP_INTERNAL_KEY`.
    public mutating func setTapInternalKey(_ map: Map, _ xOnly: [UInt8]) throws(DecodingError) {
        try set(map, input: PSBTKeyType.inTapInternalKey, output: PSBTKeyType.outTapInternalKey, value: xOnly)
    }

    /// `PSBT_IN_TAP_BIP32_DERIVATION` / `PSBT_OUT_TAP_BIP32_DERIVATION`: the key's origin and the leaves it
    /// signs in (none for the internal key of the key path).
    public mutating func setTapBIP32Derivation(_ map: Map, xOnly: [UInt8], leafHashes: [[UInt8]] = [], origin: PSBTKeyOrigin) throws(DecodingError) {
        var value = ByteWriter(capacity: 1 + 32 * leafHashes.count)
        value.writeCompactSize(UInt64(leafHashes.count))
        for hash in leafHashes { value.write(bytes: hash) }
        try set(map, input: PSBTKeyType.inTapBIP32Derivation, output: PSBTKeyType.outTapBIP32Derivation, keyData: xOnly,
                value: value.bytes + Self.encode(origin))
    }

    /// `<fingerprint> <path as little-endian 32-bit numbers>`.
    static func encode(_ origin: PSBTKeyOrigin) -> [UInt8] {
        var bytes = origin.fingerprint
        for step in origin.path { withUnsafeBytes(of: step.littleEndian) { bytes += $0 } }
        return bytes
    }

    /// The PSBT, its pairs in the order Bitcoin Core writes them, read back through the parser.
    public func build() throws(DecodingError) -> PSBT {
        var w = ByteWriter(capacity: 1024)
        w.write(bytes: PSBT.magic)
        PSBTMapCoding.writeMap(PSBTCanonicalOrder.global(globalPairs), to: &w)
        for pairs in inputPairs { PSBTMapCoding.writeMap(PSBTCanonicalOrder.input(pairs), to: &w) }
        for pairs in outputPairs { PSBTMapCoding.writeMap(PSBTCanonicalOrder.output(pairs), to: &w) }
        return try PSBT(bytes: w.bytes)
    }
}

/// The key types sov writes (BIP174, BIP371).
public enum PSBTKeyType {
    public static let inNonWitnessUTXO: UInt8 = 0x00
    public static let inWitnessUTXO: UInt8 = 0x01
    public static let inPartialSignature: UInt8 = 0x02
    public static let inSighashType: UInt8 = 0x03
    public static let inRedeemScript: UInt8 = 0x04
    public static let inWitnessScript: UInt8 = 0x05
    public static let inBIP32Derivation: UInt8 = 0x06
    public static let inFinalScriptSig: UInt8 = 0x07
    public static let inFinalScriptWitness: UInt8 = 0x08
    public static let inTapKeySignature: UInt8 = 0x13
    public static let inTapScriptSignature: UInt8 = 0x14
    public static let inTapLeafScript: UInt8 = 0x15
    public static let inTapBIP32Derivation: UInt8 = 0x16
    public static let inTapInternalKey: UInt8 = 0x17
    public static let inTapMerkleRoot: UInt8 = 0x18
    public static let outRedeemScript: UInt8 = 0x00
    public static let outWitnessScript: UInt8 = 0x01
    public static let outBIP32Derivation: UInt8 = 0x02
    public static let outTapInternalKey: UInt8 = 0x05
    public static let outTapBIP32Derivation: UInt8 = 0x07
    public static let proprietary: UInt8 = 0xfc
}

/// The order in which Bitcoin Core serializes each map (`PartiallySignedTransaction::Serialize`, `PSBTInput` and
/// `PSBTOutput`): known fields in the order of its structures, final input fields after the signing ones,
/// partial signatures by the HASH160 of their key (Core's `CKeyID` map), proprietary then unknown pairs last.
enum PSBTCanonicalOrder {
    static func global(_ pairs: [PSBTKeyValue]) -> [PSBTKeyValue] {
        sorted(pairs) { type in
            switch type {
            case 0x00...0x06: return Int(type)
            case 0xfb: return 0x07
            case 0xfc: return 0x100
            default: return 0x101
            }
        }
    }

    static func input(_ pairs: [PSBTKeyValue]) -> [PSBTKeyValue] {
        sorted(pairs, partialSignaturesByKeyID: true) { type in
            switch type {
            case 0x00, 0x01: return Int(type)
            case 0x02...0x06: return Int(type)
            case 0x0a...0x0d: return Int(type)
            case 0x13...0x1d: return Int(type)
            case 0x07, 0x08: return 0x40 + Int(type)
            case 0x0e...0x12: return 0x50 + Int(type)
            case 0xfc: return 0x100
            default: return 0x101
            }
        }
    }

    static func output(_ pairs: [PSBTKeyValue]) -> [PSBTKeyValue] {
        sorted(pairs) { type in
            switch type {
            case 0x00...0x08: return Int(type)
            case 0xfc: return 0x100
            default: return 0x101
            }
        }
    }

    /// `pairs` by rank of their type, then by key (partial signatures by their key's HASH160).
    private static func sorted(_ pairs: [PSBTKeyValue], partialSignaturesByKeyID: Bool = false, rank: (UInt64) -> Int) -> [PSBTKeyValue] {
        func sortKey(_ pair: PSBTKeyValue) -> [UInt8] {
            partialSignaturesByKeyID && pair.type == 0x02 ? Hashes.hash160(Array(pair.keyData)) : pair.key
        }
        return pairs.sorted { a, b in
            let ra = rank(a.type), rb = rank(b.type)
            if ra != rb { return ra < rb }
            return sortKey(a).lexicographicallyPrecedes(sortKey(b))
        }
    }
}
