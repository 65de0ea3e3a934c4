import SovKeys
import SovPrimitives

/// BIP174's Signer: P2PKH, P2SH-P2WPKH, P2WPKH and bare multisig in P2SH, P2WSH or P2SH-P2WSH (ECDSA, low R),
/// and P2TR key path (BIP340 Schnorr). Keys come from one BIP32 master (found through the inputs'
/// `PSBT_IN_BIP32_DERIVATION` / `PSBT_IN_TAP_BIP32_DERIVATION` with its fingerprint) or from a list of keys. An
/// input is signed with SIGHASH_ALL (SIGHASH_DEFAULT for taproot) unless it asks for another type, and only where
/// a key is one its script needs; every signature is checked against its key before it is added.
public enum PSBTSigner {
    /// Signs with keys derived from `master`. The signed PSBT and the indexes of the inputs signed.
    public static func sign(_ psbt: PSBT, with master: ExtendedKey) throws(DecodingError) -> (psbt: PSBT, signed: [Int]) {
        var keys = DerivationCache(master: master)
        let fingerprint = master.fingerprint
        return try sign(psbt, candidates: []) { _, origin in
            guard let origin, origin.fingerprint == fingerprint else { return nil }
            return try? keys.key(at: origin.path).privateKey
        }
    }

    /// Signs with `keys` (Core's `walletprocesspsbt` with imported keys, `signrawtransactionwithkey`).
    public static func sign(_ psbt: PSBT, keys: [PrivateKey]) throws(DecodingError) -> (psbt: PSBT, signed: [Int]) {
        var byKey: [[UInt8]: PrivateKey] = [:]
        for key in keys {
            byKey[key.publicKey.bytes] = key
            byKey[key.xOnlyPublicKey.bytes] = key
        }
        return try sign(psbt, candidates: keys.map(\.publicKey.bytes)) { publicKey, _ in byKey[publicKey] }
    }

