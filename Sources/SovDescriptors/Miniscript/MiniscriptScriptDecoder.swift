import SovPrimitives

extension Miniscript {
    /// Reads a script as miniscript (Core's `FromScript`); nil unless the whole script decodes to a valid
    /// top-level expression.
    ///
    /// Keys pushed in the script are taken as they are (33 bytes with an 02/03 header under P2WSH, any 32
    /// bytes under Tapscript), as Core's descriptor inference does. A `pk_h` needs its key: `keyForHash` is
    /// asked for the key whose HASH160 is in the script; without an answer the script does not decode, as in
    /// Core when the signing provider does not know the key.
    public static func decode(_ script: Script, context: Context,
                              keyForHash: (([UInt8]) -> [UInt8]?)? = nil) -> Miniscript? {
        guard script.count <= maxScriptSize(context), let ops = MiniscriptScriptDecoder.decompose(script) else { return nil }
        var decoder = MiniscriptScriptDecoder(ops: ops, context: context, keyForHash: keyForHash)
        guard let root = decoder.run(), decoder.position == ops.count else { return nil }
        let result = Miniscript(arena: decoder.arena, root: root)
        return result.isValidTopLevel ? result : nil
    }
}

/// Core's `DecodeScript`: a state machine over the script's operations read backwards.
struct MiniscriptScriptDecoder {
    /// An operation with the data it pushes (OP_1..OP_16 push their number).
    struct Op {
        var opcode: UInt8
        var data: [UInt8]
    }

    enum Step {
        /// One B, K or V expression (not an and_v, not W).
        case singleBKV
        /// B/K/V expressions possibly joined by and_v.
        case bkv
        /// A W expression (a: or s:).
        case w
        /// Expects OP_SWAP / OP_TOALTSTACK, then wraps the newest node in s: / a:.
        case swap, alt
        /// Wraps the newest node (c:, d:, v:, j:, n:).
        case wrap(MiniscriptFragment)
        /// Joins the two newest nodes, newest first (and_v, and_b, or_b, or_c, or_d).
        case combine(MiniscriptFragment)
        /// Reads another and_v operand if the script allows one.
        case maybeAndV
        /// Joins the three newest nodes into andor.
        case andor
        /// thresh: n subexpressions read so far, threshold k.
        case threshW(n: Int, k: Int64)
        case threshE(n: Int, k: Int64)
        case endif, endifNotIf, endifElse
    }

    /// The reversed operations.
    let ops: [Op]
    let context: Miniscript.Context
    let keyForHash: (([UInt8]) -> [UInt8]?)?
    var arena: MiniscriptArena
    var position = 0

    init(ops: [Op], context: Miniscript.Context, keyForHash: (([UInt8]) -> [UInt8]?)?) {
        self.ops = ops
        self.context = context
        self.keyForHash = keyForHash
        arena = MiniscriptArena(context: context)
    }

    // Opcodes used here.
    static let op0: UInt8 = 0x00, op1: UInt8 = 0x51
    static let opIf: UInt8 = 0x63, opNotIf: UInt8 = 0x64, opElse: UInt8 = 0x67, opEndIf: UInt8 = 0x68
    static let opVerify: UInt8 = 0x69, opToAltStack: UInt8 = 0x6b, opFromAltStack: UInt8 = 0x6c
    static let opIfDup: UInt8 = 0x73, opDup: UInt8 = 0x76, opSwap: UInt8 = 0x7c, opSize: UInt8 = 0x82
    static let opEqual: UInt8 = 0x87, opEqualVerify: UInt8 = 0x88, op0NotEqual: UInt8 = 0x92, opAdd: UInt8 = 0x93
    static let opBoolAnd: UInt8 = 0x9a, opBoolOr: UInt8 = 0x9b, opNumEqual: UInt8 = 0x9c, opNumEqualVerify: UInt8 = 0x9d
    static let opRipemd160: UInt8 = 0xa6, opSha256: UInt8 = 0xa8, opHash160: UInt8 = 0xa9, opHash256: UInt8 = 0xaa
    static let opCheckSig: UInt8 = 0xac, opCheckSigVerify: UInt8 = 0xad
    static let opCheckMultisig: UInt8 = 0xae, opCheckMultisigVerify: UInt8 = 0xaf
    static let opCheckLockTimeVerify: UInt8 = 0xb1, opCheckSequenceVerify: UInt8 = 0xb2, opCheckSigAdd: UInt8 = 0xba

