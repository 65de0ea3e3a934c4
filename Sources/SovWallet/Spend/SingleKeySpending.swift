import SovDescriptors
import SovKeys
import SovPrimitives

/// How the wallet spends and signs the outputs of a single-key descriptor (`pkh`, `sh(wpkh)`, `wpkh`, or `tr`
/// without a script tree): the kind of script, and each index's key with its BIP32 origin, as PSBT fields.
struct SingleKeySpending {
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

    /// Weight units an input of this kind adds to a transaction once signed (outpoint, sequence, scriptSig and
    /// its length, witness; a 72-byte ECDSA signature and 33-byte key at most).
    var inputWeight: Int {
        switch kind {
        case .pkh: return (32 + 4 + 4 + 1 + 1 + 72 + 1 + 33) * 4
        case .shWpkh: return (32 + 4 + 4 + 1 + 23) * 4 + (1 + 1 + 72 + 1 + 33)
        case .wpkh: return (32 + 4 + 4 + 1) * 4 + (1 + 1 + 72 + 1 + 33)
        case .trKeyPath: return (32 + 4 + 4 + 1) * 4 + (1 + 1 + 64)
        }
    }

    var isSegwit: Bool { kind != .pkh }

    /// The public key at `index` and its origin: the descriptor's origin (or the key itself) and path, then
    /// the descriptor's own steps and the index.
    func derivation(index: UInt32) throws(DecodingError) -> (publicKey: PublicKey, origin: (fingerprint: [UInt8], path: [UInt32])) {
        guard case .extended(let extended, let path, let wildcard) = key.source else { throw DecodingError("not an extended key") }
        var steps = path.components
        if wildcard != nil { steps.append(index) }
        let derived = try extended.derive(path: DerivationPath(steps))
        let origin = key.origin.map { ($0.fingerprint, $0.path.components + steps) } ?? (extended.fingerprint, steps)
        return (derived.publicKey, origin)
    }

    /// The master fingerprint the keys come from (the origin's, else the extended key's own).
    var masterFingerprint: [UInt8] {
        if let origin = key.origin { return origin.fingerprint }
        if case .extended(let extended, _, _) = key.source { return extended.fingerprint }
        return []
    }
}
