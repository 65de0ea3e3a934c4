/// What is at hand to satisfy a miniscript for one spend (Core's satisfier context in `ProduceInput`):
/// signatures by key, preimages by hash, and whether the spending transaction meets a time lock.
///
/// Keys are asked for as the script holds them: 33-byte keys under P2WSH, 32-byte x-only keys under Tapscript.
public struct MiniscriptSatisfier {
    /// The signature (with its sighash byte) of `key`, nil when there is none.
    public var signature: ([UInt8]) -> [UInt8]?
    /// The 32-byte preimage of `hash` for a `sha256`, `hash256`, `ripemd160` or `hash160` fragment.
    public var preimage: (_ fragment: MiniscriptFragment, _ hash: [UInt8]) -> [UInt8]?
    /// Whether the input's nSequence meets `older(n)` (BIP68/BIP112).
    public var olderSatisfied: (UInt32) -> Bool
    /// Whether the transaction's nLockTime meets `after(n)` (BIP65).
    public var afterSatisfied: (UInt32) -> Bool

    public init(signature: @escaping ([UInt8]) -> [UInt8]?,
                preimage: @escaping (_ fragment: MiniscriptFragment, _ hash: [UInt8]) -> [UInt8]? = { _, _ in nil },
                olderSatisfied: @escaping (UInt32) -> Bool, afterSatisfied: @escaping (UInt32) -> Bool) {
        self.signature = signature
        self.preimage = preimage
        self.olderSatisfied = olderSatisfied
        self.afterSatisfied = afterSatisfied
    }
}

/// A non-malleable satisfaction of a miniscript: the witness stack (bottom first, without the script itself)
/// and what it relies on.
public struct MiniscriptSatisfaction: Sendable, Equatable {
    public let stack: [[UInt8]]
    /// The keys (as in the script) whose signatures it uses.
    public let signers: [[UInt8]]
    /// The `older(n)` and `after(n)` values on its path: the input's nSequence and the transaction's nLockTime
    /// must meet each of them.
    public let relativeLocks: [UInt32]
    public let absoluteLocks: [UInt32]
}

extension Miniscript {
    /// Every `older(n)` and `after(n)` value in the expression.
    public var timeLocks: (relative: [UInt32], absolute: [UInt32]) {
        var relative: [UInt32] = [], absolute: [UInt32] = []
        var stack = [root]
        while let index = stack.popLast() {
            let node = arena[index]
            if node.fragment == .older { relative.append(node.k) }
            if node.fragment == .after { absolute.append(node.k) }
            stack.append(contentsOf: node.subs)
        }
        return (relative, absolute)
    }

    /// The smallest non-malleable satisfaction with what `satisfier` has (Core's `Satisfy` with
    /// `nonmalleable = true`): nil when there is none, or when every one could be made without a signature.
    public func satisfy(_ satisfier: MiniscriptSatisfier) -> MiniscriptSatisfaction? {
        // Children always precede their parent in the arena, so one pass in index order sees every child first.
        var results: [(dissatisfied: WitnessChoice, satisfied: WitnessChoice)?] = Array(repeating: nil, count: root + 1)
        var needed = Set([root])
        for index in stride(from: root, through: 0, by: -1) where needed.contains(index) {
            needed.formUnion(arena[index].subs)
        }
        for index in 0...root where needed.contains(index) {
            let node = arena[index]
            let subs = node.subs.map { results[$0]! }
            results[index] = produce(node, subs, satisfier)
        }
        let satisfied = results[root]!.satisfied
        guard satisfied.available, !satisfied.malleable, satisfied.hasSignature else { return nil }
        return MiniscriptSatisfaction(stack: satisfied.stack, signers: satisfied.signers,
                                      relativeLocks: satisfied.relativeLocks, absoluteLocks: satisfied.absoluteLocks)
    }