    /// The signer itself. `lookup` gives the secret of a public key (33 bytes, or 32 x-only), with its origin
    /// when the PSBT names one; `candidates` are public keys to try where a script names only a key hash.
    private static func sign(_ psbt: PSBT, candidates: [[UInt8]],
                             lookup: (_ publicKey: [UInt8], _ origin: PSBTKeyOrigin?) -> PrivateKey?) throws(DecodingError) -> (psbt: PSBT, signed: [Int]) {
        guard let transaction = psbt.transaction else { throw DecodingError("the PSBT lacks fields its transaction needs") }
        let spent = psbt.inputs.indices.map { psbt.spentOutput(ofInput: $0) }
        let all = spent.compactMap { $0 }
        let data = try PrecomputedTransactionData(transaction, spentOutputs: all.count == spent.count ? all : nil)
        var builder = PSBTBuilder(psbt)
        var signed: [Int] = []
        for (index, input) in psbt.inputs.enumerated() {
            guard input.finalScriptSig == nil, input.finalScriptWitness == nil, let utxo = spent[index] else { continue }
            let hashType = input.sighashType ?? 1
            let template = ScriptTemplate(utxo.scriptPubKey)
            func origin(of publicKey: [UInt8]) -> PSBTKeyOrigin? { input.bip32Derivations.first { $0.publicKey == publicKey }?.origin }
            /// ECDSA over `digest` with the key of `publicKey`, added as a partial signature.
            func addSignature(_ publicKey: [UInt8], digest: [UInt8]) throws(DecodingError) -> Bool {
                guard let key = lookup(publicKey, origin(of: publicKey)), key.publicKey.bytes == publicKey else { return false }
                let signature = try key.signECDSA(digest: digest)
                guard key.publicKey.verifyECDSA(signature: signature, digest: digest) else { throw DecodingError("an ECDSA signature did not verify") }
                try builder.setPartialSignature(input: index, publicKey: publicKey, signature: signature + [UInt8(truncatingIfNeeded: hashType)])
                return true
            }
            var didSign = false
            switch template.type {
            case .witnessV1Taproot:
                guard data.spentOutputs != nil, let internalKey = input.tapInternalKey, hashType == 1 || input.sighashType == nil || hashType == 0 else { continue }
                let origin = input.tapBIP32Derivations.first { $0.xOnlyPublicKey == internalKey && $0.leafHashes.isEmpty }?.origin
                guard let key = lookup(internalKey, origin), key.xOnlyPublicKey.bytes == internalKey else { continue }
                let tweaked = try key.taprootTweaked(merkleRoot: input.tapMerkleRoot)
                guard tweaked.xOnlyPublicKey.bytes == template.solutions[0] else { continue }
                let type = UInt8(truncatingIfNeeded: input.sighashType ?? 0)
                let digest = try SignatureHash.taproot(data, inputIndex: index, hashType: type)
                let auxiliary = (0..<32).map { _ in UInt8.random(in: 0...255) }
                var signature = try tweaked.signSchnorr(digest: digest, auxiliaryRandom: auxiliary)
                guard tweaked.xOnlyPublicKey.verifySchnorr(signature: signature, message: digest) else {
                    throw DecodingError("a Schnorr signature did not verify")
                }
                if type != 0 { signature.append(type) }
                try builder.setTapKeySignature(input: index, signature)
                didSign = true
            case .witnessV0KeyHash, .pubkeyhash, .scripthash, .witnessV0ScriptHash:
                // What the spent script commits to: a key hash, or a multisig script, in P2SH and/or P2WSH.
                var keyHash: [UInt8]?
                var multisig: Script?
                var segwit = template.type == .witnessV0KeyHash || template.type == .witnessV0ScriptHash
                switch template.type {
                case .witnessV0KeyHash, .pubkeyhash: keyHash = template.solutions[0]
                case .witnessV0ScriptHash:
                    guard let script = input.witnessScript, Hashes.sha256(script.bytes) == template.solutions[0] else { continue }
                    multisig = script
                default:
                    guard let redeem = input.redeemScript, Hashes.hash160(redeem.bytes) == template.solutions[0] else { continue }
                    let inner = ScriptTemplate(redeem)
                    switch inner.type {
                    case .witnessV0KeyHash: keyHash = inner.solutions[0]; segwit = true
                    case .witnessV0ScriptHash:
                        guard let script = input.witnessScript, Hashes.sha256(script.bytes) == inner.solutions[0] else { continue }
                        multisig = script
                        segwit = true
                    default: multisig = redeem
                    }
                }
                // As Core: a non-segwit input is signed only against its whole previous transaction, whose txid
                // the parser checked; a bare `witness_utxo` could lie about the amount a legacy signature never covers.
                if !segwit && input.nonWitnessUTXO == nil { continue }
                func digest(scriptCode: Script) throws(DecodingError) -> [UInt8] {
                    segwit ? try SignatureHash.segwitV0(data, inputIndex: index, scriptCode: scriptCode, amount: utxo.value, hashType: hashType)
                        : try SignatureHash.legacy(transaction, inputIndex: index, scriptCode: scriptCode, hashType: hashType)
                }
                if let keyHash {
                    let keys = Set(input.bip32Derivations.map(\.publicKey) + candidates).filter { Hashes.hash160($0) == keyHash }
                    let scriptCode = segwit ? SignatureHash.p2wpkhScriptCode(keyHash: keyHash) : utxo.scriptPubKey
                    for publicKey in keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) where !didSign {
                        didSign = try addSignature(publicKey, digest: try digest(scriptCode: scriptCode))
                    }
                } else if let multisig {
                    let multiTemplate = ScriptTemplate(multisig)
                    guard multiTemplate.type == .multisig, multiTemplate.solutions.count >= 3 else { continue }
                    let scriptDigest = try digest(scriptCode: multisig)
                    for publicKey in multiTemplate.solutions[1..<(multiTemplate.solutions.count - 1)]
                    where !input.partialSignatures.contains(where: { $0.publicKey == publicKey }) {
                        if try addSignature(publicKey, digest: scriptDigest) { didSign = true }
                    }
                }
            default:
                continue
            }
            if didSign { signed.append(index) }
        }
        return (try builder.build(), signed)
    }
}

/// Keys derived from one master, each path's parent kept: the inputs of one account share all but the last
/// step or two, so each input costs one child derivation instead of five.
struct DerivationCache {
    private var keys: [[UInt32]: ExtendedKey]

    init(master: ExtendedKey) { keys = [[]: master] }

    mutating func key(at path: [UInt32]) throws(DecodingError) -> ExtendedKey {
        if let known = keys[path] { return known }
        var length = path.count - 1
        while length > 0 && keys[Array(path.prefix(length))] == nil { length -= 1 }
        var key = keys[Array(path.prefix(length))]!
        for depth in length..<path.count {
            key = try key.derive(path[depth])
            // Keep parents (shared by many inputs), not every leaf.
            if depth < path.count - 1 { keys[Array(path.prefix(depth + 1))] = key }
        }
        return key
    }
}

