import SovDescriptors
import SovJSON
import SovPrimitives

extension Inspector {
    /// How many indices of a ranged descriptor are expanded.
    static let derivedCount: UInt32 = 3

    /// A descriptor: Core's `getdescriptorinfo` fields, then what it expands to.
    ///
    /// - `descriptor`: the public form with checksum (secrets replaced by public keys, as Core prints it);
    ///   for a multipath descriptor, its first expansion
    /// - `multipath_expansion`: every expansion, only for multipath (`<0;1>`) descriptors
    /// - `checksum`: the checksum of the input as given (before `#`)
    /// - `isrange`, `issolvable`, `hasprivatekeys`: as Core reports them
    /// - `network`: the network the descriptor was read for: this inspector's, or the first other one
    ///   whose keys and addresses it accepts
    /// - not ranged: `scripts` (each `scriptPubKey` hex, `type`, and `address` when there is one), plus
    ///   `redeemScript` for `sh()` and `witnessScript` for `wsh()`
    /// - ranged: `derived`, the first three indices, each with `index` and the same fields as above
    /// - `derive_error` instead, when expanding needs private keys that are not given
    func decodeDescriptor(_ text: String) throws(DecodingError) -> JSONValue {
        let (descriptors, used) = try parseDescriptor(text)
        let first = descriptors[0]
        var o = JSONObject()
        o.append("descriptor", .string(first.description))
        if descriptors.count > 1 {
            o.append("multipath_expansion", .array(descriptors.map { .string($0.description) }))
        }
        let body = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? text
        o.append("checksum", .string(DescriptorChecksum.checksum(body) ?? ""))
        o.append("isrange", .bool(first.isRange))
        o.append("issolvable", .bool(first.isSolvable))
        o.append("hasprivatekeys", .bool(first.hasPrivateKeys))
        o.append("network", .string(used.rawValue))
        do {
            if first.isRange {
                var derived: [JSONValue] = []
                for index in 0..<Inspector.derivedCount {
                    var entry = JSONObject()
                    entry.append("index", .int(index))
                    appendExpansion(try first.expand(at: index), to: &entry, network: used)
                    derived.append(.object(entry))
                }
                o.append("derived", .array(derived))
            } else {
                appendExpansion(try first.expand(), to: &o, network: used)
            }
        } catch {
            o.append("derive_error", .string(error.reason))
        }
        return .object(o)
    }

    /// Parses for this inspector's network, else for the first other network that accepts the text
    /// (a tpub descriptor read with the default mainnet setting); errors are those of this network.
    func parseDescriptor(_ text: String) throws(DecodingError) -> ([Descriptor], Network) {
        do {
            return (try Descriptor.parse(text, network: network), network)
        } catch {
            for other in Network.allCases where other != network {
                if let parsed = try? Descriptor.parse(text, network: other) { return (parsed, other) }
            }
            throw error
        }
    }

    func appendExpansion(_ expansion: Descriptor.Expansion, to o: inout JSONObject, network: Network) {
        o.append("scripts", .array(expansion.outputScripts.map { script in
            var s = JSONObject()
            s.append("scriptPubKey", .string(script.hex))
            s.append("type", .string(ScriptTemplate(script).type.rawValue))
            if let address = Address(script: script) { s.append("address", .string(address.encoded(for: network))) }
            return .object(s)
        }))
        if let redeem = expansion.redeemScript { o.append("redeemScript", .string(redeem.hex)) }
        if let witness = expansion.witnessScript { o.append("witnessScript", .string(witness.hex)) }
    }
}