    /// The last opcode of the c:, v: and n: wrappers.
    static let wrapperEndings: [UInt8: MiniscriptFragment] = [opCheckSig: .wrapC, opVerify: .wrapV, op0NotEqual: .wrapN]
    /// Opcodes that cannot end a miniscript, so cannot end the left side of an and_v.
    static let cannotEndExpression: Set<UInt8> = [opIf, opElse, opNotIf, opToAltStack, opSwap]

    /// Core's `DecomposeScript`: the operations in reverse order, -VERIFY opcodes split into their base
    /// opcode and OP_VERIFY; nil for unparsable scripts, non-minimal pushes and `<op> OP_VERIFY` where a
    /// -VERIFY opcode exists.
    static func decompose(_ script: Script) -> [Op]? {
        var out: [Op] = []
        var index = 0
        let bytes = script.bytes
        while index < bytes.count {
            guard let operation = script.operation(at: &index) else { return nil }
            var opcode = operation.opcode
            var data = Array(operation.data)
            switch opcode {
            case Opcode.op1...Opcode.op16:
                data = [opcode - 0x50]
            case opCheckSigVerify:
                out.append(Op(opcode: opCheckSig, data: [])); opcode = opVerify
            case opCheckMultisigVerify:
                out.append(Op(opcode: opCheckMultisig, data: [])); opcode = opVerify
            case opEqualVerify:
                out.append(Op(opcode: opEqual, data: [])); opcode = opVerify
            case opNumEqualVerify:
                out.append(Op(opcode: opNumEqual, data: [])); opcode = opVerify
            case 0x01...Opcode.pushData4:
                guard PushEncoding.isMinimalPush(operation) else { return nil }
            case opCheckSig, opCheckMultisig, opEqual, opNumEqual:
                if index < bytes.count && bytes[index] == opVerify { return nil }
            default:
                break
            }
            out.append(Op(opcode: opcode, data: data))
        }
        return out.reversed()
    }

    /// Core's `ParseScriptNumber`: OP_0, OP_1..OP_16, or a minimal push of a minimal number of up to 4 bytes.
    static func number(_ op: Op) -> Int64? {
        if op.opcode == op0 { return 0 }
        guard !op.data.isEmpty, op.data.count <= 4, ScriptNumber.isMinimal(op.data) else { return nil }
        return ScriptNumber.decodeUnchecked(op.data)
    }

    var remaining: Int { ops.count - position }
    func op(_ offset: Int) -> Op { ops[position + offset] }

    /// Core's `FromPKBytes` for the decoding context.
    func keyFromPush(_ data: [UInt8]) -> [UInt8]? {
        switch context {
        case .p2wsh: return data.count == 33 && (data[0] == 2 || data[0] == 3) ? data : nil
        case .tapscript: return data.count == 32 ? data : nil
        }
    }

    /// Core's `FromPKHBytes`: the key must be known and usable in this context.
    func keyFromHash(_ hash: [UInt8]) -> [UInt8]? {
        guard let key = keyForHash?(hash), let header = key.first else { return nil }
        switch context {
        case .p2wsh: return key.count == 33 && (header == 2 || header == 3) ? key : nil
        case .tapscript: return key.count == 32 || (key.count == 33 && (header == 2 || header == 3)) ? key : nil
        }
    }

