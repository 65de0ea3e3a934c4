import SovPrimitives

/// A miniscript expression (Bitcoin Core's `miniscript::Node`), for P2WSH or Tapscript.
///
/// Made by ``decode(_:context:keyForHash:)`` from a script (Core's `FromScript`) or by
/// ``parse(_:context:key:)`` from text (Core's `FromString`). `description` prints it as Core's `ToString`
/// does with hex keys, and ``script`` re-encodes it (Core's `ToScript`). The checks mirror Core's:
/// ``isValid``, ``isValidTopLevel``, ``isSane`` and what they are made of.
///
/// Keys are byte strings: 33-byte compressed keys under P2WSH, 32-byte x-only keys under Tapscript (a 33-byte
/// key there is printed as given and scripted as its x coordinate).
public struct Miniscript: Sendable, CustomStringConvertible {
    /// The script context a miniscript is read in.
    public enum Context: Sendable, Hashable { case p2wsh, tapscript }

    public let context: Context
    let arena: MiniscriptArena
    let root: Int
    /// Whether some key occurs more than once in the tree.
    let hasDuplicateKeys: Bool

    init(arena: MiniscriptArena, root: Int) {
        let keys = arena.keys(under: root)
        self.init(arena: arena, root: root, hasDuplicateKeys: Set(keys).count != keys.count)
    }

    init(arena: MiniscriptArena, root: Int, hasDuplicateKeys: Bool) {
        self.context = arena.context
        self.arena = arena
        self.root = root
        self.hasDuplicateKeys = hasDuplicateKeys
    }

    var node: MiniscriptNode { arena[root] }

    // MARK: Limits (Core's policy and consensus constants)

    /// `MAX_OPS_PER_SCRIPT`.
    public static let maxOpsPerScript = 201
    /// `MAX_STANDARD_P2WSH_STACK_ITEMS`.
    public static let maxStandardP2WSHStackItems = 100
    /// `MAX_STACK_SIZE`.
    public static let maxStackSize = 1000
    /// `MAX_PUBKEYS_PER_MULTISIG`.
    public static let maxPubkeysPerMultisig = 20
    /// `MAX_PUBKEYS_PER_MULTI_A`.
    public static let maxPubkeysPerMultiA = 999

    /// Core's `MaxScriptSize`: 3600 bytes for P2WSH (`MAX_STANDARD_P2WSH_SCRIPT_SIZE`); for Tapscript what
    /// still fits a standard transaction with a largest witness and a small body.
    public static func maxScriptSize(_ context: Context) -> Int {
        switch context {
        case .p2wsh: return 3600
        case .tapscript:
            let maxStandardTxWeight = 400_000
            // version + locktime, one input without witness, one P2WSH output, counts, segwit marker.
            let bodyLeewayWeight = (4 + 4 + 1 + (36 + 4 + 1) + 1 + (8 + 1 + 1 + 33)) * 4 + 2
            let maxElement = 65, controlMax = 33 + 32 * 128
            let maxSatisfaction = ByteWriter.compactSizeLength(maxStackSize)
                + (ByteWriter.compactSizeLength(maxElement) + maxElement) * maxStackSize
                + ByteWriter.compactSizeLength(controlMax) + controlMax
            let size = maxStandardTxWeight - bodyLeewayWeight - maxSatisfaction
            return size - ByteWriter.compactSizeLength(size)
        }
    }

    // MARK: Properties

    /// The expression's type (empty when ill-typed).
    public var type: MiniscriptType { node.type }
    /// The top node's fragment.
    public var fragment: MiniscriptFragment { node.fragment }
    /// The length of the script this expression stands for.
    public var scriptSize: Int { node.scriptSize }

    /// Most non-push opcodes a non-malleable satisfaction executes (`GetOps`); nil if unsatisfiable.
    public var ops: Int? {
        guard let sat = node.resources.satOps else { return nil }
        return node.resources.opCount + sat
    }

    /// Non-push opcodes in the script, not counting CHECKMULTISIG keys (`GetStaticOps`).
    public var staticOps: Int { node.resources.opCount }

    var isBKW: Bool { !(type & [.B, .K, .W]).isEmpty }

