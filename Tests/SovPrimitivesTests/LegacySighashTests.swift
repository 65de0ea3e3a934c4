import SovTestSupport
import Testing
import SovPrimitives

/// Core's `src/test/data/sighash.json`: raw transaction, script code, input index, hash type and the
/// expected legacy signature hash, shown as Core's `uint256::GetHex` does (byte-reversed).
@Suite(.needsSharedData) struct LegacySighashTests {
    @Test func everySighashJSONCaseMatches() throws {
        let cases = try Fixtures.coreCases("vectors/core/sighash.json")
        #expect(cases.count == 500)
        var checked = 0
        for (n, item) in cases.enumerated() {
            guard item.count == 5, let txHex = item[0].stringValue, let scriptHex = item[1].stringValue,
                  let inputIndex = item[2].intValue, let hashType = item[3].intValue, let expected = item[4].stringValue else {
                Issue.record("case \(n) is not [tx, script, index, hashType, hash]")
                continue
            }
            let tx = try Transaction(bytes: try Hex.decode(txHex))
            let script = Script(try Hex.decode(scriptHex))
            let hash = try SignatureHash.legacy(tx, inputIndex: inputIndex, scriptCode: script, hashType: Int32(hashType))
            #expect(Hex.encodeReversed(hash) == expected, "sighash.json case \(n)")
            checked += 1
        }
        #expect(checked == cases.count)
    }

    @Test func singleWithoutMatchingOutputIsOne() throws {
        // One input, no outputs: SIGHASH_SINGLE has no output at index 0, so Core answers uint256::ONE.
        let tx = Transaction(version: 1, inputs: [TxInput(previousOutput: OutPoint(txid: Txid(bytes: [UInt8](repeating: 7, count: 32))!, index: 0))],
                             outputs: [])
        let hash = try SignatureHash.legacy(tx, inputIndex: 0, scriptCode: Script([0x51]), hashType: 3)
        #expect(Hex.encodeReversed(hash) == String(repeating: "0", count: 63) + "1")
    }

    @Test func inputIndexOutOfRangeThrows() {
        let tx = Transaction(inputs: [], outputs: [])
        #expect(throws: DecodingError.self) { try SignatureHash.legacy(tx, inputIndex: 0, scriptCode: Script([]), hashType: 1) }
    }
}
