import SovPrimitives

extension Miniscript {
    /// The script this expression stands for (Core's `ToScript`).
    public var script: Script { Script(MiniscriptScriptEncoder(miniscript: self).encode()) }
}

/// Core's `ToScript` without recursion: each node expands into opcodes, pushes and child slots.
struct MiniscriptScriptEncoder {
    let miniscript: Miniscript
    var arena: MiniscriptArena { miniscript.arena }

    enum Piece {
        case opcode(UInt8)
        case push([UInt8])
        case number(Int64)
        /// A child, and whether an OP_VERIFY follows it (then its last opcode takes its -VERIFY form).
        case node(Int, verify: Bool)
    }

    func encode() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(miniscript.scriptSize)
        var work: [Piece] = [.node(miniscript.root, verify: false)]
        while let piece = work.popLast() {
            switch piece {
            case .opcode(let opcode): out.append(opcode)
            case .push(let data): MiniscriptScriptEncoder.appendPush(data, to: &out)
            case .number(let n): MiniscriptScriptEncoder.appendNumber(n, to: &out)
            case .node(let index, let verify): work.append(contentsOf: expand(index, verify: verify).reversed())
            }
        }
        return out
    }

    /// Core's `CScript << vector`: the shortest push opcode for the size.
    static func appendPush(_ data: [UInt8], to out: inout [UInt8]) {
        switch data.count {
        case 0..<Int(Opcode.pushData1): out.append(UInt8(data.count))
        case ...0xff: out.append(Opcode.pushData1); out.append(UInt8(data.count))
        case ...0xffff: out.append(Opcode.pushData2); out.append(UInt8(data.count & 0xff)); out.append(UInt8(data.count >> 8))
        default:
            out.append(Opcode.pushData4)
            for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: data.count >> shift)) }
        }
        out.append(contentsOf: data)
    }

    /// Core's `CScript << int64`: OP_1NEGATE, OP_0, OP_1..OP_16, or a push of the script number.
    static func appendNumber(_ n: Int64, to out: inout [UInt8]) {
        if n == -1 || (n >= 1 && n <= 16) {
            out.append(UInt8(truncatingIfNeeded: n + 0x50))
        } else if n == 0 {
            out.append(Opcode.op0)
        } else {
            appendPush(ScriptNumber.encode(n), to: &out)
        }
    }

    func expand(_ index: Int, verify: Bool) -> [Piece] {
        typealias D = MiniscriptScriptDecoder
        let node = arena[index]
        func child(_ i: Int, verify: Bool = false) -> Piece { .node(node.subs[i], verify: verify) }
        func hash(_ opcode: UInt8) -> [Piece] {
            [.opcode(D.opSize), .number(32), .opcode(D.opEqualVerify), .opcode(opcode), .push(node.data),
             .opcode(verify ? D.opEqualVerify : D.opEqual)]
        }
        switch node.fragment {
        case .pkK: return [.push(miniscript.scriptKey(node.keys[0]))]
        case .pkH:
            return [.opcode(D.opDup), .opcode(D.opHash160), .push(Hashes.hash160(miniscript.scriptKey(node.keys[0]))),
                    .opcode(D.opEqualVerify)]
        case .older: return [.number(Int64(node.k)), .opcode(D.opCheckSequenceVerify)]
        case .after: return [.number(Int64(node.k)), .opcode(D.opCheckLockTimeVerify)]
        case .sha256: return hash(D.opSha256)
        case .ripemd160: return hash(D.opRipemd160)
        case .hash256: return hash(D.opHash256)
        case .hash160: return hash(D.opHash160)
        case .wrapA: return [.opcode(D.opToAltStack), child(0), .opcode(D.opFromAltStack)]
        case .wrapS: return [.opcode(D.opSwap), child(0, verify: verify)]
        case .wrapC: return [child(0), .opcode(verify ? D.opCheckSigVerify : D.opCheckSig)]
        case .wrapD: return [.opcode(D.opDup), .opcode(D.opIf), child(0), .opcode(D.opEndIf)]
        case .wrapV:
            if arena[node.subs[0]].type.has(.x) { return [child(0, verify: true), .opcode(D.opVerify)] }
            return [child(0, verify: true)]
        case .wrapJ: return [.opcode(D.opSize), .opcode(D.op0NotEqual), .opcode(D.opIf), child(0), .opcode(D.opEndIf)]
        case .wrapN: return [child(0), .opcode(D.op0NotEqual)]
        case .just1: return [.opcode(D.op1)]
        case .just0: return [.opcode(D.op0)]
        case .andV: return [child(0), child(1, verify: verify)]
        case .andB: return [child(0), child(1), .opcode(D.opBoolAnd)]
        case .orB: return [child(0), child(1), .opcode(D.opBoolOr)]
        case .orD: return [child(0), .opcode(D.opIfDup), .opcode(D.opNotIf), child(1), .opcode(D.opEndIf)]
        case .orC: return [child(0), .opcode(D.opNotIf), child(1), .opcode(D.opEndIf)]
        case .orI: return [.opcode(D.opIf), child(0), .opcode(D.opElse), child(1), .opcode(D.opEndIf)]
        case .andor: return [child(0), .opcode(D.opNotIf), child(2), .opcode(D.opElse), child(1), .opcode(D.opEndIf)]
        case .multi:
            return [.number(Int64(node.k))] + node.keys.map { .push(miniscript.scriptKey($0)) }
                + [.number(Int64(node.keys.count)), .opcode(verify ? D.opCheckMultisigVerify : D.opCheckMultisig)]
        case .multiA:
            var pieces: [Piece] = []
            for (i, key) in node.keys.enumerated() {
                pieces.append(.push(miniscript.scriptKey(key)))
                pieces.append(.opcode(i == 0 ? D.opCheckSig : D.opCheckSigAdd))
            }
            return pieces + [.number(Int64(node.k)), .opcode(verify ? D.opNumEqualVerify : D.opNumEqual)]
        case .thresh:
            var pieces: [Piece] = [child(0)]
            for i in 1..<max(node.subs.count, 1) { pieces += [child(i), .opcode(D.opAdd)] }
            return pieces + [.number(Int64(node.k)), .opcode(verify ? D.opEqualVerify : D.opEqual)]
        }
    }
}
