import SovKeys
import SovPrimitives

/// BIP174's Signer for single-key inputs whose keys derive from one BIP32 master key: P2PKH, P2SH-P2WPKH,
/// P2WPKH (ECDSA, low R, SIGHASH_ALL) and P2TR key path (BIP340 Schnorr, SIGHASH_DEFAULT). An input is signed
/// when its PSBT names a key of this master (`PSBT_IN_BIP32_DERIVATION` or `PSBT_IN_TAP_BIP32_DERIVATION`
/// with the master's fingerprint) and the derived key is the one the spent output pays; other inputs are
/// left as they are. Every signature is checked against its key before it is added.
public enum PSBTSigner {
    /// The signed PSBT and the indexes of the inputs signed.
    public static func sign(_ psbt: PSBT, with master: ExtendedKey) throws(DecodingError) -> (psbt: PSBT, signed: [Int]) {
        guard let transaction = psbt.transaction else { throw DecodingError("the PSBT lacks fields its transaction needs") }
        let spent = psbt.inputs.indices.map { psbt.spentOutput(ofInput: $0) }
        let all = spent.compactMap { $0 }
        let data = try PrecomputedTransactionData(transaction, spentOutputs: all.count == spent.count ? all : nil)
        let fingerprint = master.fingerprint
        var keys = DerivationCache(master: master)
        var builder = PSBTBuilder(psbt)
        var signed: [Int] = []
        for (index, input) in psbt.inputs.enumerated() {
            guard input.finalScriptSig == nil, input.finalScriptWitness == nil, let utxo = spent[index] else { continue }
            if let type = input.sighashType, type != 1, type != 0 { continue }
            let template = ScriptTemplate(utxo.scriptPubKey)
            switch template.type {
            case .witnessV1Taproot:
                guard data.spentOutputs != nil, let internalKey = input.tapInternalKey else { continue }
                for origin in input.tapBIP32Derivations where origin.origin.fingerprint == fingerprint && origin.leafHashes.isEmpty
                    && origin.xOnlyPublicKey == internalKey {
                    guard let key = try keys.key(at: origin.origin.path).privateKey, key.xOnlyPublicKey.bytes == internalKey else { continue }
                    let tweaked = try key.taprootTweaked(merkleRoot: input.tapMerkleRoot)
                    guard tweaked.xOnlyPublicKey.bytes == template.solutions[0] else { continue }
                    let digest = try SignatureHash.taproot(data, inputIndex: index, hashType: 0)
                    let auxiliary = (0..<32).map { _ in UInt8.random(in: 0...255) }
                    let signature = try tweaked.signSchnorr(digest: digest, auxiliaryRandom: auxiliary)
                    guard tweaked.xOnlyPublicKey.verifySchnorr(signature: signature, message: digest) else {
                        throw DecodingError("a Schnorr signature did not verify")
                    }
                    try builder.setTapKeySignature(input: index, signature)
                    signed.append(index)
                    break
                }
            case .witnessV0KeyHash, .pubkeyhash, .scripthash:
                var keyHash = template.solutions[0]
                var segwit = template.type == .witnessV0KeyHash
                if template.type == .scripthash {
                    guard let redeem = input.redeemScript, Hashes.hash160(redeem.bytes) == keyHash else { continue }
                    let inner = ScriptTemplate(redeem)
                    guard inner.type == .witnessV0KeyHash else { continue }
                    keyHash = inner.solutions[0]
                    segwit = true
                }
                for derivation in input.bip32Derivations where derivation.origin.fingerprint == fingerprint
                    && Hashes.hash160(derivation.publicKey) == keyHash {
                    guard let key = try keys.key(at: derivation.origin.path).privateKey, key.publicKey.bytes == derivation.publicKey else { continue }
                    let digest = segwit
                        ? try SignatureHash.segwitV0(data, inputIndex: index, scriptCode: SignatureHash.p2wpkhScriptCode(keyHash: keyHash),
                                                     amount: utxo.value, hashType: 1)
                        : try SignatureHash.legacy(transaction, inputIndex: index, scriptCode: utxo.scriptPubKey, hashType: 1)
                    let signature = try key.signECDSA(digest: digest)
                    guard key.publicKey.verifyECDSA(signature: signature, digest: digest) else {
                        throw DecodingError("an ECDSA signature did not verify")
                    }
                    try builder.setPartialSignature(input: index, publicKey: derivation.publicKey, signature: signature + [1])
                    signed.append(index)
                    break
                }
            default:
                continue
            }
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
