import SovJSON
import SovPrimitives
import SovPSBT

extension Inspector {
    /// `decodepsbt`: a PSBT given as Base64 (what Core takes), hex, or raw binary.
    func decodePSBT(_ input: DecodeInput) throws(DecodingError) -> JSONValue {
        json.psbt(try Inspector.readPSBT(input))
    }

    /// Parses a PSBT from Base64 text, hex text (starting `70736274ff`) or raw bytes.
    static func readPSBT(_ input: DecodeInput) throws(DecodingError) -> PSBT {
        switch input {
        case .binary(let bytes):
            return try PSBT(bytes: bytes)
        case .text(let text):
            if Hex.isHex(text), let bytes = try? Hex.decode(text), bytes.starts(with: PSBT.magic) {
                return try PSBT(bytes: bytes)
            }
            return try PSBT(base64: text)
        }
    }
}

extension CoreJSON {
    /// Core's `MoneyRange`: 0 to 21 million bitcoins.
    static func isMoneyRange(_ satoshis: Int64) -> Bool { satoshis >= 0 && satoshis <= 2_100_000_000_000_000 }

    /// `decodepsbt` output, field for field and in Core's order.
    public func psbt(_ psbt: PSBT) -> JSONValue {
        var result = JSONObject()
        if psbt.version < 2, let tx = psbt.unsignedTransaction {
            result.append("tx", transaction(tx))
        }
        result.append("global_xpubs", .array(psbt.extendedPublicKeys.map { xpub in
            .object(JSONObject([
                ("xpub", .string(xpub.base58)),
                ("master_fingerprint", .string(xpub.origin.fingerprintHex)),
                ("path", .string(xpub.origin.pathString)),
            ]))
        }))
        if psbt.version >= 2 {
            result.append("tx_version", .int(psbt.transactionVersion ?? 0))
            if let locktime = psbt.fallbackLocktime { result.append("fallback_locktime", .int(locktime)) }
            result.append("input_count", .int(psbt.inputs.count))
            result.append("output_count", .int(psbt.outputs.count))
            if let flags = psbt.transactionModifiable {
                result.append("inputs_modifiable", .bool(flags & 1 != 0))
                result.append("outputs_modifiable", .bool(flags & 2 != 0))
                result.append("has_sighash_single", .bool(flags & 4 != 0))
            }
        }
        result.append("psbt_version", .int(psbt.version))
        result.append("proprietary", proprietaryList(psbt.proprietary))
        result.append("unknown", unknownObject(psbt.unknown))

        var totalIn: Int64 = 0
        var haveAllUTXOs = true
        var inputs: [JSONValue] = []
        for (index, input) in psbt.inputs.enumerated() {
            var haveUTXO = false
            let entry = psbtInput(input, version: psbt.version, haveUTXO: &haveUTXO)
            inputs.append(.object(entry))
            if haveUTXO, let spent = psbt.spentOutput(ofInput: index),
               CoreJSON.isMoneyRange(spent.value), CoreJSON.isMoneyRange(totalIn + spent.value) {
                totalIn += spent.value
            } else {
                haveAllUTXOs = false
            }
        }
        result.append("inputs", .array(inputs))

        var totalOut: Int64 = 0
        var outputs: [JSONValue] = []
        for (index, output) in psbt.outputs.enumerated() {
            outputs.append(.object(psbtOutput(output, version: psbt.version)))
            if let amount = psbt.amount(ofOutput: index), CoreJSON.isMoneyRange(amount), CoreJSON.isMoneyRange(totalOut + amount) {
                totalOut += amount
            } else {
                haveAllUTXOs = false
            }
        }
        result.append("outputs", .array(outputs))
        if haveAllUTXOs { result.append("fee", .amount(totalIn - totalOut)) }
        return .object(result)
    }

