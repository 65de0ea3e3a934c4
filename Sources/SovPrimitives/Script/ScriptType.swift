/// The standard output script templates, named as Bitcoin Core names them (`GetTxnOutputType`).
public enum ScriptType: String, Sendable, CaseIterable {
    case nonstandard
    case pubkey
    case pubkeyhash
    case scripthash
    case multisig
    case nulldata
    case anchor
    case witnessV0KeyHash = "witness_v0_keyhash"
    case witnessV0ScriptHash = "witness_v0_scripthash"
    case witnessV1Taproot = "witness_v1_taproot"
    case witnessUnknown = "witness_unknown"
}

/// The result of classifying a script (Core's `Solver`): its type and the data the template carries
/// (public keys, hashes, witness program; for multisig: required count, keys, key count).
public struct ScriptTemplate: Sendable, Equatable {
    public var type: ScriptType
    public var solutions: [[UInt8]]

    public init(_ script: Script) {
        (type, solutions) = ScriptTemplate.solve(script)
    }

    /// Public key sizes Core accepts by header byte (`CPubKey::ValidSize`).
    public static func isValidPubKeySize<C: Collection>(_ data: C) -> Bool where C.Element == UInt8 {
        guard let header = data.first else { return false }
        switch header {
        case 2, 3: return data.count == 33
        case 4, 6, 7: return data.count == 65
        default: return false
        }
    }

    static func solve(_ script: Script) -> (ScriptType, [[UInt8]]) {
        let b = script.bytes
        if script.isPayToScriptHash { return (.scripthash, [Array(b[2..<22])]) }
        if let (version, program) = script.witnessProgram {
            if version == 0 && program.count == 20 { return (.witnessV0KeyHash, [program]) }
            if version == 0 && program.count == 32 { return (.witnessV0ScriptHash, [program]) }
            if version == 1 && program.count == 32 { return (.witnessV1Taproot, [program]) }
            if script.isPayToAnchor { return (.anchor, []) }
            if version != 0 { return (.witnessUnknown, [[UInt8(version)], program]) }
            return (.nonstandard, [])
        }
        if !b.isEmpty && b[0] == Opcode.opReturn && script.isPushOnly(from: 1) { return (.nulldata, []) }
        if (b.count == 67 && b[0] == 65 || b.count == 35 && b[0] == 33) && b.last == Opcode.opCheckSig {
            let key = Array(b[1..<b.count - 1])
            if isValidPubKeySize(key) { return (.pubkey, [key]) }
        }
        if b.count == 25 && b[0] == Opcode.opDup && b[1] == Opcode.opHash160 && b[2] == 20
            && b[23] == Opcode.opEqualVerify && b[24] == Opcode.opCheckSig {
            return (.pubkeyhash, [Array(b[3..<23])])
        }
        if let multisig = matchMultisig(script) { return (.multisig, multisig) }
        return (.nonstandard, [])
    }

    /// Core's `MatchMultisig`: `m <keys...> n OP_CHECKMULTISIG` with 1 ≤ m ≤ n ≤ 20.
    static func matchMultisig(_ script: Script) -> [[UInt8]]? {
        guard let last = script.bytes.last, last == Opcode.opCheckMultisig else { return nil }
        var i = 0
        guard let first = script.operation(at: &i), let required = scriptNumber(first, min: 1, max: 20) else { return nil }
        var keys: [[UInt8]] = []
        var op = script.operation(at: &i)
        while let current = op, isValidPubKeySize(current.data) {
            keys.append(Array(current.data))
            op = script.operation(at: &i)
        }
        guard let countOp = op, let count = scriptNumber(countOp, min: required, max: 20), keys.count == count else { return nil }
        guard i + 1 == script.bytes.count else { return nil }
        return [[UInt8(required)]] + keys + [[UInt8(count)]]
    }

    /// Core's `GetScriptNumber`: a small-integer opcode or a minimal push of a minimal number.
    static func scriptNumber(_ op: Script.Operation, min: Int, max: Int) -> Int? {
        let value: Int
        if op.opcode >= Opcode.op1 && op.opcode <= Opcode.op16 {
            value = Int(op.opcode) - 0x50
        } else if op.opcode > 0 && op.opcode <= Opcode.pushData4 {
            guard PushEncoding.isMinimalPush(op), op.data.count <= 4, ScriptNumber.isMinimal(op.data) else { return nil }
            value = Int(ScriptNumber.decodeUnchecked(op.data))
        } else {
            return nil
        }
        return value >= min && value <= max ? value : nil
    }
}

/// Core's `CheckMinimalPush`.
public enum PushEncoding {
    public static func isMinimalPush(_ op: Script.Operation) -> Bool {
        let size = op.data.count
        if size == 0 { return op.opcode == Opcode.op0 }
        if size == 1 && op.data.first! >= 1 && op.data.first! <= 16 { return false }
        if size == 1 && op.data.first! == 0x81 { return false }
        if size <= 75 { return Int(op.opcode) == size }
        if size <= 255 { return op.opcode == Opcode.pushData1 }
        if size <= 65535 { return op.opcode == Opcode.pushData2 }
        return true
    }
}

extension ScriptNumber {
    /// Minimal encoding rule of `CScriptNum` with `fRequireMinimal`.
    public static func isMinimal<C: BidirectionalCollection>(_ data: C) -> Bool where C.Element == UInt8 {
        guard let last = data.last else { return true }
        if last & 0x7f == 0 {
            if data.count <= 1 { return false }
            if data[data.index(data.endIndex, offsetBy: -2)] & 0x80 == 0 { return false }
        }
        return true
    }
}
