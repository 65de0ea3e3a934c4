import SovKeys
import SovPrimitives

/// One script expression of an output descriptor (Core's `DescriptorImpl` subclasses), after multipath
/// expansion.
public indirect enum DescriptorNode: Hashable, Sendable {
    /// `pk(KEY)`: `<key> OP_CHECKSIG`; inside `tr()` the key is pushed x-only.
    case pk(DescriptorKey, xOnly: Bool)
    /// `pkh(KEY)`: P2PKH.
    case pkh(DescriptorKey)
    /// `wpkh(KEY)`: P2WPKH.
    case wpkh(DescriptorKey)
    /// `combo(KEY)`: P2PK and P2PKH, plus P2WPKH and P2SH-P2WPKH for a compressed key.
    case combo(DescriptorKey)
    /// `sh(SCRIPT)`: P2SH of the inner script.
    case sh(DescriptorNode)
    /// `wsh(SCRIPT)`: P2WSH of the inner script.
    case wsh(DescriptorNode)
    /// `multi(k,KEY,…)` / `sortedmulti(k,KEY,…)`: `OP_CHECKMULTISIG`, keys in BIP67 order when sorted.
    case multi(threshold: Int, keys: [DescriptorKey], sorted: Bool)
    /// `multi_a(k,KEY,…)` / `sortedmulti_a(k,KEY,…)`: the tapscript `OP_CHECKSIGADD` multisig.
    case multiA(threshold: Int, keys: [DescriptorKey], sorted: Bool)
    /// `tr(KEY)` or `tr(KEY,TREE)`: a taproot output with this internal key and script tree.
    case tr(DescriptorKey, DescriptorTree?)
    /// `rawtr(KEY)`: a taproot output whose output key is given directly.
    case rawtr(DescriptorKey)
    /// `addr(ADDRESS)`.
    case addr(Address)
    /// `raw(HEX)`.
    case raw(Script)
    /// A miniscript expression inside `wsh()` or a `tr()` leaf: `and_v(v:pk(A),older(144))`….
    case miniscript(MiniscriptExpression)

    /// The function name as written in a descriptor.
    public var name: String {
        switch self {
        case .pk: return "pk"
        case .pkh: return "pkh"
        case .wpkh: return "wpkh"
        case .combo: return "combo"
        case .sh: return "sh"
        case .wsh: return "wsh"
        case .multi(_, _, let sorted): return sorted ? "sortedmulti" : "multi"
        case .multiA(_, _, let sorted): return sorted ? "sortedmulti_a" : "multi_a"
        case .tr: return "tr"
        case .rawtr: return "rawtr"
        case .addr: return "addr"
        case .raw: return "raw"
        case .miniscript(let m): return m.text.prefix { $0 != "(" }.description
        }
    }

    /// Every key expression, in the order written (tree leaves included).
    public var keys: [DescriptorKey] {
        switch self {
        case .pk(let k, _), .pkh(let k), .wpkh(let k), .combo(let k), .rawtr(let k): return [k]
        case .sh(let inner), .wsh(let inner): return inner.keys
        case .multi(_, let keys, _), .multiA(_, let keys, _): return keys
        case .tr(let k, let tree): return [k] + (tree?.nodes.flatMap(\.keys) ?? [])
        case .addr, .raw: return []
        case .miniscript(let m): return m.keys
        }
    }

    /// Whether any key is ranged (Core's `IsRange`).
    public var isRange: Bool { keys.contains { $0.isRange } }

    /// Whether Core can sign for it in principle (`IsSolvable`): everything but `addr()` and `raw()`.
    public var isSolvable: Bool {
        switch self {
        case .addr, .raw: return false
        default: return true
        }
    }

    /// Whether any key carries a secret.
    public var hasPrivateKeys: Bool { keys.contains { $0.hasPrivateKey } }

    /// The public string form without checksum (Core's `ToString`), addresses encoded for `network`.
    public func publicString(network: Network) -> String {
        string(network: network) { $0.publicString }
    }

    /// Core's normalized form without checksum (`ToNormalizedString`, as `listdescriptors` prints);
    /// nil when a key would need a secret that is not there.
    public func normalizedString(network: Network) -> String? {
        var missing = false
        let text = string(network: network) { key in
            guard let s = key.normalizedString else { missing = true; return "" }
            return s
        }
        return missing ? nil : text
    }

    /// The string form with each key written by `keyString`.
    func string(network: Network, _ keyString: (DescriptorKey) -> String) -> String {
        if case .miniscript(let m) = self { return m.string(keyString) }
        let args: String
        switch self {
        case .miniscript: args = ""
        case .pk(let k, _), .pkh(let k), .wpkh(let k), .combo(let k), .rawtr(let k): args = keyString(k)
        case .sh(let inner), .wsh(let inner): args = inner.string(network: network, keyString)
        case .multi(let threshold, let keys, _), .multiA(let threshold, let keys, _):
            args = ([String(threshold)] + keys.map(keyString)).joined(separator: ",")
        case .tr(let k, let tree): args = keyString(k) + (tree.map { "," + $0.string(network: network, keyString) } ?? "")
        case .addr(let address): args = address.encoded(for: network)
        case .raw(let script): args = script.hex
        }
        return name + "(" + args + ")"
    }

    /// The output scripts at `index` (Core's `Expand`): one, except `combo()` which gives two or four.
    public func outputScripts(at index: UInt32) throws(DecodingError) -> [Script] {
        switch self {
        case .combo(let k):
            let key = try k.publicKey(at: index)
            var out = [Script(Script.pushData(key.bytes) + [Opcode.opCheckSig]), Address.pubkeyHash(key.hash160).scriptPubKey]
            if key.isCompressed {
                let p2wpkh = Address.witness(version: 0, program: key.hash160).scriptPubKey
                out.append(p2wpkh)
                out.append(Address.scriptHash(Hashes.hash160(p2wpkh.bytes)).scriptPubKey)
            }
            return out
        default:
            return [try script(at: index)]
        }
    }

    /// The single script this expression makes at `index`: the output script at top level, the redeem
    /// script inside `sh()`, the witness script inside `wsh()`, the leaf script inside `tr()`.
    public func script(at index: UInt32) throws(DecodingError) -> Script {
        switch self {
        case .pk(let k, let xOnly):
            let key = try k.publicKey(at: index)
            return Script(Script.pushData(xOnly ? key.xOnly : key.bytes) + [Opcode.opCheckSig])
        case .pkh(let k):
            return Address.pubkeyHash(try k.publicKey(at: index).hash160).scriptPubKey
        case .wpkh(let k):
            return Address.witness(version: 0, program: try k.publicKey(at: index).hash160).scriptPubKey
        case .combo(let k):
            return Script(Script.pushData(try k.publicKey(at: index).bytes) + [Opcode.opCheckSig])
        case .sh(let inner):
            return Address.scriptHash(Hashes.hash160(try inner.script(at: index).bytes)).scriptPubKey
        case .wsh(let inner):
            return Address.witness(version: 0, program: Hashes.sha256(try inner.script(at: index).bytes)).scriptPubKey
        case .multi(let threshold, let keys, let sorted):
            var pubkeys: [PublicKey] = []
            for k in keys { pubkeys.append(try k.publicKey(at: index)) }
            if sorted { pubkeys.sort() }
            var bytes = Script.pushNumber(Int64(threshold))
            for key in pubkeys { bytes += Script.pushData(key.bytes) }
            return Script(bytes + Script.pushNumber(Int64(pubkeys.count)) + [Opcode.opCheckMultisig])
        case .multiA(let threshold, let keys, let sorted):
            var xkeys: [XOnlyPublicKey] = []
            for k in keys { xkeys.append(try k.xOnlyKey(at: index)) }
            if sorted { xkeys.sort() }
            var bytes: [UInt8] = []
            for (i, key) in xkeys.enumerated() {
                bytes += Script.pushData(key.bytes) + [i == 0 ? Opcode.opCheckSig : Opcode.opCheckSigAdd]
            }
            return Script(bytes + Script.pushNumber(Int64(threshold)) + [DescriptorNode.opNumEqual])
        case .tr(let k, let tree):
            let internalKey = try k.xOnlyKey(at: index)
            return try internalKey.taprootScriptPubKey(merkleRoot: try tree?.taprootTree(at: index).merkleRoot)
        case .rawtr(let k):
            return Address.witness(version: 1, program: try k.xOnlyKey(at: index).bytes).scriptPubKey
        case .addr(let address):
            return address.scriptPubKey
        case .raw(let script):
            return script
        case .miniscript(let m):
            return try m.script(at: index)
        }
    }

    static let opNumEqual: UInt8 = 0x9c
}