    func psbtInput(_ input: PSBTInput, version: UInt32, haveUTXO: inout Bool) -> JSONObject {
        var o = JSONObject()
        if let utxo = input.witnessUTXO, utxo.value != -1 {
            o.append("witness_utxo", .object(JSONObject([
                ("amount", .amount(utxo.value)),
                ("scriptPubKey", .object(scriptPubKey(utxo.scriptPubKey))),
            ])))
            haveUTXO = true
        }
        if let previous = input.nonWitnessUTXO {
            o.append("non_witness_utxo", transaction(previous))
            haveUTXO = true
        }
        if !input.partialSignatures.isEmpty {
            o.append("partial_signatures", .object(JSONObject(input.partialSignatures.map { ($0.publicKey.hex, .string($0.signature.hex)) })))
        }
        if let sighash = input.sighashType {
            o.append("sighash", .string(Script.sighashName(UInt8(truncatingIfNeeded: sighash)) ?? ""))
        }
        if let script = input.redeemScript, !script.isEmpty {
            o.append("redeem_script", .object(scriptPubKey(script, includeHex: true, includeAddress: false)))
        }
        if let script = input.witnessScript, !script.isEmpty {
            o.append("witness_script", .object(scriptPubKey(script, includeHex: true, includeAddress: false)))
        }
        if !input.bip32Derivations.isEmpty { o.append("bip32_derivs", keyPaths(input.bip32Derivations)) }
        if let script = input.finalScriptSig, !script.isEmpty {
            o.append("final_scriptSig", .object(JSONObject([
                ("asm", .string(script.asm(decodeSighash: true))),
                ("hex", .string(script.hex)),
            ])))
        }
        if let witness = input.finalScriptWitness, !witness.isEmpty {
            o.append("final_scriptwitness", .array(witness.map { .string($0.hex) }))
        }
        for (name, preimages) in [("ripemd160_preimages", input.ripemd160Preimages), ("sha256_preimages", input.sha256Preimages),
                                  ("hash160_preimages", input.hash160Preimages), ("hash256_preimages", input.hash256Preimages)]
        where !preimages.isEmpty {
            o.append(name, .object(JSONObject(preimages.map { ($0.hash.hex, .string($0.preimage.hex)) })))
        }
        if version >= 2 {
            o.append("previous_txid", .string((input.previousTxid ?? Txid(.zero)).hex))
            o.append("previous_vout", .int(input.previousOutputIndex ?? 0))
            if let sequence = input.sequence { o.append("sequence", .int(sequence)) }
            if let time = input.requiredTimeLocktime { o.append("time_locktime", .int(time)) }
            if let height = input.requiredHeightLocktime { o.append("height_locktime", .int(height)) }
        }
        if let signature = input.tapKeySignature { o.append("taproot_key_path_sig", .string(signature.hex)) }
        if !input.tapScriptSignatures.isEmpty {
            o.append("taproot_script_path_sigs", .array(input.tapScriptSignatures.map { sig in
                .object(JSONObject([
                    ("pubkey", .string(sig.xOnlyPublicKey.hex)),
                    ("leaf_hash", .string(sig.leafHash.hex)),
                    ("sig", .string(sig.signature.hex)),
                ]))
            }))
        }
        if !input.tapLeafScripts.isEmpty {
            o.append("taproot_scripts", .array(input.tapLeafScripts.map { leaf in
                .object(JSONObject([
                    ("script", .string(leaf.script.hex)),
                    ("leaf_ver", .int(leaf.leafVersion)),
                    ("control_blocks", .array(leaf.controlBlocks.map { .string($0.hex) })),
                ]))
            }))
        }
        if !input.tapBIP32Derivations.isEmpty { o.append("taproot_bip32_derivs", tapKeyOrigins(input.tapBIP32Derivations)) }
        if let key = input.tapInternalKey, key.contains(where: { $0 != 0 }) { o.append("taproot_internal_key", .string(key.hex)) }
        if let root = input.tapMerkleRoot, root.contains(where: { $0 != 0 }) { o.append("taproot_merkle_root", .string(root.hex)) }
        if !input.muSig2Participants.isEmpty { o.append("musig2_participant_pubkeys", muSig2Participants(input.muSig2Participants)) }
        if !input.muSig2PubNonces.isEmpty { o.append("musig2_pubnonces", muSig2Contributions(input.muSig2PubNonces, dataName: "pubnonce")) }
        if !input.muSig2PartialSignatures.isEmpty {
            o.append("musig2_partial_sigs", muSig2Contributions(input.muSig2PartialSignatures, dataName: "partial_sig"))
        }
        if !input.proprietary.isEmpty { o.append("proprietary", proprietaryList(input.proprietary)) }
        if !input.unknown.isEmpty { o.append("unknown", unknownObject(input.unknown)) }
        return o
    }

