import SovDescriptors
import SovKeys
import SovPSBT
import SovPrimitives

/// How the wallet spends and signs the outputs of one of its descriptors: the weight a signed input adds, and
/// the PSBT fields (scripts, key origins) that let any signer sign it and any finalizer complete it.
protocol OutputSpending {
    /// Weight units an input adds to a transaction once signed (outpoint, sequence, scriptSig with its length,
    /// witness), at most.
    var inputWeight: Int { get }
    /// Whether its inputs carry a witness.
    var isSegwit: Bool { get }
    /// Whether a signer needs the whole previous transaction (`non_witness_utxo`): all but taproot, as Core
    /// gives it for segwit v0 too.
    var needsPreviousTransaction: Bool { get }
    /// The master fingerprints its keys come from.
    var masterFingerprints: [[UInt8]] { get }
    /// Adds the fields of the output at `index` to an input or output map.
    func addFields(to builder: inout PSBTBuilder, _ map: PSBTBuilder.Map, index: UInt32) throws
    /// The time locks a spend of the output at `index` needs, for a coin with `confirmations` while the chain is
    /// at `tip`; nil when it cannot be spent yet.
    func timeLocks(index: UInt32, confirmations: Int, tip: Int) throws -> OutputTimeLocks?
}

extension OutputSpending {
    /// Single-key and multisig outputs need none.
    func timeLocks(index: UInt32, confirmations: Int, tip: Int) throws -> OutputTimeLocks? { OutputTimeLocks() }
}

enum OutputSpendings {
    /// How to spend `descriptor`'s outputs; nil for descriptors the wallet can only watch.
    static func of(_ descriptor: Descriptor) -> (any OutputSpending)? {
        SingleKeySpending(descriptor) ?? MultisigSpending(descriptor) ?? ScriptSpending(descriptor)
    }

    /// The weight of an input spending a script with `scriptSig` (its bytes) and a witness of `witness` bytes.
    static func inputWeight(scriptSig: Int, witness: Int) -> Int {
        (32 + 4 + 4 + ByteWriter.compactSizeLength(scriptSig) + scriptSig) * 4 + witness
    }

    /// The master fingerprint of a key: its origin's, else the extended key's own.
    static func masterFingerprint(_ key: DescriptorKey) -> [UInt8] {
        if let origin = key.origin { return origin.fingerprint }
        if case .extended(let extended, _, _) = key.source { return extended.fingerprint }
        return []
    }

    /// The public key of `key` at `index` and its full origin: the key's origin (or the key itself) and path,
    /// then the key's own steps and the index.
    static func derivation(_ key: DescriptorKey, index: UInt32) throws(DecodingError) -> (publicKey: PublicKey, origin: PSBTKeyOrigin) {
        guard case .extended(let extended, let path, let wildcard) = key.source else { throw DecodingError("not an extended key") }
        var steps = path.components
        if wildcard != nil { steps.append(index) }
        let derived = try extended.derive(path: DerivationPath(steps))
        let origin = key.origin.map { PSBTKeyOrigin(fingerprint: $0.fingerprint, path: $0.path.components + steps) }
            ?? PSBTKeyOrigin(fingerprint: extended.fingerprint, path: steps)
        return (derived.publicKey, origin)
    }
}

/// A wallet's two keychains' plans as one, for sizing a transaction before its inputs are known: the larger
/// input weight, and a witness when either has one. Fields and locks are the external keychain's; each input
/// gets its own keychain's (`Wallet.keySpending`).
struct KeychainsSpending: OutputSpending {
    let external: any OutputSpending
    let change: any OutputSpending

    var inputWeight: Int { max(external.inputWeight, change.inputWeight) }
    var isSegwit: Bool { external.isSegwit || change.isSegwit }
    var needsPreviousTransaction: Bool { external.needsPreviousTransaction }
    var masterFingerprints: [[UInt8]] {
        var all = external.masterFingerprints
        for fingerprint in change.masterFingerprints where !all.contains(fingerprint) { all.append(fingerprint) }
        return all
    }

    func addFields(to builder: inout PSBTBuilder, _ map: PSBTBuilder.Map, index: UInt32) throws {
        try external.addFields(to: &builder, map, index: index)
    }

    func timeLocks(index: UInt32, confirmations: Int, tip: Int) throws -> OutputTimeLocks? {
        try external.timeLocks(index: index, confirmations: confirmations, tip: tip)
    }
}
