/// Script opcodes and their names as Bitcoin Core prints them (`GetOpName`).
public enum Opcode {
    public static let op0: UInt8 = 0x00
    public static let pushData1: UInt8 = 0x4c
    public static let pushData2: UInt8 = 0x4d
    public static let pushData4: UInt8 = 0x4e
    public static let op1Negate: UInt8 = 0x4f
    public static let op1: UInt8 = 0x51
    public static let op16: UInt8 = 0x60
    public static let opReturn: UInt8 = 0x6a
    public static let opDup: UInt8 = 0x76
    public static let opEqual: UInt8 = 0x87
    public static let opEqualVerify: UInt8 = 0x88
    public static let opHash160: UInt8 = 0xa9
    public static let opCodeSeparator: UInt8 = 0xab
    public static let opCheckSig: UInt8 = 0xac
    public static let opCheckMultisig: UInt8 = 0xae
    public static let opCheckSigAdd: UInt8 = 0xba
    /// The highest opcode Core counts as valid (`MAX_OPCODE` = OP_NOP10).
    public static let maxOpcode: UInt8 = 0xb9
    public static let invalidOpcode: UInt8 = 0xff

    private static let names: [String] = {
        var n = [String](repeating: "OP_UNKNOWN", count: 256)
        n[0x00] = "0"
        n[0x4c] = "OP_PUSHDATA1"; n[0x4d] = "OP_PUSHDATA2"; n[0x4e] = "OP_PUSHDATA4"; n[0x4f] = "-1"
        n[0x50] = "OP_RESERVED"
        for i in 1...16 { n[0x50 + i] = String(i) }
        let rest: [(Int, String)] = [
            (0x61, "OP_NOP"), (0x62, "OP_VER"), (0x63, "OP_IF"), (0x64, "OP_NOTIF"), (0x65, "OP_VERIF"),
            (0x66, "OP_VERNOTIF"), (0x67, "OP_ELSE"), (0x68, "OP_ENDIF"), (0x69, "OP_VERIFY"), (0x6a, "OP_RETURN"),
            (0x6b, "OP_TOALTSTACK"), (0x6c, "OP_FROMALTSTACK"), (0x6d, "OP_2DROP"), (0x6e, "OP_2DUP"),
            (0x6f, "OP_3DUP"), (0x70, "OP_2OVER"), (0x71, "OP_2ROT"), (0x72, "OP_2SWAP"), (0x73, "OP_IFDUP"),
            (0x74, "OP_DEPTH"), (0x75, "OP_DROP"), (0x76, "OP_DUP"), (0x77, "OP_NIP"), (0x78, "OP_OVER"),
            (0x79, "OP_PICK"), (0x7a, "OP_ROLL"), (0x7b, "OP_ROT"), (0x7c, "OP_SWAP"), (0x7d, "OP_TUCK"),
            (0x7e, "OP_CAT"), (0x7f, "OP_SUBSTR"), (0x80, "OP_LEFT"), (0x81, "OP_RIGHT"), (0x82, "OP_SIZE"),
            (0x83, "OP_INVERT"), (0x84, "OP_AND"), (0x85, "OP_OR"), (0x86, "OP_XOR"), (0x87, "OP_EQUAL"),
            (0x88, "OP_EQUALVERIFY"), (0x89, "OP_RESERVED1"), (0x8a, "OP_RESERVED2"), (0x8b, "OP_1ADD"),
            (0x8c, "OP_1SUB"), (0x8d, "OP_2MUL"), (0x8e, "OP_2DIV"), (0x8f, "OP_NEGATE"), (0x90, "OP_ABS"),
            (0x91, "OP_NOT"), (0x92, "OP_0NOTEQUAL"), (0x93, "OP_ADD"), (0x94, "OP_SUB"), (0x95, "OP_MUL"),
            (0x96, "OP_DIV"), (0x97, "OP_MOD"), (0x98, "OP_LSHIFT"), (0x99, "OP_RSHIFT"), (0x9a, "OP_BOOLAND"),
            (0x9b, "OP_BOOLOR"), (0x9c, "OP_NUMEQUAL"), (0x9d, "OP_NUMEQUALVERIFY"), (0x9e, "OP_NUMNOTEQUAL"),
            (0x9f, "OP_LESSTHAN"), (0xa0, "OP_GREATERTHAN"), (0xa1, "OP_LESSTHANOREQUAL"),
            (0xa2, "OP_GREATERTHANOREQUAL"), (0xa3, "OP_MIN"), (0xa4, "OP_MAX"), (0xa5, "OP_WITHIN"),
            (0xa6, "OP_RIPEMD160"), (0xa7, "OP_SHA1"), (0xa8, "OP_SHA256"), (0xa9, "OP_HASH160"),
            (0xaa, "OP_HASH256"), (0xab, "OP_CODESEPARATOR"), (0xac, "OP_CHECKSIG"), (0xad, "OP_CHECKSIGVERIFY"),
            (0xae, "OP_CHECKMULTISIG"), (0xaf, "OP_CHECKMULTISIGVERIFY"), (0xb0, "OP_NOP1"),
            (0xb1, "OP_CHECKLOCKTIMEVERIFY"), (0xb2, "OP_CHECKSEQUENCEVERIFY"), (0xb3, "OP_NOP4"),
            (0xb4, "OP_NOP5"), (0xb5, "OP_NOP6"), (0xb6, "OP_NOP7"), (0xb7, "OP_NOP8"), (0xb8, "OP_NOP9"),
            (0xb9, "OP_NOP10"), (0xba, "OP_CHECKSIGADD"), (0xff, "OP_INVALIDOPCODE"),
        ]
        for (code, name) in rest { n[code] = name }
        return n
    }()

    public static func name(_ opcode: UInt8) -> String { names[Int(opcode)] }

    /// Opcode by its name as written in Core's script test format ("DUP", "OP_DUP", "1", "-1").
    public static let byName: [String: UInt8] = {
        var map: [String: UInt8] = [:]
        for code in 0...255 where names[code] != "OP_UNKNOWN" {
            let name = names[code]
            map[name] = UInt8(code)
            if name.hasPrefix("OP_") { map[String(name.dropFirst(3))] = UInt8(code) }
        }
        map["OP_0"] = 0; map["OP_FALSE"] = 0; map["FALSE"] = 0; map["OP_TRUE"] = 0x51; map["TRUE"] = 0x51
        map["OP_1NEGATE"] = 0x4f; map["1NEGATE"] = 0x4f
        for i in 1...16 { map["OP_\(i)"] = UInt8(0x50 + i) }
        map["NOP2"] = 0xb1; map["OP_NOP2"] = 0xb1; map["NOP3"] = 0xb2; map["OP_NOP3"] = 0xb2
        return map
    }()

    /// Tapscript's OP_SUCCESSx opcodes (BIP342).
    public static func isOpSuccess(_ op: UInt8) -> Bool {
        op == 80 || op == 98 || (op >= 126 && op <= 129) || (op >= 131 && op <= 134) || (op >= 137 && op <= 138)
            || (op >= 141 && op <= 142) || (op >= 149 && op <= 153) || (op >= 187 && op <= 254)
    }
}
