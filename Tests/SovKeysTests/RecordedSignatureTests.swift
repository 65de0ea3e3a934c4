import CSecp256k1
import SovTestSupport
import Testing
import SovKeys
import SovPrimitives

/// The signatures of Bitcoin Core's wallet in the recorded regtest chains verify (with libsecp256k1)
/// against the signature hashes computed here: legacy for P2PKH, BIP143 for P2WPKH, P2SH-P2WPKH and
/// P2WSH multisig, BIP341 for taproot key-path spends.
@Suite(.needsSharedData) struct RecordedSignatureTests {
    static func verifyECDSA(_ signature: [UInt8], _ publicKey: [UInt8], _ hash: [UInt8]) -> Bool {
        let context = Secp256k1Context.shared.pointer
        var key = secp256k1_pubkey()
        var sig = secp256k1_ecdsa_signature()
        guard secp256k1_ec_pubkey_parse(context, &key, publicKey, publicKey.count) == 1,
              secp256k1_ecdsa_signature_parse_der(context, &sig, signature, signature.count) == 1 else { return false }
        return secp256k1_ecdsa_verify(context, &sig, hash, &key) == 1
    }

    static func verifySchnorr(_ signature: [UInt8], _ xOnlyKey: [UInt8], _ hash: [UInt8]) -> Bool {
        let context = Secp256k1Context.shared.pointer
        var key = secp256k1_xonly_pubkey()
        guard signature.count == 64, secp256k1_xonly_pubkey_parse(context, &key, xOnlyKey) == 1 else { return false }
        return secp256k1_schnorrsig_verify(context, signature, hash, hash.count, &key) == 1
    }

    /// Pushed data of a push-only script.
    static func pushes(_ script: Script) -> [[UInt8]] {
        (script.operations ?? []).map { Array($0.data) }
    }

    @Test(arguments: ["regtest", "regtest-busy"]) func walletSignaturesVerify(_ folder: String) throws {
        var outputs: [OutPoint: TxOutput] = [:]
        var verified: [String: Int] = [:]
        var blocksRead = 0
        for bytes in try Fixtures.chain("fixtures/\(folder)/chain.hex") {
            blocksRead += 1
            let block = try Block(bytes: bytes)
            for tx in block.transactions {
                if !tx.isCoinbase {
                    let spent = try tx.inputs.map { input in try #require(outputs[input.previousOutput], "\(tx.txid.hex) spends an unknown output") }
                    let data = try PrecomputedTransactionData(tx, spentOutputs: spent)
                    for (index, input) in tx.inputs.enumerated() {
                        if let kind = try Self.verifyInput(index, input, spent[index], data) { verified[kind, default: 0] += 1 }
                    }
                }
                for (n, output) in tx.outputs.enumerated() {
                    outputs[OutPoint(txid: tx.txid, index: UInt32(n))] = output
                }
            }
        }
        #expect(blocksRead > 0, "the fixture gave nothing to check")
        for kind in ["p2pkh", "p2wpkh", "p2sh-p2wpkh", "p2wsh-multisig", "p2tr-keypath"] {
            #expect(verified[kind, default: 0] > 0, "\(folder): no \(kind) input verified")
        }
    }

    /// Verifies the signature(s) of one input whose spent output has a type handled here; returns that
    /// type, or nil for other outputs. Fails the test when a signature does not verify.
    static func verifyInput(_ index: Int, _ input: TxInput, _ spent: TxOutput, _ data: PrecomputedTransactionData) throws -> String? {
        let template = ScriptTemplate(spent.scriptPubKey)
        let label = "\(data.transaction.txid.hex):\(index)"
        switch template.type {
        case .pubkeyhash:
            let items = pushes(input.scriptSig)
            guard items.count == 2, let sig = items.first, let hashType = sig.last else { Issue.record("\(label) scriptSig"); return nil }
            let hash = try SignatureHash.legacy(data.transaction, inputIndex: index, scriptCode: spent.scriptPubKey, hashType: Int32(hashType))
            #expect(verifyECDSA(Array(sig.dropLast()), items[1], hash), "\(label) P2PKH")
            return "p2pkh"
        case .witnessV0KeyHash, .scripthash:
            var program = template.solutions[0]
            if template.type == .scripthash {
                // P2SH-P2WPKH: the scriptSig pushes the v0 key-hash program.
                guard let redeem = pushes(input.scriptSig).last, let (version, inner) = Script(redeem).witnessProgram,
                      version == 0, inner.count == 20 else { return nil }
                program = inner
            }
            guard input.witness.count == 2, let sig = input.witness.first, let hashType = sig.last else { Issue.record("\(label) witness"); return nil }
            let hash = try SignatureHash.segwitV0(data, inputIndex: index, scriptCode: SignatureHash.p2wpkhScriptCode(keyHash: program),
                                                  amount: spent.value, hashType: Int32(hashType))
            #expect(Hashes.hash160(input.witness[1]) == program)
            #expect(verifyECDSA(Array(sig.dropLast()), input.witness[1], hash), "\(label) P2WPKH")
            return template.type == .scripthash ? "p2sh-p2wpkh" : "p2wpkh"
        case .witnessV0ScriptHash:
            guard let witnessScript = input.witness.last else { return nil }
            let inner = ScriptTemplate(Script(witnessScript))
            guard inner.type == .multisig else { return nil }
            let keys = Array(inner.solutions.dropFirst().dropLast())
            let signatures = input.witness.dropFirst().dropLast()
            #expect(signatures.count == Int(inner.solutions[0][0]))
            for sig in signatures {
                guard let hashType = sig.last else { Issue.record("\(label) empty signature"); continue }
                let hash = try SignatureHash.segwitV0(data, inputIndex: index, scriptCode: Script(witnessScript),
                                                      amount: spent.value, hashType: Int32(hashType))
                #expect(keys.contains { verifyECDSA(Array(sig.dropLast()), $0, hash) }, "\(label) P2WSH multisig")
            }
            return "p2wsh-multisig"
        case .witnessV1Taproot:
            let annex = SignatureHash.taprootAnnex(of: input.witness)
            guard input.witness.count == (annex == nil ? 1 : 2) else { return nil }  // script path: not here
            let sig = input.witness[0]
            let hashType: UInt8 = sig.count == 65 ? sig[64] : SighashType.default
            let hash = try SignatureHash.taproot(data, inputIndex: index, hashType: hashType, annex: annex)
            #expect(verifySchnorr(Array(sig.prefix(64)), template.solutions[0], hash), "\(label) taproot key path")
            return "p2tr-keypath"
        default:
            return nil
        }
    }
}
