/// Resource bounds of a miniscript node, as Core caches them per node: opcode counts, stack sizes and witness
/// sizes, each for satisfying and for dissatisfying the node. `nil` stands for "impossible" (Core's invalid
/// `MaxInt`/`SatInfo`).
struct MiniscriptResources: Sendable {
    /// Non-push opcodes in the script.
    var opCount: Int
    /// Keys in possibly executed OP_CHECKMULTISIGs when satisfying / dissatisfying.
    var satOps: Int?
    var dsatOps: Int?
    /// Stack-size traces when satisfying / dissatisfying.
    var satStack: StackTrace?
    var dsatStack: StackTrace?
    /// Largest witness (bytes, without the script) to satisfy / dissatisfy.
    var satWitness: Int?
    var dsatWitness: Int?

    /// Core's `SatInfo`: for a set of execution traces, the largest net stack decrease (`netDiff`) and the
    /// largest stack height above the final one during execution (`exec`).
    struct StackTrace: Sendable, Equatable {
        var netDiff: Int
        var exec: Int

        /// Concatenation: `a` runs, then `b`.
        static func + (a: StackTrace, b: StackTrace) -> StackTrace {
            StackTrace(netDiff: a.netDiff + b.netDiff, exec: max(b.exec, b.netDiff + a.exec))
        }

        static let empty = StackTrace(netDiff: 0, exec: 0)
        static let push = StackTrace(netDiff: -1, exec: 0)
        static let hash = StackTrace(netDiff: 0, exec: 0)
        static let nop = StackTrace(netDiff: 0, exec: 0)
        static let opIf = StackTrace(netDiff: 1, exec: 1)
        static let binaryOp = StackTrace(netDiff: 1, exec: 1)
        static let dup = StackTrace(netDiff: -1, exec: 0)
        static func ifdup(nonzero: Bool) -> StackTrace { StackTrace(netDiff: nonzero ? -1 : 0, exec: 0) }
        static let equalVerify = StackTrace(netDiff: 2, exec: 2)
        static let equal = StackTrace(netDiff: 1, exec: 1)
        static let size = StackTrace(netDiff: -1, exec: 0)
        static let checkSig = StackTrace(netDiff: 1, exec: 1)
        static let zeroNotEqual = StackTrace(netDiff: 0, exec: 0)
        static let verify = StackTrace(netDiff: 1, exec: 1)
    }
}

// Optional arithmetic for the "maximum of a set" semirings: `+` is concatenation (impossible if either part
// is), `|` is union (the larger, ignoring impossible ones).
infix operator ⊕: AdditionPrecedence
infix operator ∨: AdditionPrecedence

@inline(__always) func ⊕ (a: Int?, b: Int?) -> Int? {
    guard let a, let b else { return nil }
    return a + b
}

@inline(__always) func ∨ (a: Int?, b: Int?) -> Int? {
    guard let a else { return b }
    guard let b else { return a }
    return max(a, b)
}

@inline(__always) func ⊕ (a: MiniscriptResources.StackTrace?, b: MiniscriptResources.StackTrace?) -> MiniscriptResources.StackTrace? {
    guard let a, let b else { return nil }
    return a + b
}

@inline(__always) func ∨ (a: MiniscriptResources.StackTrace?, b: MiniscriptResources.StackTrace?) -> MiniscriptResources.StackTrace? {
    guard let a else { return b }
    guard let b else { return a }
    return MiniscriptResources.StackTrace(netDiff: max(a.netDiff, b.netDiff), exec: max(a.exec, b.exec))
}

extension MiniscriptResources {
    typealias Trace = StackTrace

