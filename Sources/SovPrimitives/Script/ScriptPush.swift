extension Script {
    /// The bytes of a minimal data push (Core's `CScript << vector`): direct for up to 75 bytes, then
    /// OP_PUSHDATA1/2/4.
    public static func pushData<C: Collection>(_ data: C) -> [UInt8] where C.Element == UInt8 {
        let n = data.count
        var out: [UInt8]
        switch n {
        case 0..<Int(Opcode.pushData1): out = [UInt8(n)]
        case ...0xff: out = [Opcode.pushData1, UInt8(n)]
        case ...0xffff: out = [Opcode.pushData2, UInt8(n & 0xff), UInt8(n >> 8)]
        default: out = [Opcode.pushData4, UInt8(n & 0xff), UInt8(n >> 8 & 0xff), UInt8(n >> 16 & 0xff), UInt8(n >> 24 & 0xff)]
        }
        out.append(contentsOf: data)
        return out
    }

    /// The bytes that push the number `value` (Core's `CScript << int64_t`): OP_0, OP_1NEGATE, OP_1…OP_16,
    /// or a minimal script-number push.
    public static func pushNumber(_ value: Int64) -> [UInt8] {
        if value == 0 { return [Opcode.op0] }
        if value == -1 { return [Opcode.op1Negate] }
        if value >= 1 && value <= 16 { return [Opcode.op1 + UInt8(value - 1)] }
        return pushData(ScriptNumber.encode(value))
    }
}