    /// Most stack elements a satisfaction needs before execution (`GetStackSize`); nil if unsatisfiable.
    public var stackSize: Int? {
        guard let sat = node.resources.satStack else { return nil }
        return Int(UInt32(truncatingIfNeeded: sat.netDiff + (isBKW ? 1 : 0)))
    }

    /// Largest stack size during execution of a satisfaction (`GetExecStackSize`); nil if unsatisfiable.
    public var execStackSize: Int? {
        guard let sat = node.resources.satStack else { return nil }
        return Int(UInt32(truncatingIfNeeded: sat.exec + (isBKW ? 1 : 0)))
    }

    /// Largest witness (bytes, without the script itself) of a satisfaction (`GetWitnessSize`).
    public var witnessSize: Int? { node.resources.satWitness }

    /// Well typed and within the script size limit (`IsValid`).
    public var isValid: Bool { arena.isValid(root) }
    /// Valid and of type B, so usable as a whole script (`IsValidTopLevel`).
    public var isValidTopLevel: Bool { isValid && type.has(.B) }
    /// A non-malleable satisfaction always exists (`IsNonMalleable`, property m).
    public var isNonMalleable: Bool { type.has(.m) }
    /// Every satisfaction needs a signature (`NeedsSignature`, property s).
    public var needsSignature: Bool { type.has(.s) }
    /// No spend path mixes height and time locks (`CheckTimeLocksMix`, property k).
    public var hasNoTimelockMix: Bool { type.has(.k) }
    /// No key occurs twice (`CheckDuplicateKey`).
    public var hasNoDuplicateKeys: Bool { !hasDuplicateKeys }

    /// Within the 201-opcode limit (always true under Tapscript) (`CheckOpsLimit`).
    public var checkOpsLimit: Bool {
        if context == .tapscript { return true }
        guard let ops else { return true }
        return ops <= Miniscript.maxOpsPerScript
    }

    /// Within the P2WSH standard stack limit, or the Tapscript execution stack limit (`CheckStackSize`).
    public var checkStackSize: Bool {
        if context == .tapscript {
            guard let execStackSize else { return true }
            return execStackSize <= Miniscript.maxStackSize
        }
        guard let stackSize else { return true }
        return stackSize <= Miniscript.maxStandardP2WSHStackItems
    }

    /// Non-malleable satisfactions are valid scripts (`ValidSatisfactions`).
    public var validSatisfactions: Bool { isValid && checkOpsLimit && checkStackSize }
    /// The apparent policy matches the script semantics (`IsSaneSubexpression`).
    public var isSaneSubexpression: Bool { validSatisfactions && isNonMalleable && hasNoTimelockMix && hasNoDuplicateKeys }
    /// Safe as a script on its own (`IsSane`): valid top level, sane, and always needing a signature.
    public var isSane: Bool { isValidTopLevel && isSaneSubexpression && needsSignature }

    /// The key as it appears in the script: the x coordinate under Tapscript.
    func scriptKey(_ key: [UInt8]) -> [UInt8] {
        context == .tapscript && key.count == 33 ? Array(key.dropFirst()) : key
    }

    /// The first subexpression in post-order (so nearest a leaf) that is not sane (Core's `FindInsaneSub`);
    /// nil when every subexpression is.
    public var insaneSubexpression: Miniscript? {
        // Post-order walk; each finished node leaves its key set (nil once a key repeats) on `keySets`.
        var stack: [(index: Int, expanded: Bool)] = [(root, false)]
        var keySets: [Set<[UInt8]>?] = []
        while let (index, expanded) = stack.popLast() {
            let node = arena[index]
            if !expanded {
                stack.append((index, true))
                for sub in node.subs.reversed() { stack.append((sub, false)) }
                continue
            }
            var keys: Set<[UInt8]>? = Set(node.keys)
            if keys?.count != node.keys.count { keys = nil }
            for child in keySets.suffix(node.subs.count) {
                guard var merged = keys, let child else { keys = nil; break }
                let expected = merged.count + child.count
                merged.formUnion(child)
                keys = merged.count == expected ? merged : nil
            }
            keySets.removeLast(node.subs.count)
            keySets.append(keys)
            let sub = Miniscript(arena: arena, root: index, hasDuplicateKeys: keys == nil)
            if !sub.isSaneSubexpression { return sub }
        }
        return nil
    }
}