    /// Core's `CalcOps`, `CalcStackSize` and `CalcWitnessSize` for one node, from its subexpressions'.
    static func compute(_ fragment: MiniscriptFragment, subs: [MiniscriptResources], subTypes: [MiniscriptType],
                        k: Int, keyCount: Int, context: Miniscript.Context) -> MiniscriptResources {
        let sigSize = context == .tapscript ? 1 + 65 : 1 + 72
        let pubkeySize = context == .tapscript ? 1 + 32 : 1 + 33
        func sub(_ i: Int) -> MiniscriptResources { subs[i] }
        func make(_ count: Int, _ sat: Int?, _ dsat: Int?, _ satStack: Trace?, _ dsatStack: Trace?,
                  _ satWitness: Int?, _ dsatWitness: Int?) -> MiniscriptResources {
            MiniscriptResources(opCount: count, satOps: sat, dsatOps: dsat, satStack: satStack, dsatStack: dsatStack,
                                satWitness: satWitness, dsatWitness: dsatWitness)
        }
        switch fragment {
        case .just1: return make(0, 0, nil, .push, nil, 0, nil)
        case .just0: return make(0, nil, 0, nil, .push, nil, 0)
        case .pkK: return make(0, 0, 0, .push, .push, sigSize, 1)
        case .pkH:
            let trace = Trace.dup + .hash + .push + .equalVerify
            return make(3, 0, 0, trace, trace, sigSize + pubkeySize, 1 + pubkeySize)
        case .older, .after: return make(1, 0, nil, .push + .nop, nil, 0, nil)
        case .sha256, .ripemd160, .hash256, .hash160:
            return make(4, 0, nil, Trace.size + .push + .equalVerify + .hash + .push + .equal, nil, 1 + 32, nil)
        case .andV:
            let (x, y) = (sub(0), sub(1))
            return make(x.opCount + y.opCount, x.satOps ⊕ y.satOps, nil, x.satStack ⊕ y.satStack, nil,
                        x.satWitness ⊕ y.satWitness, nil)
        case .andB:
            let (x, y) = (sub(0), sub(1))
            return make(1 + x.opCount + y.opCount, x.satOps ⊕ y.satOps, x.dsatOps ⊕ y.dsatOps,
                        x.satStack ⊕ y.satStack ⊕ Trace.binaryOp, x.dsatStack ⊕ y.dsatStack ⊕ Trace.binaryOp,
                        x.satWitness ⊕ y.satWitness, x.dsatWitness ⊕ y.dsatWitness)
        case .orB:
            let (x, y) = (sub(0), sub(1))
            return make(1 + x.opCount + y.opCount,
                        (x.satOps ⊕ y.dsatOps) ∨ (y.satOps ⊕ x.dsatOps), x.dsatOps ⊕ y.dsatOps,
                        ((x.satStack ⊕ y.dsatStack) ∨ (x.dsatStack ⊕ y.satStack)) ⊕ Trace.binaryOp,
                        x.dsatStack ⊕ y.dsatStack ⊕ Trace.binaryOp,
                        (x.dsatWitness ⊕ y.satWitness) ∨ (x.satWitness ⊕ y.dsatWitness), x.dsatWitness ⊕ y.dsatWitness)
        case .orD:
            let (x, y) = (sub(0), sub(1))
            return make(3 + x.opCount + y.opCount,
                        x.satOps ∨ (y.satOps ⊕ x.dsatOps), x.dsatOps ⊕ y.dsatOps,
                        (x.satStack ⊕ Trace.ifdup(nonzero: true) ⊕ Trace.opIf)
                            ∨ (x.dsatStack ⊕ Trace.ifdup(nonzero: false) ⊕ Trace.opIf ⊕ y.satStack),
                        x.dsatStack ⊕ Trace.ifdup(nonzero: false) ⊕ Trace.opIf ⊕ y.dsatStack,
                        x.satWitness ∨ (x.dsatWitness ⊕ y.satWitness), x.dsatWitness ⊕ y.dsatWitness)
        case .orC:
            let (x, y) = (sub(0), sub(1))
            return make(2 + x.opCount + y.opCount, x.satOps ∨ (y.satOps ⊕ x.dsatOps), nil,
                        (x.satStack ⊕ Trace.opIf) ∨ (x.dsatStack ⊕ Trace.opIf ⊕ y.satStack), nil,
                        x.satWitness ∨ (x.dsatWitness ⊕ y.satWitness), nil)
        case .orI:
            let (x, y) = (sub(0), sub(1))
            return make(3 + x.opCount + y.opCount, x.satOps ∨ y.satOps, x.dsatOps ∨ y.dsatOps,
                        Trace.opIf ⊕ (x.satStack ∨ y.satStack), Trace.opIf ⊕ (x.dsatStack ∨ y.dsatStack),
                        (x.satWitness ⊕ 2) ∨ (y.satWitness ⊕ 1), (x.dsatWitness ⊕ 2) ∨ (y.dsatWitness ⊕ 1))
        case .andor:
            let (x, y, z) = (sub(0), sub(1), sub(2))
            return make(3 + x.opCount + y.opCount + z.opCount,
                        (y.satOps ⊕ x.satOps) ∨ (x.dsatOps ⊕ z.satOps), x.dsatOps ⊕ z.dsatOps,
                        (x.satStack ⊕ Trace.opIf ⊕ y.satStack) ∨ (x.dsatStack ⊕ Trace.opIf ⊕ z.satStack),
                        x.dsatStack ⊕ Trace.opIf ⊕ z.dsatStack,
                        (x.satWitness ⊕ y.satWitness) ∨ (x.dsatWitness ⊕ z.satWitness), x.dsatWitness ⊕ z.dsatWitness)
        case .multi:
            // Starts with k+1 elements (dummy and k signatures), peaks after pushing n keys, k and n, ends with 1.
            let trace = Trace(netDiff: k, exec: k + keyCount + 2)
            return make(1, keyCount, keyCount, trace, trace, k * sigSize + 1, k + 1)
        case .multiA:
            let trace = Trace(netDiff: keyCount - 1, exec: keyCount)
            return make(keyCount + 1, 0, 0, trace, trace, k * sigSize + keyCount - k, keyCount)
        case .wrapA, .wrapN, .wrapS:
            let x = sub(0)
            return make((fragment == .wrapA ? 2 : 1) + x.opCount, x.satOps, x.dsatOps, x.satStack, x.dsatStack,
                        x.satWitness, x.dsatWitness)
        case .wrapC:
            let x = sub(0)
            return make(1 + x.opCount, x.satOps, x.dsatOps, x.satStack ⊕ Trace.checkSig, x.dsatStack ⊕ Trace.checkSig,
                        x.satWitness, x.dsatWitness)
        case .wrapD:
            let x = sub(0)
            return make(3 + x.opCount, x.satOps, 0, Trace.dup ⊕ Trace.opIf ⊕ x.satStack, Trace.dup + .opIf,
                        2 ⊕ x.satWitness, 1)
        case .wrapV:
            let x = sub(0)
            return make(x.opCount + (subTypes[0].has(.x) ? 1 : 0), x.satOps, nil, x.satStack ⊕ Trace.verify, nil,
                        x.satWitness, nil)
        case .wrapJ:
            let x = sub(0)
            return make(4 + x.opCount, x.satOps, 0, Trace.size ⊕ Trace.zeroNotEqual ⊕ Trace.opIf ⊕ x.satStack,
                        Trace.size + .zeroNotEqual + .opIf, x.satWitness, 1)
        case .thresh:
            return threshold(subs: subs, k: k)
        }
    }