    /// Runs the state machine; the index of the single resulting node, or nil.
    mutating func run() -> Int? {
        var toParse: [Step] = [.bkv]
        var constructed: [Int] = []
        while let step = toParse.popLast() {
            // Stop early once the newest node can no longer be part of a valid miniscript.
            if let last = constructed.last, !arena.isValid(last) { return nil }
            switch step {
            case .singleBKV:
                guard decodeSingle(&toParse, &constructed) else { return nil }
            case .bkv:
                toParse.append(.maybeAndV)
                toParse.append(.singleBKV)
            case .w:
                guard remaining > 0 else { return nil }
                if op(0).opcode == Self.opFromAltStack {
                    position += 1
                    toParse.append(.alt)
                } else {
                    toParse.append(.swap)
                }
                toParse.append(.bkv)
            case .maybeAndV:
                if remaining > 0, !Self.cannotEndExpression.contains(op(0).opcode) {
                    toParse.append(.combine(.andV))
                    toParse.append(.bkv)
                }
            case .swap:
                guard remaining > 0, op(0).opcode == Self.opSwap, !constructed.isEmpty else { return nil }
                position += 1
                wrap(.wrapS, &constructed)
            case .alt:
                guard remaining > 0, op(0).opcode == Self.opToAltStack, !constructed.isEmpty else { return nil }
                position += 1
                wrap(.wrapA, &constructed)
            case .wrap(let fragment):
                guard !constructed.isEmpty else { return nil }
                wrap(fragment, &constructed)
            case .combine(let fragment):
                guard constructed.count >= 2 else { return nil }
                buildBackReversed(fragment, &constructed)
            case .andor:
                guard constructed.count >= 3 else { return nil }
                let left = constructed.removeLast()
                let right = constructed.removeLast()
                let mid = constructed.removeLast()
                constructed.append(arena.add(.andor, subs: [left, mid, right]))
            case .threshW(let n, let k):
                guard remaining > 0 else { return nil }
                if op(0).opcode == Self.opAdd {
                    position += 1
                    toParse.append(.threshW(n: n + 1, k: k))
                    toParse.append(.w)
                } else {
                    toParse.append(.threshE(n: n + 1, k: k))
                    // Every thresh child is d, so none is an and_v.
                    toParse.append(.singleBKV)
                }
            case .threshE(let n, let k):
                guard k >= 1, k <= Int64(n), constructed.count >= n else { return nil }
                var subs: [Int] = []
                subs.reserveCapacity(n)
                for _ in 0..<n { subs.append(constructed.removeLast()) }
                constructed.append(arena.add(.thresh, subs: subs, k: UInt32(k)))
            case .endif:
                guard remaining > 0 else { return nil }
                let opcode = op(0).opcode
                if opcode == Self.opElse {
                    // andor or or_i
                    position += 1
                    toParse.append(.endifElse)
                    toParse.append(.bkv)
                } else if opcode == Self.opIf {
                    // d: or j:
                    if remaining >= 2 && op(1).opcode == Self.opDup {
                        position += 2
                        toParse.append(.wrap(.wrapD))
                    } else if remaining >= 3 && op(1).opcode == Self.op0NotEqual && op(2).opcode == Self.opSize {
                        position += 3
                        toParse.append(.wrap(.wrapJ))
                    } else {
                        return nil
                    }
                } else if opcode == Self.opNotIf {
                    // or_c or or_d
                    position += 1
                    toParse.append(.endifNotIf)
                } else {
                    return nil
                }
            case .endifNotIf:
                guard remaining > 0 else { return nil }
                if op(0).opcode == Self.opIfDup {
                    position += 1
                    toParse.append(.combine(.orD))
                } else {
                    toParse.append(.combine(.orC))
                }
                // X of or_c and or_d is d, so not an and_v.
                toParse.append(.singleBKV)
            case .endifElse:
                guard remaining > 0 else { return nil }
                if op(0).opcode == Self.opIf {
                    position += 1
                    guard constructed.count >= 2 else { return nil }
                    buildBackReversed(.orI, &constructed)
                } else if op(0).opcode == Self.opNotIf {
                    position += 1
                    toParse.append(.andor)
                    // X of andor is d, so not an and_v.
                    toParse.append(.singleBKV)
                } else {
                    return nil
                }
            }
        }
        guard constructed.count == 1 else { return nil }
        return constructed[0]
    }

    mutating func wrap(_ fragment: MiniscriptFragment, _ constructed: inout [Int]) {
        let child = constructed.removeLast()
        constructed.append(arena.add(fragment, subs: [child]))
    }

    /// Core's `BuildBack` with `reverse`: the newest node is the first child (the script is read backwards).
    mutating func buildBackReversed(_ fragment: MiniscriptFragment, _ constructed: inout [Int]) {
        let child = constructed.removeLast()
        let other = constructed.removeLast()
        constructed.append(arena.add(fragment, subs: [child, other]))
    }

