import SovDescriptors
import SovKeys
import SovPrimitives

/// BIP174's Finalizer and Transaction Extractor for the inputs `PSBTSigner` signs: single-key, multisig, any
/// miniscript in P2WSH (or P2SH-P2WSH), and taproot key or script path (miniscript leaves).
public enum PSBTFinalizer {
    /// Finalizes every input it can: builds its scriptSig and witness from the signatures and drops the fields
    /// only signing needed (as Core's `FinalizePSBT` does). `complete` when every input is final.
    public static func finalize(_ psbt: PSBT) throws(DecodingError) -> (psbt: PSBT, complete: Bool) {
        var builder = PSBTBuilder(psbt)
        var complete = true
        let transaction = psbt.transaction
        for (index, input) in psbt.inputs.enumerated() {
            if input.isFinalized { continue }
            guard let utxo = psbt.spentOutput(ofInput: index) else { complete = false; continue }
            let template = ScriptTemplate(utxo.scriptPubKey)
            var scriptSig: Script?
            var witness: [[UInt8]]?
            switch template.type {
            case .witnessV1Taproot:
                if let signature = input.tapKeySignature {
                    witness = [signature]
                } else if let transaction {
                    witness = scriptPathWitness(input, index: index, transaction: transaction, outputKey: template.solutions[0])
                }
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
                          let stack = witnessScriptStack(script, input, index: index, transaction: transaction) {
                    scriptSig = Script(Script.pushData(redeem.bytes))
                    witness = stack + [script.bytes]
                } else if inner.type == .multisig, let signatures = multisigSignatures(redeem, input) {
                    scriptSig = Script([0] + signatures.flatMap { Script.pushData($0) } + Script.pushData(redeem.bytes))
                }
            case .witnessV0ScriptHash:
                if let script = input.witnessScript, Hashes.sha256(script.bytes) == template.solutions[0],
                   let stack = witnessScriptStack(script, input, index: index, transaction: transaction) {
                    witness = stack + [script.bytes]
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

    /// The witness stack (without the script) of a P2WSH input: a multisig's signatures, else a non-malleable
    /// miniscript satisfaction from its partial signatures, preimages and the transaction's time locks.
    static func witnessScriptStack(_ script: Script, _ input: PSBTInput, index: Int, transaction: Transaction?) -> [[UInt8]]? {
        if let signatures = multisigSignatures(script, input) { return [[]] + signatures }
        guard let transaction else { return nil }
        let known = input.partialSignatures.map(\.publicKey) + input.bip32Derivations.map(\.publicKey)
        guard let miniscript = Miniscript.decode(script, context: .p2wsh, keyForHash: { hash in known.first { Hashes.hash160($0) == hash } }) else {
            return nil
        }
        let satisfier = self.satisfier(input, index: index, transaction: transaction) { key in
            input.partialSignatures.first { $0.publicKey == key }?.signature
        }
        return miniscript.satisfy(satisfier)?.stack
    }

    /// The smallest script-path witness of a taproot input (stack, leaf script, control block) among its
    /// tapscript leaves whose control block proves the leaf is in `outputKey`'s tree; nil when no leaf can be
    /// satisfied with what the PSBT holds.
    static func scriptPathWitness(_ input: PSBTInput, index: Int, transaction: Transaction, outputKey: [UInt8]) -> [[UInt8]]? {
        var best: [[UInt8]]?
        var bestSize = Int.max
        let known = input.tapBIP32Derivations.map(\.xOnlyPublicKey) + input.tapScriptSignatures.map(\.xOnlyPublicKey)
        for leaf in input.tapLeafScripts where leaf.leafVersion == TaprootTree.tapscriptLeafVersion {
            let script = Script(leaf.script)
            let leafHash = TaprootTree.leafHash(script, version: leaf.leafVersion)
            guard let controlBlock = leaf.controlBlocks.first(where: { $0.first.map { $0 & 0xfe } == leaf.leafVersion && commits($0, leafHash: leafHash, to: outputKey) }),
                  let miniscript = Miniscript.decode(script, context: .tapscript, keyForHash: { hash in known.first { Hashes.hash160($0) == hash } })
            else { continue }
            let satisfier = self.satisfier(input, index: index, transaction: transaction) { key in
                input.tapScriptSignatures.first { $0.xOnlyPublicKey == key && $0.leafHash == leafHash }?.signature
            }
            guard let satisfaction = miniscript.satisfy(satisfier) else { continue }
            let witness = satisfaction.stack + [leaf.script, controlBlock]
            let size = witness.reduce(0) { $0 + ByteWriter.compactSizeLength($1.count) + $1.count }
            if size < bestSize { best = witness; bestSize = size }
        }
        return best
    }

    /// Whether `controlBlock` proves that the leaf `leafHash` is in the tree of the taproot output key `outputKey`
    /// (BIP341: internal key, Merkle path, and the output key's parity).
    static func commits(_ controlBlock: [UInt8], leafHash: [UInt8], to outputKey: [UInt8]) -> Bool {
        guard controlBlock.count >= 33, (controlBlock.count - 33) % 32 == 0, (controlBlock.count - 33) / 32 <= 128,
              let internalKey = try? XOnlyPublicKey(Array(controlBlock[1..<33])) else { return false }
        var root = leafHash
        for start in stride(from: 33, to: controlBlock.count, by: 32) {
            root = TaprootTree.branchHash(root, Array(controlBlock[start..<(start + 32)]))
        }
        guard let (key, parityOdd) = try? internalKey.taprootOutputKey(merkleRoot: root) else { return false }
        return key.bytes == outputKey && parityOdd == (controlBlock[0] & 1 == 1)
    }

    /// What the PSBT offers a miniscript satisfaction of input `index`: signatures by `signature`, its
    /// preimages, and the time locks `transaction` meets.
    static func satisfier(_ input: PSBTInput, index: Int, transaction: Transaction,
                          signature: @escaping ([UInt8]) -> [UInt8]?) -> MiniscriptSatisfier {
        MiniscriptSatisfier(signature: signature, preimage: { fragment, hash in
            // Only a 32-byte preimage that hashes to the script's hash (the PSBT's own claim is not trusted).
            let list: [PSBTPreimage], digest: ([UInt8]) -> [UInt8]
            switch fragment {
            case .sha256: list = input.sha256Preimages; digest = { Hashes.sha256($0) }
            case .hash256: list = input.hash256Preimages; digest = { Hashes.hash256($0) }
            case .ripemd160: list = input.ripemd160Preimages; digest = { Hashes.ripemd160($0) }
            case .hash160: list = input.hash160Preimages; digest = { Hashes.hash160($0) }
            default: return nil
            }
            return list.first { $0.hash == hash && $0.preimage.count == 32 && digest($0.preimage) == hash }.map(\.preimage)
        }, olderSatisfied: { transaction.meetsRelativeLock($0, input: index) },
        afterSatisfied: { transaction.meetsAbsoluteLock($0, input: index) })
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
            guard input.isFinalized else {
                throw DecodingError("input \(index) is not finalized")
            }
            transaction.inputs[index].scriptSig = input.finalScriptSig ?? Script([])
            transaction.inputs[index].witness = input.finalScriptWitness ?? []
        }
        return transaction
    }
}
