import SovDescriptors
import SovKeys
import SovPSBT
import SovPrimitives

/// How the wallet spends a descriptor whose outputs are spent through a script: a miniscript in `wsh()` (or
/// `sh(wsh())`), or a `tr(KEY,TREE)` with tapscript leaves (`pk`, `multi_a`, miniscript).
///
/// Inputs carry what any signer and finalizer need: the witness script and every key's origin for `wsh()`;
/// the internal key, the Merkle root, each leaf with its control block, and each key's origin with the leaves
/// it signs in for `tr()`. Which keys will sign is not known when a payment is made (a cosigner, an heir or a
/// recovery key may be the one), so a payment opens every path whose lock is already reached: the input's
/// nSequence meets the largest `older(n)` in blocks that the coin's confirmations reach, and the nLockTime the
/// largest `after(n)` height the chain has reached. A coin is spendable once some path is (counting every key
/// as able to sign). Locks in seconds are not planned: a path that needs one is not opened, and a coin whose
/// every path needs one is not spendable by sov. The input weight is the largest of every path's.
struct ScriptSpending: OutputSpending {
    enum Kind {
        case witnessScript(MiniscriptExpression, nested: Bool)
        case taproot(internalKey: DescriptorKey, tree: DescriptorTree)
    }

    let descriptor: Descriptor
    let kind: Kind

    init?(_ descriptor: Descriptor) {
        switch descriptor.node {
        case .wsh(.miniscript(let expression)): kind = .witnessScript(expression, nested: false)
        case .sh(.wsh(.miniscript(let expression))): kind = .witnessScript(expression, nested: true)
        case .tr(let key, let tree?): kind = .taproot(internalKey: key, tree: tree)
        default: return nil
        }
        // Every key that signs in a script is derived; a taproot internal key may be a plain key (an
        // unspendable point, leaving only the script paths).
        var signing = descriptor.node.keys
        if case .taproot(let internalKey, _) = kind, case .single = internalKey.source { signing.removeFirst() }
        for key in signing {
            guard case .extended = key.source else { return nil }
        }
        self.descriptor = descriptor
    }

    /// For `wsh()`: its largest satisfaction and the script. For `tr()`: the largest of the key path (one
    /// signature, when the internal key is a wallet key) and every leaf's largest satisfaction with its script
    /// and control block (the signer may hold only a leaf's key).
    var inputWeight: Int {
        switch kind {
        case .witnessScript(let expression, let nested):
            guard let miniscript = try? expression.miniscript(at: 0) else { return 0 }
            let script = miniscript.scriptSize
            let witness = ByteWriter.compactSizeLength((miniscript.stackSize ?? 0) + 1) + (miniscript.witnessSize ?? 0)
                + ByteWriter.compactSizeLength(script) + script
            return OutputSpendings.inputWeight(scriptSig: nested ? 35 : 0, witness: witness)
        case .taproot(_, let tree):
            guard let leaves = try? tree.taprootTree(at: 0).leaves else { return 0 }
            var largest = internalKeySigns ? 1 + 1 + 64 : 0
            for (leaf, node) in zip(leaves, tree.nodes) {
                guard let miniscript = try? Self.tapscript(node, at: 0) else { continue }
                let control = 33 + 32 * leaf.merklePath.count
                let witness = ByteWriter.compactSizeLength((miniscript.stackSize ?? 0) + 2) + (miniscript.witnessSize ?? 0)
                    + ByteWriter.compactSizeLength(leaf.script.count) + leaf.script.count + ByteWriter.compactSizeLength(control) + control
                largest = max(largest, witness)
            }
            return OutputSpendings.inputWeight(scriptSig: 0, witness: largest)
        }
    }

    var isSegwit: Bool { true }
    var needsPreviousTransaction: Bool {
        if case .taproot = kind { return false }
        return true
    }
    var masterFingerprints: [[UInt8]] { descriptor.node.keys.map(OutputSpendings.masterFingerprint).filter { !$0.isEmpty } }

    /// Whether the key path can be used: the internal key is a derivable wallet key, not a plain key (such as
    /// an unspendable point).
    private var internalKeySigns: Bool {
        guard case .taproot(let key, _) = kind, case .extended = key.source else { return false }
        return true
    }