/// BIP174's Finalizer and Transaction Extractor for the single-key inputs `PSBTSigner` signs.
public enum PSBTFinalizer {
    /// Finalizes every input it can: builds its scriptSig and witness from the signatures and drops the fields
    /// only signing needed (as Core's `FinalizePSBT` does). `complete` when every input is final.
    public static func finalize(_ psbt: PSBT) throws(DecodingError) -> (psbt: PSBT, complete: Bool) {
        var builder = PSBTBuilder(psbt)
        var complete = true
        for (index, input) in psbt.inputs.enumerated() {
            if input.finalScriptSig != nil || input.finalScriptWitness != nil { continue }
            guard let utxo = psbt.spentOutput(ofInput: index) else { complete = false; continue }
            let template = ScriptTemplate(utxo.scriptPubKey)
            var scriptSig: Script?
            var witness: [[UInt8]]?
            switch template.type {
            case .witnessV1Taproot:
                if let signature = input.tapKeySignature { witness = [signature] }
            case .witnessV0KeyHash:
                if let partial = input.partialSignatures.first(where: { Hashes.hash160($0.publicKey) == template.solutions[0] }) {
                    witness = [partial.signature, partial.publicKey]
                }
            case .scripthash:
                guard let redeem = input.redeemScript, Hashes.hash160(redeem.bytes) == template.solutions[0] else { break }
                let inner = ScriptTemplate(redeem)
                if inner.type == .witnessV0KeyHash,
                   let partial = input.partialSignatures.first(where: { Hashes.hash160($0.publicKey) == inner.solutions[0] }) {
                    scriptSig = Script(Script.pushData(redeem.bytes))
                    witness = [partial.signature, partial.publicKey]
                } else if inner.type == .witnessV0ScriptHash, let script = input.witnessScript, Hashes.sha256(script.bytes) == inner.solutions[0],
                          let signatures = multisigSignatures(script, input) {
                    scriptSig = Script(Script.pushData(redeem.bytes))
                    witness = [[]] + signatures + [script.bytes]
                } else if inner.type == .multisig, let signatures = multisigSignatures(redeem, input) {
                    scriptSig = Script([0] + signatures.flatMap { Script.pushData($0) } + Script.pushData(redeem.bytes))
                }
            case .witnessV0ScriptHash:
                if let script = input.witnessScript, Hashes.sha256(script.bytes) == template.solutions[0],
                   let signatures = multisigSignatures(script, input) {
                    witness = [[]] + signatures + [script.bytes]
                }
            case .pubkeyhash:
                if let partial = input.partialSignatures.first(where: { Hashes.hash160($0.publicKey) == template.solutions[0] }) {
                    scriptSig = Script(Script.pushData(partial.signature) + Script.pushData(partial.publicKey))
                }
            default:
                break
            }
            guard scriptSig != nil || witness != nil else { complete = false; continue }
            // What Core's `PSBTInput::FromSignatureData` clears once an input is complete.
            builder.filterInput(index) { type in !Self.clearedWhenFinal.contains(type) }
            if let scriptSig { try builder.setFinalScriptSig(input: index, scriptSig) }
            if let witness { try builder.setFinalScriptWitness(input: index, witness) }
        }
        return (try builder.build(), complete)
    }

    /// Signing fields, dropped from an input once it is final: partial signatures, the sighash type, redeem and
    /// witness scripts, BIP32 origins, and the taproot signing fields.
    static let clearedWhenFinal: Set<UInt64> = [0x02, 0x03, 0x04, 0x05, 0x06, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18]

    /// A bare multisig script's signatures in the order of its keys, `m` of them; nil when fewer are there.
    static func multisigSignatures(_ script: Script, _ input: PSBTInput) -> [[UInt8]]? {
        let template = ScriptTemplate(script)
        guard template.type == .multisig, let required = template.solutions.first?.first, template.solutions.count >= 3 else { return nil }
        var signatures: [[UInt8]] = []
        for key in template.solutions[1..<(template.solutions.count - 1)] {
            if let partial = input.partialSignatures.first(where: { $0.publicKey == key }) { signatures.append(partial.signature) }
            if signatures.count == Int(required) { return signatures }
        }
        return nil
    }

    /// BIP174's Combiner: the union of the PSBTs' pairs (the first PSBT's value where two carry the same key).
    /// They must be PSBTs of the same transaction.
    public static func combine(_ psbts: [PSBT]) throws(DecodingError) -> PSBT {
        guard let first = psbts.first else { throw DecodingError("nothing to combine") }
        var builder = PSBTBuilder(first)
        for other in psbts.dropFirst() {
            guard other.transaction == first.transaction, other.version == first.version, other.inputs.count == first.inputs.count,
                  other.outputs.count == first.outputs.count else {
                throw DecodingError("PSBTs not compatible (different transactions)")
            }
            func merge(_ mine: inout [PSBTKeyValue], _ theirs: [PSBTKeyValue]) {
                let keys = Set(mine.map(\.key))
                mine += theirs.filter { !keys.contains($0.key) }
            }
            merge(&builder.globalPairs, other.globalPairs)
            for i in other.inputs.indices { merge(&builder.inputPairs[i], other.inputs[i].pairs) }
            for i in other.outputs.indices { merge(&builder.outputPairs[i], other.outputs[i].pairs) }
        }
        return try builder.build()
    }

    /// The network transaction of a finalized PSBT (BIP174's Extractor).
    public static func extract(_ psbt: PSBT) throws(DecodingError) -> Transaction {
        guard var transaction = psbt.transaction else { throw DecodingError("the PSBT lacks fields its transaction needs") }
        for (index, input) in psbt.inputs.enumerated() {
            guard input.finalScriptSig != nil || input.finalScriptWitness != nil else {
                throw DecodingError("input \(index) is not finalized")
            }
            transaction.inputs[index].scriptSig = input.finalScriptSig ?? Script([])
            transaction.inputs[index].witness = input.finalScriptWitness ?? []
        }
        return transaction
    }
}
