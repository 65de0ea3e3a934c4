import SovElectrum
import SovJSON
import SovPrimitives
import SovTestSupport
import Testing

/// A history's answer written straight from its entries (`historyResultText`, `mempoolResultText`: what the server
/// sends) is byte for byte the compact JSON of the answer built as a tree (`historyResult`, `mempoolResult`), for
/// every script of both recorded chains, confirmed and mempool rows, both mempool orders.
@Suite(.needsSharedData) struct ElectrumHistoryTextTests {
    /// The script's recorded history: each transaction once, confirmed in chain order, mempool ones with their fee.
    static func history(_ record: JSONValue) throws -> ElectrumHistory {
        var confirmed: [ElectrumHistory.Confirmed] = []
        var mempool: [ElectrumHistory.Unconfirmed] = []
        for event in try #require(record["events"]?.arrayValue) {
            let text = try #require(event["txid"]?.stringValue)
            let txid = try #require(Txid(text))
            let height = try #require(event["height"]?.intValue)
            if height > 0 {
                confirmed.append(.init(txid: txid, blockHeight: height, position: try #require(event["pos"]?.intValue)))
            } else {
                mempool.append(.init(txid: txid, hasUnconfirmedParent: height < 0, fee: Amount(satoshis: try #require(event["fee"]?.int64Value))))
            }
        }
        return ElectrumHistory(confirmed: confirmed, mempool: mempool)
    }

    @Test(arguments: ["regtest", "regtest-busy"]) func everyRecordedHistoryIsWrittenAsItsTree(chain: String) throws {
        let scripts = try #require(try SharedData.json("fixtures/\(chain)/scripts.json")["scripthashes"]?.objectValue)
        var rows = 0, mempoolRows = 0
        for (sh, record) in scripts.entries {
            let history = try Self.history(record)
            rows += history.confirmed.count + history.mempool.count
            mempoolRows += history.mempool.count
            for order in [MempoolOrder.canonical, .asListed] {
                #expect(history.historyResultText(mempoolOrder: order) == history.historyResult(mempoolOrder: order).compact, "\(sh)")
                #expect(history.mempoolResultText(mempoolOrder: order) == history.mempoolResult(mempoolOrder: order).compact, "\(sh)")
                #expect(ElectrumResult.history(history, mempoolOrder: order).compactText == ElectrumResult.history(history, mempoolOrder: order).json.compact)
            }
        }
        // The recorded chains hold both kinds of row.
        #expect(rows > scripts.entries.count && mempoolRows > 0, "\(rows) rows, \(mempoolRows) in the mempool")
    }

    @Test func extremesAreWrittenAsTheTreeWritesThem() throws {
        // Heights of both mempool kinds and the largest a block can have, fees of zero and of every bit, txids of
        // all-zero and all-one bytes, an empty history.
        let zero = try #require(Txid(bytes: [UInt8](repeating: 0, count: 32)))
        let ones = try #require(Txid(bytes: [UInt8](repeating: 0xff, count: 32)))
        let mixed = try #require(Txid(bytes: (0..<32).map { UInt8($0 * 8 + 1) }))
        let histories = [
            ElectrumHistory(confirmed: [], mempool: []),
            ElectrumHistory(confirmed: [.init(txid: zero, blockHeight: 1, position: 0), .init(txid: ones, blockHeight: Int(UInt32.max), position: 65_535)], mempool: []),
            ElectrumHistory(confirmed: [], mempool: [.init(txid: mixed, hasUnconfirmedParent: true, fee: .zero)]),
            ElectrumHistory(confirmed: [.init(txid: mixed, blockHeight: 9, position: 3)],
                            mempool: [.init(txid: zero, hasUnconfirmedParent: false, fee: Amount(satoshis: Int64.max)),
                                      .init(txid: ones, hasUnconfirmedParent: true, fee: Amount(satoshis: 1))]),
        ]
        for history in histories {
            for order in [MempoolOrder.canonical, .asListed] {
                #expect(history.historyResultText(mempoolOrder: order) == history.historyResult(mempoolOrder: order).compact)
                #expect(history.mempoolResultText(mempoolOrder: order) == history.mempoolResult(mempoolOrder: order).compact)
            }
        }
    }
}
