import SovDescriptors
import SovJSON
import SovPrimitives

/// Renders transactions and scripts as Bitcoin Core's RPCs print them (`TxToUniv`, `ScriptToUniv`).
public struct CoreJSON: Sendable {
    public var network: Network

    public init(network: Network) { self.network = network }

    /// `decoderawtransaction` output.
    public func transaction(_ tx: Transaction, metrics: TransactionMetrics? = nil) -> JSONValue {
        let m = metrics ?? TransactionMetrics(tx)
        var entry = JSONObject()
        entry.append("txid", .string(m.txid.hex))
        entry.append("hash", .string(m.wtxid.hex))
        entry.append("version", .int(tx.version))
        entry.append("size", .int(m.size))
        entry.append("vsize", .int(m.virtualSize))
        entry.append("weight", .int(m.weight))
        entry.append("locktime", .int(tx.lockTime))
        let coinbase = tx.isCoinbase
        var vin: [JSONValue] = []
        vin.reserveCapacity(tx.inputs.count)
        for input in tx.inputs {
            var item = JSONObject()
            if coinbase {
                item.append("coinbase", .string(input.scriptSig.hex))
            } else {
                item.append("txid", .string(input.previousOutput.txid.hex))
                item.append("vout", .int(input.previousOutput.index))
                item.append("scriptSig", .object(JSONObject([
                    ("asm", .string(input.scriptSig.asm(decodeSighash: true))),
                    ("hex", .string(input.scriptSig.hex)),
                ])))
            }
            if !input.witness.isEmpty {
                item.append("txinwitness", .array(input.witness.map { .string($0.hex) }))
            }
            item.append("sequence", .int(input.sequence))
            vin.append(.object(item))
        }
        entry.append("vin", .array(vin))
        var vout: [JSONValue] = []
        vout.reserveCapacity(tx.outputs.count)
        for (n, output) in tx.outputs.enumerated() {
            vout.append(.object(JSONObject([
                ("value", .amount(output.value)),
                ("n", .int(n)),
                ("scriptPubKey", .object(scriptPubKey(output.scriptPubKey))),
            ])))
        }
        entry.append("vout", .array(vout))
        return .object(entry)
    }

    /// `ScriptToUniv`: asm, desc (with `includeAddress`), hex (with `includeHex`), address, type.
    public func scriptPubKey(_ script: Script, includeHex: Bool = true, includeAddress: Bool = true,
                             knownScripts: [Script] = []) -> JSONObject {
        var out = JSONObject()
        out.append("asm", .string(script.asm()))
        if includeAddress {
            out.append("desc", .string(DescriptorInference(network: network, knownScripts: knownScripts).describe(script)))
        }
        if includeHex { out.append("hex", .string(script.hex)) }
        let template = ScriptTemplate(script)
        if includeAddress, template.type != .pubkey, let address = Address(script: script) {
            out.append("address", .string(address.encoded(for: network)))
        }
        out.append("type", .string(template.type.rawValue))
        return out
    }

    /// `decodescript` output.
    public func decodeScript(_ script: Script) -> JSONValue {
        var r = scriptPubKey(script, includeHex: false, includeAddress: true)
        let template = ScriptTemplate(script)
        guard canWrap(script, template.type) else { return .object(r) }
        r.append("p2sh", .string(Address.scriptHash(Hashes.hash160(script.bytes)).encoded(for: network)))
        let canWrapP2WSH: Bool
        switch template.type {
        case .multisig, .pubkey:
            canWrapP2WSH = template.solutions.allSatisfy { $0.count == 1 || $0.count == 33 }
        case .nonstandard, .pubkeyhash:
            canWrapP2WSH = true
        default:
            canWrapP2WSH = false
        }
        if canWrapP2WSH {
            let segwitScript: Script
            var known: [Script] = []
            switch template.type {
            case .pubkey: segwitScript = Address.witness(version: 0, program: Hashes.hash160(template.solutions[0])).scriptPubKey
            case .pubkeyhash: segwitScript = Address.witness(version: 0, program: template.solutions[0]).scriptPubKey
            default:
                known = [script]
                segwitScript = Address.witness(version: 0, program: Hashes.sha256(script.bytes)).scriptPubKey
            }
            var sr = scriptPubKey(segwitScript, includeHex: true, includeAddress: true, knownScripts: known)
            sr.append("p2sh-segwit", .string(Address.scriptHash(Hashes.hash160(segwitScript.bytes)).encoded(for: network)))
            r.append("segwit", .object(sr))
        }
        return .object(r)
    }

    /// Core's rule for offering P2SH and P2WSH wrappings of a script in `decodescript`.
    func canWrap(_ script: Script, _ type: ScriptType) -> Bool {
        switch type {
        case .multisig, .nonstandard, .pubkey, .pubkeyhash, .witnessV0KeyHash, .witnessV0ScriptHash: break
        case .nulldata, .scripthash, .witnessUnknown, .witnessV1Taproot, .anchor: return false
        }
        guard script.hasValidOps, !script.isUnspendable, let ops = script.operations else { return false }
        return !ops.contains { $0.opcode == Opcode.opCheckSigAdd || Opcode.isOpSuccess($0.opcode) }
    }
}