    func addFields(to builder: inout PSBTBuilder, _ map: PSBTBuilder.Map, index: UInt32) throws {
        switch kind {
        case .witnessScript(let expression, let nested):
            let expansion = try descriptor.expand(at: index)
            guard let witnessScript = expansion.witnessScript else { throw DecodingError("\(descriptor) has no witness script") }
            try builder.setWitnessScript(map, witnessScript)
            if nested, let redeemScript = expansion.redeemScript { try builder.setRedeemScript(map, redeemScript) }
            for key in expression.keys {
                let (publicKey, origin) = try OutputSpendings.derivation(key, index: index)
                try builder.setBIP32Derivation(map, publicKey: publicKey.bytes, origin: origin)
            }
        case .taproot(let internalKey, let tree):
            let taprootTree = try tree.taprootTree(at: index)
            let leaves = taprootTree.leaves
            let root = taprootTree.merkleRoot
            let internalXOnly = try internalKey.publicKey(at: index).xOnly
            try builder.setTapInternalKey(map, internalXOnly)
            // Each key with the hashes of the leaves it appears in (the internal key: the key path, none).
            var leafHashes: [[UInt8]: (origin: PSBTKeyOrigin, hashes: Set<[UInt8]>)] = [:]
            if internalKeySigns { leafHashes[internalXOnly] = (try OutputSpendings.derivation(internalKey, index: index).origin, []) }
            for (leaf, node) in zip(leaves, tree.nodes) {
                for key in node.keys {
                    let (publicKey, origin) = try OutputSpendings.derivation(key, index: index)
                    leafHashes[publicKey.xOnly, default: (origin, [])].hashes.insert(leaf.hash)
                }
            }
            for (xOnly, entry) in leafHashes.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                try builder.setTapBIP32Derivation(map, xOnly: xOnly, leafHashes: entry.hashes.sorted { $0.lexicographicallyPrecedes($1) },
                                                  origin: entry.origin)
            }
            guard case .input(let input) = map else { return }
            try builder.setTapMerkleRoot(input: input, root)
            let parityOdd = try XOnlyPublicKey(internalXOnly).taprootOutputKey(merkleRoot: root).parityOdd
            for leaf in leaves {
                let controlBlock = [leaf.version | (parityOdd ? 1 : 0)] + internalXOnly + leaf.merklePath.flatMap { $0 }
                try builder.setTapLeafScript(input: input, controlBlock: controlBlock, script: leaf.script, leafVersion: leaf.version)
            }
        }
    }

    /// The locks a spend of the output at `index` sets, for a coin with `confirmations` while the chain is at
    /// `tip`: every reached lock of every path (so whichever keys sign, their path is open); nil when no path can
    /// be satisfied yet, even with every key.
    func timeLocks(index: UInt32, confirmations: Int, tip: Int) throws -> OutputTimeLocks? {
        let planner = Self.planner(confirmations: confirmations, tip: tip)
        var scripts: [Miniscript]
        var spendable: Bool
        switch kind {
        case .witnessScript(let expression, _):
            scripts = [try expression.miniscript(at: index)]
            spendable = false
        case .taproot(_, let tree):
            scripts = try tree.nodes.map { try Self.tapscript($0, at: index) }
            spendable = internalKeySigns
        }
        var relative: [UInt32] = [], absolute: [UInt32] = []
        for script in scripts {
            if !spendable && script.satisfy(planner) != nil { spendable = true }
            let locks = script.timeLocks
            relative += locks.relative.filter(planner.olderSatisfied)
            absolute += locks.absolute.filter(planner.afterSatisfied)
        }
        return spendable ? OutputTimeLocks(relative: relative.max(), absolute: absolute.max()) : nil
    }

    /// A leaf of the tree as miniscript (`pk()` and `multi_a()` leaves are miniscript fragments too).
    static func tapscript(_ node: DescriptorNode, at index: UInt32) throws -> Miniscript {
        if case .miniscript(let expression) = node { return try expression.miniscript(at: index) }
        guard let miniscript = Miniscript.decode(try node.script(at: index), context: .tapscript) else {
            throw DecodingError("the leaf \(node.name)() is not a script sov can satisfy")
        }
        return miniscript
    }

    /// A satisfier for planning: any key signs (a placeholder signature), no preimages, and locks in blocks
    /// that the coin's age or the chain's height already meet.
    static func planner(confirmations: Int, tip: Int) -> MiniscriptSatisfier {
        MiniscriptSatisfier(signature: { _ in [UInt8](repeating: 0, count: 64) }, olderSatisfied: { value in
            value & (Transaction.sequenceLockTimeDisableFlag | Transaction.sequenceLockTimeTypeFlag) == 0 && Int(value & 0xffff) <= confirmations
        }, afterSatisfied: { value in value < Transaction.lockTimeThreshold && Int(value) <= tip })
    }
}

/// The time locks a planned spend of one output relies on: the input's nSequence must be at least `relative`
/// (BIP68 blocks), the transaction's nLockTime at least `absolute` (a height).
struct OutputTimeLocks: Equatable {
    var relative: UInt32?
    var absolute: UInt32?
}