    /// The thresh bounds: dynamic programming over "j of the first i subexpressions satisfied", updated in
    /// place from the top down. Only counts up to k matter for the result, so the tables stop there (Core keeps
    /// all n+1); the work is O(n·k) either way.
    static func threshold(subs: [MiniscriptResources], k: Int) -> MiniscriptResources {
        var count = 0
        var ops: [Int?] = [0]
        var stacks: [Trace?] = [Trace.empty]
        var witnesses: [Int?] = [0]
        for (i, sub) in subs.enumerated() {
            count += sub.opCount + 1
            let add: Trace = i > 0 ? .binaryOp : .empty
            if ops.count <= k {
                ops.append(nil); stacks.append(nil); witnesses.append(nil)
            }
            // New entry j: this one dissatisfied after j satisfactions, or satisfied after j-1.
            for j in stride(from: ops.count - 1, through: 0, by: -1) {
                let previous = j - 1
                ops[j] = (ops[j] ⊕ sub.dsatOps) ∨ (previous >= 0 ? ops[previous] ⊕ sub.satOps : nil)
                stacks[j] = ((stacks[j] ⊕ sub.dsatStack) ∨ (previous >= 0 ? stacks[previous] ⊕ sub.satStack : nil)) ⊕ add
                witnesses[j] = (witnesses[j] ⊕ sub.dsatWitness) ∨ (previous >= 0 ? witnesses[previous] ⊕ sub.satWitness : nil)
            }
        }
        let tail = Trace.push + .equal
        let satisfiable = k < ops.count
        return MiniscriptResources(opCount: count,
                                   satOps: satisfiable ? ops[k] : nil, dsatOps: ops[0],
                                   satStack: satisfiable ? stacks[k] ⊕ tail : nil, dsatStack: stacks[0] ⊕ tail,
                                   satWitness: satisfiable ? witnesses[k] : nil, dsatWitness: witnesses[0])
    }
}
