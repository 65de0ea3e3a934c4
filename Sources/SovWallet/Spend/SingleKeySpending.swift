import SovDescriptors
import SovKeys
import SovPSBT
import SovPrimitives

/// How the wallet spends and signs the outputs of a single-key descriptor (`pkh`, `sh(wpkh)`, `wpkh`, or `tr`
/// without a script tree): the kind of script, and each index's key with its BIP32 origin, as PSBT fields.
struct SingleKeySpending: OutputSpending {
    enum Kind { case pkh, shWpkh, wpkh, trKeyPath }

    let kind: Kind
    let key: DescriptorKey

    init?(_ descriptor: Descriptor) {
        switch descriptor.node {
        case .pkh(let k): kind = .pkh; key = k
        case .wpkh(let k): kind = .wpkh; key = k
        case .sh(.wpkh(let k)): kind = .shWpkh; key = k
        case .tr(let k, nil): kind = .trKeyPath; key = k
        default: return nil
        }
        guard case .extended = key.source else { return nil }
    }

    /// A 72-byte ECDSA signature and 33-byte key at most; a 64-byte Schnorr signature.
    var inputWeight: Int {
        switch kind {
        case .pkh: return OutputSpendings.inputWeight(scriptSig: 1 + 72 + 1 + 33, witness: 0)
        case .shWpkh: return OutputSpendings.inputWeight(scriptSig: 23, witness: 1 + 1 + 72 + 1 + 33)
        case .wpkh: return OutputSpendings.inputWeight(scriptSig: 0, witness: 1 + 1 + 72 + 1 + 33)
        case .trKeyPath: return OutputSpendings.inputWeight(scriptSig: 0, witness: 1 + 1 + 64)
        }
    }

    var isSegwit: Bool { kind != .pkh }
    var needsPreviousTransaction: Bool { kind != .trKeyPath }
    var masterFingerprints: [[UInt8]] { [OutputSpendings.masterFingerprint(key)] }

    /// The key origin fields (and, for P2SH-P2WPKH, the redeem script), so that any signer can find its key.
    func addFields(to builder: inout PSBTBuilder, _ map: PSBTBuilder.Map, index: UInt32) throws {
        let (publicKey, origin) = try OutputSpendings.derivation(key, index: index)
        switch kind {
        case .trKeyPath:
            try builder.setTapInternalKey(map, publicKey.xOnly)
            try builder.setTapBIP32Derivation(map, xOnly: publicKey.xOnly, origin: origin)
        case .shWpkh:
            try builder.setRedeemScript(map, Address.witness(version: 0, program: publicKey.hash160).scriptPubKey)
            try builder.setBIP32Derivation(map, publicKey: publicKey.bytes, origin: origin)
        case .pkh, .wpkh:
            try builder.setBIP32Derivation(map, publicKey: publicKey.bytes, origin: origin)
        }
    }
}