    /// The `SINGLE_BKV_EXPR` step: a leaf, or the end of a wrapper or combinator whose parts are queued.
    mutating func decodeSingle(_ toParse: inout [Step], _ constructed: inout [Int]) -> Bool {
        guard remaining > 0 else { return false }
        let first = op(0)
        // Constants
        if first.opcode == Self.op1 {
            position += 1
            constructed.append(arena.add(.just1))
            return true
        }
        if first.opcode == Self.op0 {
            position += 1
            constructed.append(arena.add(.just0))
            return true
        }
        // Public keys
        if first.data.count == 33 || first.data.count == 32 {
            guard let key = keyFromPush(first.data) else { return false }
            position += 1
            constructed.append(arena.add(.pkK, keys: [key]))
            return true
        }
        if remaining >= 5 && first.opcode == Self.opVerify && op(1).opcode == Self.opEqual
            && op(3).opcode == Self.opHash160 && op(4).opcode == Self.opDup && op(2).data.count == 20 {
            guard let key = keyFromHash(op(2).data) else { return false }
            position += 5
            constructed.append(arena.add(.pkH, keys: [key]))
            return true
        }
        // Time locks
        if remaining >= 2 && (first.opcode == Self.opCheckSequenceVerify || first.opcode == Self.opCheckLockTimeVerify),
           let n = Self.number(op(1)) {
            position += 2
            guard n >= 1 && n <= 0x7FFF_FFFF else { return false }
            constructed.append(arena.add(first.opcode == Self.opCheckSequenceVerify ? .older : .after, k: UInt32(n)))
            return true
        }
        // Hashes
        if remaining >= 7 && first.opcode == Self.opEqual && op(3).opcode == Self.opVerify && op(4).opcode == Self.opEqual
            && Self.number(op(5)) == 32 && op(6).opcode == Self.opSize {
            let hashes: [(UInt8, Int, MiniscriptFragment)] = [
                (Self.opSha256, 32, .sha256), (Self.opRipemd160, 20, .ripemd160),
                (Self.opHash256, 32, .hash256), (Self.opHash160, 20, .hash160),
            ]
            if let match = hashes.first(where: { op(2).opcode == $0.0 && op(1).data.count == $0.1 }) {
                constructed.append(arena.add(match.2, data: op(1).data))
                position += 7
                return true
            }
        }
        // multi
        if remaining >= 3 && first.opcode == Self.opCheckMultisig {
            guard context == .p2wsh, let n = Self.number(op(1)), Int64(remaining) >= 3 + n else { return false }
            guard n >= 1 && n <= Int64(Miniscript.maxPubkeysPerMultisig) else { return false }
            let count = Int(n)
            var keys: [[UInt8]] = []
            for i in 0..<count {
                guard op(2 + i).data.count == 33, let key = keyFromPush(op(2 + i).data) else { return false }
                keys.append(key)
            }
            guard let k = Self.number(op(2 + count)), k >= 1, k <= n else { return false }
            position += 3 + count
            constructed.append(arena.add(.multi, keys: keys.reversed(), k: UInt32(k)))
            return true
        }
        // multi_a, Tapscript's multi
        if remaining >= 4 && first.opcode == Self.opNumEqual {
            guard context == .tapscript, let k = Self.number(op(1)) else { return false }
            guard k >= 1 && k <= Int64(Miniscript.maxPubkeysPerMultiA), Int64(remaining) >= 2 + k * 2 else { return false }
            var keys: [[UInt8]] = []
            var offset = 2
            while true {
                guard remaining >= offset + 2 else { return false }
                let opcode = op(offset).opcode
                guard opcode == Self.opCheckSigAdd || opcode == Self.opCheckSig else { return false }
                guard op(offset + 1).data.count == 32, let key = keyFromPush(op(offset + 1).data) else { return false }
                keys.append(key)
                guard keys.count <= Miniscript.maxPubkeysPerMultiA else { return false }
                if opcode == Self.opCheckSig { break }
                offset += 2
            }
            guard keys.count >= Int(k) else { return false }
            position += 2 + keys.count * 2
            constructed.append(arena.add(.multiA, keys: keys.reversed(), k: UInt32(k)))
            return true
        }
        // Wrappers: and_v commutes with them (c:and_v(X,Y) is and_v(X,c:Y)), so only a single expression follows.
        if let wrapper = Self.wrapperEndings[first.opcode] {
            position += 1
            toParse.append(.wrap(wrapper))
            toParse.append(.singleBKV)
            return true
        }
        // thresh
        if remaining >= 3 && first.opcode == Self.opEqual, let k = Self.number(op(1)) {
            guard k >= 1 else { return false }
            position += 2
            toParse.append(.threshW(n: 0, k: k))
            return true
        }
        // OP_ENDIF closes j:, d:, andor, or_c, or_d or or_i.
        if first.opcode == Self.opEndIf {
            position += 1
            toParse.append(.endif)
            toParse.append(.bkv)
            return true
        }
        // and_b and or_b: the and_v stays outside (or_b(and_v(X,Y),Z) has the script of and_v(X,or_b(Y,Z))).
        if first.opcode == Self.opBoolAnd || first.opcode == Self.opBoolOr {
            position += 1
            toParse.append(.combine(first.opcode == Self.opBoolAnd ? .andB : .orB))
            toParse.append(.singleBKV)
            toParse.append(.w)
            return true
        }
        return false
    }
}
