import SovDescriptors
import SovPSBT
import SovPrimitives

/// How the wallet spends a k-of-n multisig descriptor, `wsh(multi|sortedmulti(…))` or the same nested in
/// `sh()`: each input carries its witness script (and redeem script when nested) and the origin of every
/// key, so each cosigner's signer finds its own key and any finalizer completes the input once k signed.
struct MultisigSpending: OutputSpending {
    let descriptor: Descriptor
    let threshold: Int
    let keys: [DescriptorKey]
    let nested: Bool

    init?(_ descriptor: Descriptor) {
        switch descriptor.node {
        case .wsh(.multi(let k, let keys, _)): threshold = k; self.keys = keys; nested = false
        case .sh(.wsh(.multi(let k, let keys, _))): threshold = k; self.keys = keys; nested = true
        default: return nil
        }
        for key in keys {
            guard case .extended = key.source else { return nil }
        }
        self.descriptor = descriptor
    }

    /// The witness script (`OP_k <33-byte key>… OP_n OP_CHECKMULTISIG`, its length the same at every index),
    /// an empty first item and k signatures of at most 72 bytes; when nested, a scriptSig pushing the 34-byte
    /// P2WSH program.
    var inputWeight: Int {
        let witnessScript = (try? descriptor.expand(at: 0).witnessScript?.count) ?? (2 + keys.count * 34 + 2 + 1)
        let witness = 1 + 1 + threshold * (1 + 72) + ByteWriter.compactSizeLength(witnessScript) + witnessScript
        return OutputSpendings.inputWeight(scriptSig: nested ? 35 : 0, witness: witness)
    }

    var isSegwit: Bool { true }
    var needsPreviousTransaction: Bool { true }
    var masterFingerprints: [[UInt8]] { keys.map(OutputSpendings.masterFingerprint) }

    func addFields(to builder: inout PSBTBuilder, _ map: PSBTBuilder.Map, index: UInt32) throws {
        let expansion = try descriptor.expand(at: index)
        guard let witnessScript = expansion.witnessScript else { throw DecodingError("\(descriptor) has no witness script") }
        try builder.setWitnessScript(map, witnessScript)
        if nested, let redeemScript = expansion.redeemScript { try builder.setRedeemScript(map, redeemScript) }
        for key in keys {
            let (publicKey, origin) = try OutputSpendings.derivation(key, index: index)
            try builder.setBIP32Derivation(map, publicKey: publicKey.bytes, origin: origin)
        }
    }
}
