import Testing
import SovPrimitives

@Suite struct ScriptNumberTests {
    /// Pushes longer than 8 bytes are never numbers in Core, but decoding one must not trap: with the
    /// sign bit in the 9th byte the magnitude used to be Int64.min and its negation overflowed.
    @Test func overlongNegativeDoesNotTrap() {
        _ = ScriptNumber.decodeUnchecked([0, 0, 0, 0, 0, 0, 0, 0x80, 0x80])
        _ = ScriptNumber.decodeUnchecked([UInt8](repeating: 0xff, count: 20))
    }

    /// Core's CScriptNum encodings: 0x81 is -1, 0xff7f is 32767 ... (script_tests.json uses these forms).
    @Test func knownEncodings() {
        #expect(ScriptNumber.decodeUnchecked([0x81]) == -1)
        #expect(ScriptNumber.decodeUnchecked([0xff, 0x7f]) == 32767)
        #expect(ScriptNumber.decodeUnchecked([0xff, 0xff]) == -32767)
        #expect(ScriptNumber.decodeUnchecked([0x00, 0x80]) == 0)
        #expect(ScriptNumber.encode(-1) == [0x81])
        #expect(ScriptNumber.encode(128) == [0x80, 0x00])
        #expect(ScriptNumber.encode(-128) == [0x80, 0x80])
    }
}
