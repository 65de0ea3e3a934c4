import SovElectrum
import SovJSON
import SovPrimitives
import SovTestSupport
import Testing

@Suite(.needsSharedData) struct ScriptHashStatusTests {
    typealias Row = (txHash: String, height: Int, fee: Int64?)

    /// Builds an `ElectrumHistory` from rows: confirmed rows get positions in listed order within a height.
    func history(_ rows: [Row]) throws -> ElectrumHistory {
        var confirmed: [ElectrumHistory.Confirmed] = []
        var mempool: [ElectrumHistory.Unconfirmed] = []
        for (index, row) in rows.enumerated() {
            let txid = try #require(Txid(row.txHash))
            if row.height > 0 {
                confirmed.append(.init(txid: txid, blockHeight: row.height, position: index))
            } else {
                mempool.append(.init(txid: txid, hasUnconfirmedParent: row.height == -1, fee: Amount(satoshis: row.fee ?? 0)))
            }
        }
        return ElectrumHistory(confirmed: confirmed, mempool: mempool)
    }

    /// The rows as typed status items, in the order listed.
    func items(_ rows: [Row]) throws -> [ElectrumHistory.Item] {
        try rows.map { ElectrumHistory.Item(txid: try #require(Txid($0.txHash)), height: try #require(TransactionHeight(wire: $0.height))) }
    }

    @Test func publishedStatusExampleOf16() throws {
        let example = PublishedExamples.Status16.self
        // The hash itself, over the listing as sent.
        #expect(ScriptHashStatus.hash(of: try items(example.history)) == example.status)
        // The canonical 1.6 order reproduces it however the mempool part was listed.
        let rows = example.history
        for listing in [rows, Array(rows[0..<3]) + rows[3...].reversed(), Array(rows[0..<3]) + [rows[5], rows[3], rows[4]]] {
            let h = try history(listing)
            #expect(h.status(mempoolOrder: .canonical) == example.status)
            let result = h.historyResult(mempoolOrder: .canonical)
            #expect(try ScriptHashStatus.hash(ofHistoryResult: result) == example.status)
            #expect(result.arrayValue?.compactMap { $0["tx_hash"]?.stringValue } == rows.map(\.txHash))
            #expect(result.arrayValue?.compactMap { $0["height"]?.intValue } == rows.map(\.height))
            #expect(result.arrayValue?.suffix(3).compactMap { $0["fee"]?.int64Value } == rows.suffix(3).compactMap(\.fee))
        }
        // The example's raw transactions are the ones listed.
        for (raw, row) in zip(example.rawTransactions, example.history) {
            #expect(try Transaction(bytes: try Hex.decode(raw)).txid.hex == row.txHash)
        }
    }

    @Test func draftExampleOrderedByNetworkBytesIsNotThe16Order() throws {
        let example = PublishedExamples.StatusDraft.self
        // The draft's listing, hashed as listed (any order was allowed before 1.6), gives its status.
        let h = try history(example.history)
        #expect(h.status(mempoolOrder: .asListed) == example.status)
        #expect(ScriptHashStatus.hash(of: try items(example.history)) == example.status)
        // The merged 1.6 rule sorts by displayed txid: 73fe… before 98ed…, so the canonical status differs.
        let canonical = h.mempool(in: .canonical).map(\.txid.hex)
        #expect(canonical == [example.history[4].txHash, example.history[3].txHash, example.history[5].txHash])
        #expect(h.status(mempoolOrder: .canonical) != example.status)
    }

    /// Mainnet's two repeated coinbases (BIP 30): txid e3bf3d07… is the coinbase of blocks 91,722 and 91,880.
    /// A history lists it once, at its first position, whatever order it was given in.
    @Test func aRepeatedCoinbaseIsListedOnce() throws {
        let repeated = try #require(Txid("e3bf3d07d4b0375638d5f1db5255fe07ba2c4cb067cd81b84ee974b6585fb468"))
        let other = try #require(Txid("d5d27987d2a3dfc724e359870c6644b40e497bdc0589a033220fe15429d88599"))
        let entries: [ElectrumHistory.Confirmed] = [.init(txid: repeated, blockHeight: 91_722, position: 0),
                                                    .init(txid: other, blockHeight: 91_812, position: 0),
                                                    .init(txid: repeated, blockHeight: 91_880, position: 0)]
        for given in [entries, entries.reversed()] {
            let history = ElectrumHistory(confirmed: given, mempool: [])
            #expect(history.confirmed.map(\.blockHeight) == [91_722, 91_812])
        }
    }

    @Test func emptyHistoryHasNullStatus() {
        let empty = ElectrumHistory(confirmed: [], mempool: [])
        #expect(empty.status(mempoolOrder: .canonical) == nil)
        #expect(ScriptHashStatus.json(of: []) == .null)
        #expect(empty.historyResult(mempoolOrder: .canonical) == .array([]))
    }

    @Test func versionsChooseTheirMempoolOrder() {
        #expect(ProtocolVersion.v1_4.mempoolOrder == .asListed)
        #expect(ProtocolVersion.v1_4_2.mempoolOrder == .asListed)
        #expect(ProtocolVersion(major: 1, minor: 5).mempoolOrder == .asListed)
        #expect(ProtocolVersion.v1_6.mempoolOrder == .canonical)
    }

    @Test func publishedScriptHashes() throws {
        let s = PublishedExamples.ScriptHashes.self
        #expect(ScriptHash(script: try Hex.decode(s.p2pkh)).hex == s.p2pkhScriptHash)
        #expect(ScriptHash(script: try Hex.decode(s.p2pk)).hex == s.p2pkScriptHash)
    }

    /// Every script of both fixture chains: the status from the recorded events, by the protocol's rules
    /// spelled out here on the strings (confirmed by (height, position), each tx once; mempool by
    /// (-height, displayed txid)), against `ElectrumHistory`.
    @Test(arguments: ["regtest", "regtest-busy"])
    func fixtureStatuses(fixture: String) throws {
        let root = try Fixtures.json("fixtures/\(fixture)/scripts.json")
        let scripts = try #require(root["scripthashes"]?.objectValue)
        var mempoolFees: [String: (fee: Int64, unconfirmedParent: Bool)] = [:]
        var mempoolEntries = 0
        for entry in try #require(try Fixtures.json("fixtures/\(fixture)/mempool.json").arrayValue) {
            mempoolEntries += 1
            mempoolFees[entry["txid"]!.stringValue!] = (entry["fee"]!.int64Value!, entry["has_unconfirmed_parent"]!.boolValue!)
        }
        #expect(mempoolEntries > 0, "the fixture gave nothing to check")
        var withMempool = 0
        for (key, record) in scripts.entries {
            let script = try Hex.decode(try #require(record["script"]?.stringValue))
            #expect(ScriptHash(script: script).hex == key)
            let events = try #require(record["events"]?.arrayValue)

            // Expected, straight from the rules.
            let confirmedEvents = events.filter { $0["height"]!.intValue! > 0 }
                .sorted { ($0["height"]!.intValue!, $0["pos"]!.intValue!) < ($1["height"]!.intValue!, $1["pos"]!.intValue!) }
            var seen = Set<String>()
            var expected: [(String, Int)] = []
            for e in confirmedEvents where seen.insert(e["txid"]!.stringValue!).inserted {
                expected.append((e["txid"]!.stringValue!, e["height"]!.intValue!))
            }
            var mempoolRows: [(String, Int)] = []
            for e in events where e["height"]!.intValue! <= 0 && seen.insert(e["txid"]!.stringValue!).inserted {
                mempoolRows.append((e["txid"]!.stringValue!, e["height"]!.intValue!))
            }
            mempoolRows.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            expected += mempoolRows
            let text = expected.map { "\($0.0):\($0.1):" }.joined()
            let expectedStatus: String? = expected.isEmpty ? nil : Hashes.sha256(Array(text.utf8)).hex

            // Ours, from the events as an index would list them (mempool in event order).
            var confirmed: [ElectrumHistory.Confirmed] = []
            var mempool: [ElectrumHistory.Unconfirmed] = []
            for e in events {
                let txid = try #require(Txid(e["txid"]!.stringValue!))
                let height = e["height"]!.intValue!
                if height > 0 {
                    confirmed.append(.init(txid: txid, blockHeight: height, position: e["pos"]!.intValue!))
                } else {
                    let recorded = try #require(mempoolFees[txid.hex])
                    #expect(recorded.unconfirmedParent == (height == -1))
                    #expect(e["fee"]?.int64Value == recorded.fee)
                    mempool.append(.init(txid: txid, hasUnconfirmedParent: height == -1, fee: Amount(satoshis: recorded.fee)))
                }
            }
            let history = ElectrumHistory(confirmed: confirmed.reversed(), mempool: mempool.reversed())
            #expect(history.status(mempoolOrder: .canonical) == expectedStatus, "\(fixture) \(key)")
            // Listed in chain order already (as the index lists them), the same history.
            #expect(ElectrumHistory(confirmed: confirmed, mempool: mempool).confirmed == history.confirmed)
            let result = history.historyResult(mempoolOrder: .canonical)
            #expect(try ScriptHashStatus.hash(ofHistoryResult: result) == expectedStatus)
            #expect(result.arrayValue?.map { $0["tx_hash"]!.stringValue! } == expected.map(\.0))
            #expect(result.arrayValue?.map { $0["height"]!.intValue! } == expected.map(\.1))
            let mempoolResult = history.mempoolResult(mempoolOrder: .canonical)
            #expect(mempoolResult.arrayValue?.map { $0["tx_hash"]!.stringValue! } == mempoolRows.map(\.0))
            #expect(mempoolResult.arrayValue?.map { $0["fee"]!.int64Value! } == mempoolRows.map { mempoolFees[$0.0]!.fee })
            if !mempoolRows.isEmpty { withMempool += 1 }
        }
        #expect(scripts.entries.count > 50)
        #expect(withMempool > 0)
    }
}