    func psbtOutput(_ output: PSBTOutput, version: UInt32) -> JSONObject {
        var o = JSONObject()
        if let script = output.redeemScript, !script.isEmpty {
            o.append("redeem_script", .object(scriptPubKey(script, includeHex: true, includeAddress: false)))
        }
        if let script = output.witnessScript, !script.isEmpty {
            o.append("witness_script", .object(scriptPubKey(script, includeHex: true, includeAddress: false)))
        }
        if !output.bip32Derivations.isEmpty { o.append("bip32_derivs", keyPaths(output.bip32Derivations)) }
        if version >= 2 {
            o.append("amount", .amount(output.amount ?? 0))
            o.append("script", .object(scriptPubKey(output.script ?? Script([]))))
        }
        if let key = output.tapInternalKey, key.contains(where: { $0 != 0 }) { o.append("taproot_internal_key", .string(key.hex)) }
        if !output.tapTree.isEmpty {
            o.append("taproot_tree", .array(output.tapTree.map { leaf in
                .object(JSONObject([
                    ("depth", .int(leaf.depth)),
                    ("leaf_ver", .int(leaf.leafVersion)),
                    ("script", .string(leaf.script.hex)),
                ]))
            }))
        }
        if !output.tapBIP32Derivations.isEmpty { o.append("taproot_bip32_derivs", tapKeyOrigins(output.tapBIP32Derivations)) }
        if !output.muSig2Participants.isEmpty { o.append("musig2_participant_pubkeys", muSig2Participants(output.muSig2Participants)) }
        if !output.proprietary.isEmpty { o.append("proprietary", proprietaryList(output.proprietary)) }
        if !output.unknown.isEmpty { o.append("unknown", unknownObject(output.unknown)) }
        return o
    }

    private func keyPaths(_ paths: [PSBTKeyPath]) -> JSONValue {
        .array(paths.map { path in
            .object(JSONObject([
                ("pubkey", .string(path.publicKey.hex)),
                ("master_fingerprint", .string(path.origin.fingerprintHex)),
                ("path", .string(path.origin.pathString)),
            ]))
        })
    }

    private func tapKeyOrigins(_ origins: [PSBTTapKeyOrigin]) -> JSONValue {
        .array(origins.map { entry in
            .object(JSONObject([
                ("pubkey", .string(entry.xOnlyPublicKey.hex)),
                ("master_fingerprint", .string(entry.origin.fingerprintHex)),
                ("path", .string(entry.origin.pathString)),
                ("leaf_hashes", .array(entry.leafHashes.map { .string($0.hex) })),
            ]))
        })
    }

    private func muSig2Participants(_ entries: [PSBTMuSig2Participants]) -> JSONValue {
        .array(entries.map { entry in
            .object(JSONObject([
                ("aggregate_pubkey", .string(entry.aggregatePublicKey.hex)),
                ("participant_pubkeys", .array(entry.participantPublicKeys.map { .string($0.hex) })),
            ]))
        })
    }

    private func muSig2Contributions(_ entries: [PSBTMuSig2Contribution], dataName: String) -> JSONValue {
        .array(entries.map { entry in
            var o = JSONObject()
            o.append("participant_pubkey", .string(entry.participantPublicKey.hex))
            o.append("aggregate_pubkey", .string(entry.aggregatePublicKey.hex))
            if let leaf = entry.leafHash { o.append("leaf_hash", .string(leaf.hex)) }
            o.append(dataName, .string(entry.data.hex))
            return .object(o)
        })
    }

    private func proprietaryList(_ entries: [PSBTProprietary]) -> JSONValue {
        .array(entries.map { entry in
            .object(JSONObject([
                ("identifier", .string(entry.identifier.hex)),
                ("subtype", .int(entry.subtype)),
                ("key", .string(entry.key.hex)),
                ("value", .string(entry.value.hex)),
            ]))
        })
    }

    private func unknownObject(_ pairs: [PSBTKeyValue]) -> JSONValue {
        .object(JSONObject(pairs.map { ($0.key.hex, .string($0.value.hex)) }))
    }
}
