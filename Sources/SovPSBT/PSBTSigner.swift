import SovKeys
import SovPrimitives

/// BIP174's Signer: P2PKH, P2SH-P2WPKH, P2WPKH, any script in P2SH, P2WSH or P2SH-P2WSH (multisig, miniscript:
/// ECDSA, low R), and P2TR key and script paths (BIP340 Schnorr, BIP342 tapscript leaves). Keys come from one
/// BIP32 master (found through the inputs' `PSBT_IN_BIP32_DERIVATION` / `PSBT_IN_TAP_BIP32_DERIVATION` with its
/// fingerprint) or from a list of keys. Inputs are signed with SIGHASH_ALL (SIGHASH_DEFAULT for taproot) only,
/// one asking for another type is left unsigned, and only where a key is one its script names; every
/// signature is checked against its key before it is added.
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
        var refused: [(index: Int, type: Int32)] = []
        for (index, input) in psbt.inputs.enumerated() {
            guard !input.isFinalized, let utxo = spent[index] else { continue }
            let hashType = input.sighashType ?? 1
            let template = ScriptTemplate(utxo.scriptPubKey)
            // As Core by default: SIGHASH_ALL only (SIGHASH_DEFAULT too for taproot). A PSBT asking for another
            // type (NONE, SINGLE, ANYONECANPAY) would have the key sign away outputs it never saw.
            if let asked = input.sighashType, asked != 1, !(asked == 0 && template.type == .witnessV1Taproot) {
                refused.append((index, asked))
                continue
            }
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
                guard data.spentOutputs != nil else { continue }
                let type = UInt8(truncatingIfNeeded: input.sighashType ?? 0)
                func schnorr(_ key: PrivateKey, _ digest: [UInt8]) throws(DecodingError) -> [UInt8] {
                    let auxiliary = (0..<32).map { _ in UInt8.random(in: 0...255) }
                    var signature = try key.signSchnorr(digest: digest, auxiliaryRandom: auxiliary)
                    guard key.xOnlyPublicKey.verifySchnorr(signature: signature, message: digest) else {
                        throw DecodingError("a Schnorr signature did not verify")
                    }
                    if type != 0 { signature.append(type) }
                    return signature
                }
                // Key path: the internal key, tweaked by the tree's root.
                if input.tapKeySignature == nil, let internalKey = input.tapInternalKey {
                    let origin = input.tapBIP32Derivations.first { $0.xOnlyPublicKey == internalKey && $0.leafHashes.isEmpty }?.origin
                    if let key = lookup(internalKey, origin), key.xOnlyPublicKey.bytes == internalKey {
                        let tweaked = try key.taprootTweaked(merkleRoot: input.tapMerkleRoot)
                        if tweaked.xOnlyPublicKey.bytes == template.solutions[0] {
                            try builder.setTapKeySignature(input: index, try schnorr(tweaked, try SignatureHash.taproot(data, inputIndex: index, hashType: type)))
                            didSign = true
                        }
                    }
                }
                // Script path (BIP342): every tapscript leaf, with each key it names that the signer holds.
                for leaf in input.tapLeafScripts where leaf.leafVersion == TaprootTree.tapscriptLeafVersion {
                    let script = Script(leaf.script)
                    let leafHash = TaprootTree.leafHash(script, version: leaf.leafVersion)
                    let pushed = Set(Self.pushes(in: script).filter { $0.count == 32 })
                    var keys = input.tapBIP32Derivations.filter { $0.leafHashes.contains(leafHash) }.map { ($0.xOnlyPublicKey, Optional($0.origin)) }
                    keys += candidates.map { Array($0.suffix(32)) }.filter { pushed.contains($0) }.map { ($0, nil) }
                    var done = Set(input.tapScriptSignatures.filter { $0.leafHash == leafHash }.map(\.xOnlyPublicKey))
                    var leafDigest: [UInt8]?
                    for (xOnly, origin) in keys where !done.contains(xOnly) {
                        guard let key = lookup(xOnly, origin), key.xOnlyPublicKey.bytes == xOnly else { continue }
                        if leafDigest == nil {
                            leafDigest = try SignatureHash.taproot(data, inputIndex: index, hashType: type, tapscript: .init(leafHash: leafHash))
                        }
                        let digest = leafDigest!
                        try builder.setTapScriptSignature(input: index, xOnly: xOnly, leafHash: leafHash, try schnorr(key, digest))
                        done.insert(xOnly)
                        didSign = true
                    }
                }
            case .witnessV0KeyHash, .pubkeyhash, .scripthash, .witnessV0ScriptHash:
                // What the spent script commits to: a key hash, or a multisig script, in P2SH and/or P2WSH.
                var keyHash: [UInt8]?
                var script: Script?
                var segwit = template.type == .witnessV0KeyHash || template.type == .witnessV0ScriptHash
                switch template.type {
                case .witnessV0KeyHash, .pubkeyhash: keyHash = template.solutions[0]
                case .witnessV0ScriptHash:
                    guard let witnessScript = input.witnessScript, Hashes.sha256(witnessScript.bytes) == template.solutions[0] else { continue }
                    script = witnessScript
                default:
                    guard let redeem = input.redeemScript, Hashes.hash160(redeem.bytes) == template.solutions[0] else { continue }
                    let inner = ScriptTemplate(redeem)
                    switch inner.type {
                    case .witnessV0KeyHash: keyHash = inner.solutions[0]; segwit = true
                    case .witnessV0ScriptHash:
                        guard let witnessScript = input.witnessScript, Hashes.sha256(witnessScript.bytes) == inner.solutions[0] else { continue }
                        script = witnessScript
                        segwit = true
                    default: script = redeem
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
                } else if let script {
                    // Any script (multisig, miniscript): each key it pushes, or whose HASH160 it pushes, that the
                    // signer holds. Which signatures a spend needs is the finalizer's business.
                    let pushes = Self.pushes(in: script)
                    let pushed = Set(pushes)
                    let known = input.bip32Derivations.map(\.publicKey) + candidates
                    var keys = pushes.filter { $0.count == 33 || $0.count == 65 }
                    keys += known.filter { pushed.contains(Hashes.hash160($0)) }
                    var seen = Set(input.partialSignatures.map(\.publicKey))
                    let scriptDigest = try digest(scriptCode: script)
                    for publicKey in keys where seen.insert(publicKey).inserted {
                        if try addSignature(publicKey, digest: scriptDigest) { didSign = true }
                    }
                }
            default:
                continue
            }
            if didSign { signed.append(index) }
        }
        if signed.isEmpty, let first = refused.first {
            throw DecodingError("input \(first.index) asks for sighash type \(first.type); sov signs with SIGHASH_ALL only (SIGHASH_DEFAULT for taproot), as Bitcoin Core does unless told otherwise")
        }
        return (try builder.build(), signed)
    }

    /// The data pushed by `script`, in order (nothing for a script that does not parse).
    static func pushes(in script: Script) -> [[UInt8]] {
        (script.operations ?? []).filter { $0.isPush && !$0.data.isEmpty }.map { Array($0.data) }
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

