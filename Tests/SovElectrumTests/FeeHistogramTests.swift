import SovElectrum
import SovJSON
import SovPrimitives
import SovTestSupport
import Testing

@Suite(.needsSharedData) struct FeeHistogramTests {
    func tenths(_ rate: Double) -> Int64 { Int64((rate * 10).rounded()) }

    func histogram(_ rows: [(rate: Double, vsize: Int64)], binSize: Int) -> [FeeHistogram.Bin] {
        FeeHistogram(sizeByRate: Dictionary(uniqueKeysWithValues: rows.map { (tenths($0.rate), $0.vsize) }), binSize: binSize).bins
    }

    func bins(_ rows: [(rate: Double, vsize: Int64)]) -> [FeeHistogram.Bin] {
        rows.map { FeeHistogram.Bin(feeRateTenths: tenths($0.rate), vsize: $0.vsize) }
    }

    /// ElectrumX's own test vectors for its compaction.
    @Test func electrumXVectors() {
        let h = PublishedExamples.Histogram.self
        #expect(histogram(h.first, binSize: 100_000) == bins(h.firstAt100k))
        #expect(histogram(h.first, binSize: 30_000) == bins(h.firstAt30k))
        #expect(histogram(h.second, binSize: 100_000) == bins(h.secondAt100k))
    }

    @Test func ratesRoundDownToTenths() {
        // 1000 sat / 141 vB = 7.09… → 7.0; 1000 / 140 = 7.14… → 7.1; 999 / 1000 = 0.999 → 0.9.
        let h = FeeHistogram(transactions: [(1000, 141), (1000, 140), (999, 1000), (-5, 10), (100, 0)], binSize: 1)
        #expect(h.bins == [.init(feeRateTenths: 71, vsize: 140), .init(feeRateTenths: 70, vsize: 141),
                           .init(feeRateTenths: 9, vsize: 1000), .init(feeRateTenths: 0, vsize: 10)])
        #expect(h.json.compact == "[[7.1,140],[7,141],[0.9,1000],[0,10]]")
        #expect(FeeHistogram(transactions: []).json == .array([]))
        // Falling rates, as the spec requires.
        let rates = h.bins.map(\.feeRateTenths)
        #expect(rates == rates.sorted(by: >))
    }

    /// The fixture's final mempool, with a bin small enough to keep every rate: one entry per rate (the
    /// recorded fee over the transaction's own virtual size, rounded down), transactions at the same rate summed.
    @Test func fixtureMempool() throws {
        var rows: [(fee: Int64, vsize: Int)] = []
        for entry in try #require(try Fixtures.json("fixtures/regtest/mempool.json").arrayValue) {
            let tx = try Transaction(bytes: try Hex.decode(entry["raw"]!.stringValue!))
            rows.append((entry["fee"]!.int64Value!, tx.virtualSize))
        }
        #expect(rows.count == 3)
        var byRate: [Int64: Int64] = [:]
        for row in rows { byRate[row.fee * 10 / Int64(row.vsize), default: 0] += Int64(row.vsize) }
        let expected = byRate.map { FeeHistogram.Bin(feeRateTenths: $0.key, vsize: $0.value) }.sorted { $0.feeRateTenths > $1.feeRateTenths }
        #expect(expected.count == 2)  // two of the three pay the same 10.0 sat/vB
        #expect(FeeHistogram(transactions: rows, binSize: 1).bins == expected)
        // With ElectrumX's default bin (30,000 vB) three small transactions never fill a bin: ElectrumX leaves
        // the unfilled remainder out, so the answer is empty.
        #expect(FeeHistogram(transactions: rows).bins.isEmpty)
    }
}
