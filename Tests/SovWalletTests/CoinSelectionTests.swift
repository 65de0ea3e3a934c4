import SovTestSupport
@testable import SovWallet
import Testing

@Suite struct CoinSelectionTests {
    static func candidates(_ values: [Int64], fee: Int64 = 0, longTermFee: Int64 = 0) -> [CoinSelection.Candidate] {
        values.map { CoinSelection.Candidate(value: $0 + fee, fee: fee, longTermFee: longTermFee) }
    }

    /// Bitcoin Core's `coinselector_tests.cpp` (bnb_search_test) cases with zero fees: exact matches are found,
    /// impossible ones are not, and the window is [target, target + cost of change].
    @Test func branchAndBoundFindsCoresMatches() throws {
        let cent: Int64 = 1_000_000
        let pool = Self.candidates([1, 2, 3, 4].map { $0 * cent })
        let all = Array(pool.indices)
        func bnb(_ target: Int64, costOfChange: Int64 = cent / 2) -> [Int64]? {
            CoinSelection.branchAndBound(pool, usable: all, target: target, costOfChange: costOfChange)?.indexes.map { pool[$0].value }.sorted()
        }
        #expect(bnb(1 * cent) == [1 * cent])
        #expect(bnb(2 * cent) == [2 * cent])
        #expect(bnb(5 * cent).map { $0.reduce(0, +) } == 5 * cent)
        #expect(bnb(10 * cent) == [1, 2, 3, 4].map { $0 * cent })
        #expect(bnb(11 * cent) == nil, "more than there is")
        #expect(bnb(Int64(0.25 * Double(cent)), costOfChange: 0) == nil, "no subset in [0.25, 0.25]")
        // Within the window: 1 cent fits [0.75, 1.25].
        #expect(bnb(Int64(0.75 * Double(cent))) == [1 * cent])
    }

    /// Random pools with a planted exact subset: Branch-and-Bound always lands in its window, Single-Random-
    /// Draw always pays its target, and `select` keeps the lower waste.
    @Test func selectionsPayTheirTargets() {
        var random = SplitMix64(seed: 3)
        for round in 0..<60 {
            let count = Int(random.next() % 40) + 1
            let values = (0..<count).map { _ in Int64(random.next() % 5_000_000) + 1_000 }
            let pool = Self.candidates(values, fee: 68 * 3, longTermFee: 68 * 10)
            let planted = pool.indices.filter { _ in random.next() % 3 == 0 }
            guard !planted.isEmpty else { continue }
            let target = planted.reduce(Int64(0)) { $0 + pool[$1].effectiveValue }
            let costOfChange: Int64 = 31 * 3 + 68 * 3
            let bnb = CoinSelection.branchAndBound(pool, usable: Array(pool.indices), target: target, costOfChange: costOfChange)
            #expect(bnb != nil, "round \(round): a planted subset exists")
            if let found = bnb {
                let sum = found.indexes.reduce(Int64(0)) { $0 + pool[$1].effectiveValue }
                #expect(sum >= target && sum <= target + costOfChange)
                #expect(!found.needsChange)
            }
            var generator = SplitMix64(seed: UInt64(round))
            if let srd = CoinSelection.singleRandomDraw(pool, usable: Array(pool.indices), target: target, costOfChange: costOfChange, using: &generator) {
                #expect(srd.indexes.reduce(Int64(0)) { $0 + pool[$1].effectiveValue } >= target && srd.needsChange)
            }
            if let chosen = CoinSelection.select(pool, target: target, costOfChange: costOfChange, changeFee: 31 * 3, using: &generator), let bnb {
                #expect(chosen.waste <= bnb.waste)
            }
        }
    }

    /// Core's waste metric: (fee − long-term fee) per input, plus the change cost or the excess.
    @Test func wasteIsCoresMetric() {
        let pool = Self.candidates([100_000, 200_000], fee: 300, longTermFee: 100)
        #expect(CoinSelection.waste(pool, [0, 1], target: 299_000, costOfChange: nil) == 2 * 200 + 1_000, "effective 300,000 against 299,000: 1,000 excess")
        #expect(CoinSelection.waste(pool, [0, 1], target: 299_000, costOfChange: 500) == 2 * 200 + 500)
    }
}
