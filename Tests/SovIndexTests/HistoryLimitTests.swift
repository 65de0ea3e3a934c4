import Foundation
import SovIndex
import SovPrimitives
import SovTestSupport
import Testing

/// A history with a limit, when the script's prefix rows name more transactions than its history holds (what
/// a collision of prefixes looks like): the answer is still exact, and a refusal comes only above the limit.
@Suite(.needsSharedData) struct HistoryLimitTests {
    @Test func aPrefixCollisionNeitherAnswersWronglyNorRefusesAHistoryWithinTheLimit() throws {
        let fixture = "regtest-busy"
        let directory = IndexSchemaUpgradeTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try IndexSchemaUpgradeTests.build(fixture, into: directory)
        let record = try ScriptsRecord(fixture: fixture)
        // The longest recorded history that has spends (more entries than unspent outputs).
        let expected = try #require(record.scripts.filter { $0.confirmedHistory.count > $0.confirmedUnspent.count }
            .max { $0.confirmedHistory.count < $1.confirmedHistory.count })
        let scriptHash = try #require(ScriptHash(expected.scriptHash))
        let index = try AddressIndex(directory: directory, network: .regtest, create: true)
        index.blockSource = BlockFileSlices(directory: IndexSchemaUpgradeTests.blocksDirectory(fixture))
        let tip = try #require(index.tip?.height)
        let entries = expected.confirmedHistory.count
        #expect(entries > 2)

        // A funding row under the script's prefix for a coinbase that does not pay it.
        let listed = try index.history(scriptHash: scriptHash).history.compactMap { e in e.position.map { TxPosition(height: e.height.wire, index: $0) } }
        let stranger = try #require([TxPosition(height: tip, index: 0), TxPosition(height: tip - 1, index: 0)].first { !listed.contains($0) })
        let batch = WriteBatch()
        batch.put(IndexSchema.fundingKey(scriptHash: scriptHash, stranger), [])
        try index.store.write(batch)

        let limited = try index.history(scriptHash: scriptHash, limit: entries)
        #expect(limited.history.map { ($0.txid.hex, $0.height.wire) }.elementsEqual(expected.confirmedHistory, by: { $0 == $1 }))
        #expect(limited.confirmedBalance.satoshis == expected.confirmedBalance)
        #expect(Set(limited.unspent.map { "\($0.txid.hex):\($0.vout):\($0.value.satoshis)" })
            == Set(expected.confirmedUnspent.map { "\($0.txid):\($0.vout):\($0.value)" }))
        #expect(try index.history(scriptHash: scriptHash).history == limited.history)
        #expect(throws: IndexError.historyTooLarge(scriptHash: scriptHash, limit: entries - 1)) {
            _ = try index.history(scriptHash: scriptHash, limit: entries - 1)
        }
    }
}