    /// Core's `ProduceInputHelper`: a node's best dissatisfaction and satisfaction from its children's.
    private func produce(_ node: MiniscriptNode, _ subs: [(dissatisfied: WitnessChoice, satisfied: WitnessChoice)],
                         _ satisfier: MiniscriptSatisfier) -> (dissatisfied: WitnessChoice, satisfied: WitnessChoice) {
        typealias W = WitnessChoice
        func signed(_ key: [UInt8]) -> W {
            let scriptKey = scriptKey(key)
            guard let signature = satisfier.signature(scriptKey) else { return .invalid }
            return W(item: signature, signer: scriptKey)
        }
        switch node.fragment {
        case .just0: return (.empty, .invalid)
        case .just1: return (.invalid, .empty)
        case .pkK: return (.zero, signed(node.keys[0]))
        case .pkH:
            let key = W(item: scriptKey(node.keys[0]))
            return (.zero + key, signed(node.keys[0]) + key)
        case .older:
            return (.invalid, satisfier.olderSatisfied(node.k) ? W(relativeLock: node.k) : .invalid)
        case .after:
            return (.invalid, satisfier.afterSatisfied(node.k) ? W(absoluteLock: node.k) : .invalid)
        case .sha256, .hash256, .ripemd160, .hash160:
            let preimage = satisfier.preimage(node.fragment, node.data)
            return (.zero32, preimage.map { W(item: $0) } ?? .invalid)
        case .multi:
            // best[j]: the best stack with j signatures among the keys seen so far, after the dummy element.
            var best: [W] = [.zero]
            for key in node.keys {
                let signature = signed(key)
                var next = [best[0]]
                for j in 1..<best.count { next.append(best[j] | (best[j - 1] + signature)) }
                next.append(best[best.count - 1] + signature)
                best = next
            }
            var dissatisfied = W.zero
            for _ in 0..<node.k { dissatisfied = dissatisfied + .zero }
            return (dissatisfied, best[Int(node.k)])
        case .multiA:
            // Keys in reverse: the first key's signature ends on top of the stack.
            var best: [W] = [.empty]
            for key in node.keys.reversed() {
                let signature = signed(key)
                var next = [best[0] + .zero]
                for j in 1..<best.count { next.append((best[j] + .zero) | (best[j - 1] + signature)) }
                next.append(best[best.count - 1] + signature)
                best = next
            }
            var dissatisfied = W.empty
            for _ in node.keys { dissatisfied = dissatisfied + .zero }
            return (dissatisfied, best[Int(node.k)])
        case .thresh:
            var best: [W] = [.empty]
            for sub in subs.reversed() {
                var next = [best[0] + sub.dissatisfied]
                for j in 1..<best.count { next.append((best[j] + sub.dissatisfied) | (best[j - 1] + sub.satisfied)) }
                next.append(best[best.count - 1] + sub.satisfied)
                best = next
            }
            var dissatisfied = W.invalid
            for (count, stack) in best.enumerated() where count != Int(node.k) {
                // Dissatisfying with some but not k satisfied is malleable (the all-dissatisfied form always exists).
                dissatisfied = dissatisfied | (count == 0 ? stack : stack.markedMalleable())
            }
            return (dissatisfied, best[Int(node.k)])
        case .andV:
            let (x, y) = (subs[0], subs[1])
            return (y.dissatisfied + x.satisfied, y.satisfied + x.satisfied)
        case .andB:
            let (x, y) = (subs[0], subs[1])
            return ((y.dissatisfied + x.dissatisfied) | (y.satisfied + x.dissatisfied).markedMalleable()
                        | (y.dissatisfied + x.satisfied).markedMalleable(),
                    y.satisfied + x.satisfied)
        case .orB:
            let (x, z) = (subs[0], subs[1])
            return (z.dissatisfied + x.dissatisfied,
                    (z.dissatisfied + x.satisfied) | (z.satisfied + x.dissatisfied) | (z.satisfied + x.satisfied).markedMalleable())
        case .orC:
            let (x, z) = (subs[0], subs[1])
            return (.invalid, x.satisfied | (z.satisfied + x.dissatisfied))
        case .orD:
            let (x, z) = (subs[0], subs[1])
            return (z.dissatisfied + x.dissatisfied, x.satisfied | (z.satisfied + x.dissatisfied))
        case .andor:
            let (x, y, z) = (subs[0], subs[1], subs[2])
            return ((y.dissatisfied + x.satisfied) | (z.dissatisfied + x.dissatisfied),
                    (y.satisfied + x.satisfied) | (z.satisfied + x.dissatisfied))
        case .orI:
            let (x, z) = (subs[0], subs[1])
            return ((x.dissatisfied + .one) | (z.dissatisfied + .zero), (x.satisfied + .one) | (z.satisfied + .zero))
        case .wrapA, .wrapS, .wrapC, .wrapN:
            return subs[0]
        case .wrapD:
            return (.zero, subs[0].satisfied + .one)
        case .wrapV:
            return (.invalid, subs[0].satisfied)
        case .wrapJ:
            let x = subs[0]
            // A third party could also dissatisfy X itself when that needs no signature.
            let dissatisfied = x.dissatisfied.available && !x.dissatisfied.hasSignature ? W.zero.markedMalleable() : W.zero
            return (dissatisfied, x.satisfied)
        }
    }
}

