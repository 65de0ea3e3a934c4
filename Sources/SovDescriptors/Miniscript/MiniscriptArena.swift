import SovPrimitives

/// One node of a miniscript tree, with what Core caches per node (type, script size, resource bounds).
/// Children are indices into the owning arena, so trees of any depth are freed without recursion.
struct MiniscriptNode: Sendable {
    let fragment: MiniscriptFragment
    /// The threshold (thresh, multi, multi_a) or lock value (older, after); 0 otherwise.
    let k: UInt32
    /// Keys as stored: what is printed (hex) and, for the script, their last 32 bytes under Tapscript.
    let keys: [[UInt8]]
    /// The hash of a hash fragment.
    let data: [UInt8]
    /// Subexpressions, as arena indices.
    let subs: [Int]
    let type: MiniscriptType
    let scriptSize: Int
    let resources: MiniscriptResources
}

/// Where nodes live while a tree is built and afterwards: nodes refer to their children by index.
struct MiniscriptArena: Sendable {
    let context: Miniscript.Context
    private(set) var nodes: [MiniscriptNode] = []

    init(context: Miniscript.Context) { self.context = context }

    subscript(index: Int) -> MiniscriptNode { nodes[index] }

    /// Core's `IsValid` for a node: well typed and within the context's script size limit.
    func isValid(_ index: Int) -> Bool {
        !nodes[index].type.isEmpty && nodes[index].scriptSize <= Miniscript.maxScriptSize(context)
    }

    /// Adds a node, computing its type, script size and bounds from its children (Core's node constructor).
    mutating func add(_ fragment: MiniscriptFragment, subs: [Int] = [], keys: [[UInt8]] = [], data: [UInt8] = [],
                      k: UInt32 = 0) -> Int {
        let subTypes = subs.map { nodes[$0].type }
        let subResources = subs.map { nodes[$0].resources }
        let type = MiniscriptType.compute(fragment, subs: subTypes, k: k, context: context).sanitized()
        let subSize = subs.reduce(0) { $0 + nodes[$1].scriptSize }
        let scriptSize = MiniscriptArena.scriptLength(fragment, subTypes: subTypes, subSize: subSize, k: k,
                                                      subCount: subs.count, keyCount: keys.count, context: context)
        let resources = MiniscriptResources.compute(fragment, subs: subResources, subTypes: subTypes, k: Int(k),
                                                    keyCount: keys.count, context: context)
        nodes.append(MiniscriptNode(fragment: fragment, k: k, keys: keys, data: data, subs: subs, type: type,
                                    scriptSize: scriptSize, resources: resources))
        return nodes.count - 1
    }

    /// Core's `ComputeScriptLen`.
    static func scriptLength(_ fragment: MiniscriptFragment, subTypes: [MiniscriptType], subSize: Int, k: UInt32,
                             subCount: Int, keyCount: Int, context: Miniscript.Context) -> Int {
        switch fragment {
        case .just1, .just0: return 1
        case .pkK: return context == .tapscript ? 33 : 34
        case .pkH: return 3 + 21
        case .older, .after: return 1 + MiniscriptArena.pushedIntegerSize(Int64(k))
        case .hash256, .sha256: return 4 + 2 + 33
        case .hash160, .ripemd160: return 4 + 2 + 21
        case .multi: return 1 + pushedIntegerSize(Int64(keyCount)) + pushedIntegerSize(Int64(k)) + 34 * keyCount
        case .multiA: return (1 + 32 + 1) * keyCount + pushedIntegerSize(Int64(k)) + 1
        case .andV: return subSize
        case .wrapV: return subSize + (subTypes.first?.has(.x) == true ? 1 : 0)
        case .wrapS, .wrapC, .wrapN, .andB, .orB: return subSize + 1
        case .wrapA, .orC: return subSize + 2
        case .wrapD, .orD, .orI, .andor: return subSize + 3
        case .wrapJ: return subSize + 4
        case .thresh: return subSize + subCount + pushedIntegerSize(Int64(k))
        }
    }

    /// The size of Core's `CScript() << n`: one opcode for -1 and 0...16, else a push of the script number.
    static func pushedIntegerSize(_ n: Int64) -> Int {
        if n == -1 || (n >= 0 && n <= 16) { return 1 }
        return 1 + ScriptNumber.encode(n).count
    }

    /// All keys in the tree under `root`, in no particular order.
    func keys(under root: Int) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var stack = [root]
        while let index = stack.popLast() {
            result.append(contentsOf: nodes[index].keys)
            stack.append(contentsOf: nodes[index].subs)
        }
        return result
    }
}
