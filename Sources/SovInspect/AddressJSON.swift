import SovJSON
import SovPrimitives

extension Inspector {
    /// What an address encodes, in the shape of Core's `validateaddress` plus type, network, descriptor
    /// and the Electrum script hash.
    func decodeAddress(_ text: String) throws(DecodingError) -> JSONValue {
        guard let (address, network) = Address.detect(text, preferred: self.network) else {
            do { _ = try Address(text, network: self.network) } catch { throw DecodingError(offset: error.offset, "invalid address: \(error.reason)") }
            throw DecodingError("invalid address")
        }
        let script = address.scriptPubKey
        let core = CoreJSON(network: network)
        var o = JSONObject()
        o.append("address", .string(address.encoded(for: network)))
        o.append("network", .string(network.addressFamily))
        o.append("type", .string(ScriptTemplate(script).type.rawValue))
        o.append("scriptPubKey", .string(script.hex))
        o.append("asm", .string(script.asm()))
        o.append("desc", core.scriptPubKey(script)["desc"]!)
        switch address {
        case .pubkeyHash(let h), .scriptHash(let h):
            o.append("isscript", .bool({ if case .scriptHash = address { return true }; return false }()))
            o.append("iswitness", .bool(false))
            o.append("hash", .string(h.hex))
        case .witness(let version, let program):
            o.append("isscript", .bool(version == 0 && program.count == 32))
            o.append("iswitness", .bool(true))
            o.append("witness_version", .int(version))
            o.append("witness_program", .string(program.hex))
        }
        o.append("scripthash", .string(ScriptHash(script: script.bytes).hex))
        return .object(o)
    }
}
