/// A Bitcoin script: raw bytes, with Core's parsing rules for reading operations.
public struct Script: Hashable, Sendable {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init?(hex: String) {
        guard let b = [UInt8](hex: hex) else { return nil }
        bytes = b
    }

    public static let maxSize = 10_000

    public var hex: String { bytes.hex }
    public var count: Int { bytes.count }
    public var isEmpty: Bool { bytes.isEmpty }

    /// One operation: the opcode and, for pushes, the data.
    public struct Operation: Sendable, Equatable {
        public var opcode: UInt8
        public var data: ArraySlice<UInt8>
        public var isPush: Bool { opcode <= Opcode.pushData4 }
    }

    /// Reads the operation at `index` (Core's `GetScriptOp`); nil when a push runs past the end.
    public func operation(at index: inout Int) -> Operation? {
        guard index < bytes.count else { return nil }
        let opcode = bytes[index]
        index += 1
        guard opcode <= Opcode.pushData4 else { return Operation(opcode: opcode, data: []) }
        var size = 0
        switch opcode {
        case Opcode.pushData1:
            guard index + 1 <= bytes.count else { return nil }
            size = Int(bytes[index]); index += 1
        case Opcode.pushData2:
            guard index + 2 <= bytes.count else { return nil }
            size = Int(bytes[index]) | Int(bytes[index + 1]) << 8; index += 2
        case Opcode.pushData4:
            guard index + 4 <= bytes.count else { return nil }
            size = Int(bytes[index]) | Int(bytes[index + 1]) << 8 | Int(bytes[index + 2]) << 16 | Int(bytes[index + 3]) << 24
            index += 4
        default:
            size = Int(opcode)
        }
        guard size <= bytes.count - index else { return nil }
        defer { index += size }
        return Operation(opcode: opcode, data: bytes[index..<index + size])
    }

    /// All operations, or nil if the script does not parse to the end.
    public var operations: [Operation]? {
        var ops: [Operation] = []
        var i = 0
        while i < bytes.count {
            guard let op = operation(at: &i) else { return nil }
            ops.append(op)
        }
        return ops
    }

    /// Core's `HasValidOps`: every operation parses and no opcode is above OP_NOP10 (pushes aside).
    public var hasValidOps: Bool {
        var i = 0
        while i < bytes.count {
            guard let op = operation(at: &i), op.opcode <= Opcode.maxOpcode else { return false }
        }
        return true
    }

    /// Core's `IsPushOnly` from `start`: only push opcodes (OP_0..OP_16, OP_1NEGATE, OP_RESERVED included).
    public func isPushOnly(from start: Int = 0) -> Bool {
        var i = start
        while i < bytes.count {
            guard let op = operation(at: &i), op.opcode <= Opcode.op16 else { return false }
        }
        return true
    }

    /// Core's `IsUnspendable`: starts with OP_RETURN or is larger than the consensus limit.
    public var isUnspendable: Bool {
        (!bytes.isEmpty && bytes[0] == Opcode.opReturn) || bytes.count > Script.maxSize
    }

    /// A witness program `(version, program)` when the script is one (BIP141's pattern).
    public var witnessProgram: (version: Int, program: [UInt8])? {
        guard bytes.count >= 4, bytes.count <= 42 else { return nil }
        let first = bytes[0]
        guard first == Opcode.op0 || (first >= Opcode.op1 && first <= Opcode.op16) else { return nil }
        guard Int(bytes[1]) + 2 == bytes.count else { return nil }
        return (first == 0 ? 0 : Int(first) - 0x50, Array(bytes[2...]))
    }

    public var isPayToScriptHash: Bool {
        bytes.count == 23 && bytes[0] == Opcode.opHash160 && bytes[1] == 0x14 && bytes[22] == Opcode.opEqual
    }

    /// The pay-to-anchor output `OP_1 <0x4e73>`.
    public var isPayToAnchor: Bool { bytes == [0x51, 0x02, 0x4e, 0x73] }

    /// Core's `ScriptToAsmStr`. With `decodeSighash`, signature-shaped pushes get a `[ALL]`-style suffix.
    public func asm(decodeSighash: Bool = false) -> String {
        var out = ""
        var i = 0
        let unspendable = isUnspendable
        while i < bytes.count {
            if !out.isEmpty { out += " " }
            guard let op = operation(at: &i) else {
                out += "[error]"
                return out
            }
            if op.isPush {
                if op.data.count <= 4 {
                    out += String(ScriptNumber.decodeUnchecked(op.data).clampedToInt32)
                } else if decodeSighash && !unspendable, let suffix = Self.sighashSuffix(op.data) {
                    out += op.data.dropLast().hex + suffix
                } else {
                    out += op.data.hex
                }
            } else {
                out += Opcode.name(op.opcode)
            }
        }
        return out
    }

    static let sighashNames: [UInt8: String] = [
        0x01: "ALL", 0x81: "ALL|ANYONECANPAY", 0x02: "NONE", 0x82: "NONE|ANYONECANPAY",
        0x03: "SINGLE", 0x83: "SINGLE|ANYONECANPAY",
    ]

    /// Core's `SighashToStr`: the name of a hash type byte (`ALL`, `NONE|ANYONECANPAY`, ...), or nil for
    /// a byte that names no hash type (Core prints an empty string for those).
    public static func sighashName(_ hashType: UInt8) -> String? { sighashNames[hashType] }

    /// `[NAME]` when `data` passes Core's STRICTENC signature check with a defined hash type.
    static func sighashSuffix(_ data: ArraySlice<UInt8>) -> String? {
        let sig = Array(data)
        guard SignatureEncoding.isStrictlyEncoded(sig), let last = sig.last, let name = sighashNames[last] else { return nil }
        return "[" + name + "]"
    }
}

extension Script: CustomStringConvertible {
    public var description: String { asm() }
}