/// One candidate witness for a node (Core's `InputStack`): available or not, whether it holds a signature,
/// whether a third party could change it, its size, its elements, and what it relies on.
struct WitnessChoice {
    var available = true
    var hasSignature = false
    var malleable = false
    var size = 0
    var stack: [[UInt8]] = []
    var signers: [[UInt8]] = []
    var relativeLocks: [UInt32] = []
    var absoluteLocks: [UInt32] = []

    init() {}

    init(item: [UInt8], signer: [UInt8]? = nil) {
        size = item.count + 1
        stack = [item]
        if let signer { hasSignature = true; signers = [signer] }
    }

    init(relativeLock: UInt32) { relativeLocks = [relativeLock] }
    init(absoluteLock: UInt32) { absoluteLocks = [absoluteLock] }

    static let empty = WitnessChoice()
    static let invalid: WitnessChoice = { var w = WitnessChoice(); w.available = false; return w }()
    static let zero = WitnessChoice(item: [])
    static let one = WitnessChoice(item: [1])
    static let zero32 = WitnessChoice(item: [UInt8](repeating: 0, count: 32)).markedMalleable()

    func markedMalleable() -> WitnessChoice {
        var copy = self
        copy.malleable = true
        return copy
    }

    /// `a` below `b` on the stack: both are needed (Core's `operator+`).
    static func + (a: WitnessChoice, b: WitnessChoice) -> WitnessChoice {
        guard a.available, b.available else { return .invalid }
        var result = a
        result.hasSignature = a.hasSignature || b.hasSignature
        result.malleable = a.malleable || b.malleable
        result.size = a.size + b.size
        result.stack += b.stack
        result.signers += b.signers
        result.relativeLocks += b.relativeLocks
        result.absoluteLocks += b.absoluteLocks
        return result
    }

    /// The better of two alternatives (Core's `operator|`): an available one; one a third party cannot
    /// replace by the other (the one without a signature, when only one has one); a non-malleable one; the smaller.
    static func | (a: WitnessChoice, b: WitnessChoice) -> WitnessChoice {
        guard a.available else { return b }
        guard b.available else { return a }
        if !a.hasSignature && b.hasSignature { return a }
        if !b.hasSignature && a.hasSignature { return b }
        var a = a, b = b
        if !a.hasSignature && !b.hasSignature {
            // Neither needs a signature: whichever is chosen, a third party could use the other.
            a.malleable = true
            b.malleable = true
        } else {
            if b.malleable && !a.malleable { return a }
            if a.malleable && !b.malleable { return b }
        }
        return a.size <= b.size ? a : b
    }
}
