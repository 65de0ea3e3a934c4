import SovKeys
import SovPrimitives

/// Infers the descriptor Bitcoin Core prints as `desc` for an output script (Core's `InferDescriptor`).
///
/// Without extra knowledge the result is `pk()`, `multi()`, `rawtr()`, `addr()` or `raw()`; scripts given in
/// `knownScripts` (keyed by HASH160, which is also how P2WSH programs are looked up) let P2SH and P2WSH
/// outputs be shown with what they wrap, as `decodescript` does for its `segwit` field.
public struct DescriptorInference: Sendable {
    public var network: Network
    public var knownScripts: [[UInt8]: Script]

    public init(network: Network, knownScripts: [Script] = []) {
        self.network = network
        self.knownScripts = Dictionary(knownScripts.map { (Hashes.hash160($0.bytes), $0) }, uniquingKeysWith: { a, _ in a })
    }

    enum Context { case top, p2sh, p2wsh, p2tr }

    /// The descriptor with its checksum, e.g. `addr(bc1q...)#abcd1234`.
    public func describe(_ script: Script) -> String {
        DescriptorChecksum.adding(to: infer(script, context: .top) ?? "raw(\(script.hex))")
    }

    func infer(_ script: Script, context: Context) -> String? {
        let template = ScriptTemplate(script)
        let data = template.solutions
        let keyContexts: Set<Context> = [.top, .p2sh, .p2wsh]
        switch template.type {
        case .pubkey where keyContexts.contains(context):
            if let key = inferKey(data[0], context: context) { return "pk(\(key))" }
        case .multisig where keyContexts.contains(context):
            var keys: [String] = []
            for keyBytes in data[1..<data.count - 1] {
                guard let key = inferKey(keyBytes, context: context) else { break }
                keys.append(key)
            }
            if keys.count == data.count - 2 { return "multi(\(data[0][0]),\(keys.joined(separator: ",")))" }
        case .scripthash where context == .top:
            if let sub = knownScripts[data[0]], let inner = infer(sub, context: .p2sh) { return "sh(\(inner))" }
        case .witnessV0ScriptHash where context == .top || context == .p2sh:
            if let sub = knownScripts[Hashes.ripemd160(data[0])], let inner = infer(sub, context: .p2wsh) { return "wsh(\(inner))" }
        case .witnessV1Taproot where context == .top:
            if XOnlyPublicKey.isValid(data[0]) { return "rawtr(\(data[0].hex))" }
        default:
            break
        }
        if context == .p2wsh || context == .p2tr {
            if let miniscript = Miniscript.decode(script, context: context == .p2wsh ? .p2wsh : .tapscript), miniscript.isSane {
                return miniscript.description
            }
        }
        guard context == .top else { return nil }
        if let address = Address(script: script), address.scriptPubKey == script {
            return "addr(\(address.encoded(for: network)))"
        }
        return nil
    }

    /// Core's `InferPubkey`: no hybrid keys; uncompressed only at top level or in P2SH.
    func inferKey(_ bytes: [UInt8], context: Context) -> String? {
        guard let header = bytes.first, header == 2 || header == 3 || header == 4 else { return nil }
        if context != .top && context != .p2sh && bytes.count != 33 { return nil }
        return bytes.hex
    }
}
