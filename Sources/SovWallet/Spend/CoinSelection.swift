/// Picks the outputs a payment spends, as Bitcoin Core does (`SelectCoins`): Branch-and-Bound for a
/// changeless match, Single-Random-Draw otherwise, the result with the lower waste winning.
///
/// Values are satoshis; fees are computed on effective values (an output's value less the fee its input
/// costs at the target fee rate), so the selection pays for itself.
public enum CoinSelection {
    public struct Candidate: Sendable, Equatable {
        public var value: Int64
        /// The fee spending it costs at the target rate, and at the long-term rate.
        public var fee: Int64
        public var longTermFee: Int64
        public var effectiveValue: Int64 { value - fee }

        public init(value: Int64, fee: Int64, longTermFee: Int64) {
            self.value = value
            self.fee = fee
            self.longTermFee = longTermFee
        }
    }

    public struct Selection: Sendable, Equatable {
        /// Indexes into the candidates, in order.
        public var indexes: [Int]
        /// Whether the selection needs a change output (Single-Random-Draw) or not (Branch-and-Bound).
        public var needsChange: Bool
        /// Core's waste metric of this selection.
        public var waste: Int64
        public var algorithm: String
    }

    /// Core's `TOTAL_TRIES` for Branch-and-Bound.
    static let branchAndBoundTries = 100_000
    /// Core's `CHANGE_LOWER`: Single-Random-Draw aims this much above the target, so change is worth keeping.
    static let changeLower: Int64 = 50_000

    /// Selects from `candidates` to pay `target` (the payments plus the fee of the transaction without inputs
    /// and change). `costOfChange` is what making and later spending a change output costs; `changeFee` what
    /// adding it costs now. Nil when the candidates cannot pay the target.
    public static func select<R: RandomNumberGenerator>(_ candidates: [Candidate], target: Int64, costOfChange: Int64, changeFee: Int64,
                                                        using random: inout R) -> Selection? {
        let usable = candidates.indices.filter { candidates[$0].effectiveValue > 0 }
        var best: Selection?
        if let bnb = branchAndBound(candidates, usable: usable, target: target, costOfChange: costOfChange) {
            best = bnb
        }
        if let srd = singleRandomDraw(candidates, usable: usable, target: target + changeFee, costOfChange: costOfChange, using: &random),
           best == nil || srd.waste < best!.waste {
            best = srd
        }
        return best
    }

    /// Core's `GetSelectionWaste`.
    static func waste(_ candidates: [Candidate], _ indexes: [Int], target: Int64, costOfChange: Int64?) -> Int64 {
        var waste: Int64 = 0
        var effective: Int64 = 0
        for i in indexes {
            waste += candidates[i].fee - candidates[i].longTermFee
            effective += candidates[i].effectiveValue
        }
        if let costOfChange { waste += costOfChange } else { waste += effective - target }
        return waste
    }

    /// Core's `SelectCoinsBnB`: a depth-first search over candidates by descending effective value for a set
    /// whose effective value lands in [target, target + costOfChange], keeping the least waste.
    static func branchAndBound(_ candidates: [Candidate], usable: [Int], target: Int64, costOfChange: Int64) -> Selection? {
        let pool = usable.sorted { candidates[$0].effectiveValue > candidates[$1].effectiveValue }.map { candidates[$0] }
        let order = usable.sorted { candidates[$0].effectiveValue > candidates[$1].effectiveValue }
        var available = pool.reduce(Int64(0)) { $0 + $1.effectiveValue }
        guard available >= target, !pool.isEmpty else { return nil }
        let feeRateHigh = pool[0].fee > pool[0].longTermFee
        var selection: [Int] = []          // positions in `pool`, ascending
        var value: Int64 = 0, waste: Int64 = 0
        var best: [Int]?
        var bestWaste = Int64.max
        var index = 0
        for _ in 0..<branchAndBoundTries {
            var backtrack = false
            if value + available < target || value > target + costOfChange || (waste > bestWaste && feeRateHigh) {
                backtrack = true
            } else if value >= target {
                let total = waste + (value - target)
                if total <= bestWaste {
                    best = selection
                    bestWaste = total
                }
                backtrack = true
            }
            if backtrack {
                guard let last = selection.last else { break }
                // Give back what was skipped after the last included candidate, then exclude it.
                index -= 1
                while index > last {
                    available += pool[index].effectiveValue
                    index -= 1
                }
                value -= pool[last].effectiveValue
                waste -= pool[last].fee - pool[last].longTermFee
                selection.removeLast()
            } else {
                let candidate = pool[index]
                available -= candidate.effectiveValue
                // Including a candidate equal to the one just excluded would search the same sets again.
                if selection.isEmpty || index - 1 == selection.last! || candidate.effectiveValue != pool[index - 1].effectiveValue
                    || candidate.fee != pool[index - 1].fee {
                    selection.append(index)
                    value += candidate.effectiveValue
                    waste += candidate.fee - candidate.longTermFee
                }
            }
            index += 1
        }
        guard let best else { return nil }
        let indexes = best.map { order[$0] }.sorted()
        return Selection(indexes: indexes, needsChange: false, waste: Self.waste(candidates, indexes, target: target, costOfChange: nil),
                         algorithm: "bnb")
    }

    /// Core's `SelectCoinsSRD`: candidates in random order until they pay the target, a change output and
    /// `changeLower` more.
    static func singleRandomDraw<R: RandomNumberGenerator>(_ candidates: [Candidate], usable: [Int], target: Int64, costOfChange: Int64,
                                                           using random: inout R) -> Selection? {
        let goal = target + changeLower
        var chosen: [Int] = []
        var total: Int64 = 0
        for i in usable.shuffled(using: &random) {
            chosen.append(i)
            total += candidates[i].effectiveValue
            if total >= goal { break }
        }
        // Without CHANGE_LOWER to spare, any set that pays the target and the change will do.
        guard total >= target else { return nil }
        chosen.sort()
        return Selection(indexes: chosen, needsChange: true, waste: waste(candidates, chosen, target: target, costOfChange: costOfChange),
                         algorithm: "srd")
    }
}
