import SovJSON

/// `mempool.get_fee_histogram`: `[[fee_rate, vsize], …]` with fee rates (sat/vB) falling, where each vsize is
/// the total virtual size of mempool transactions paying between the previous entry's rate and this one's.
///
/// The protocol leaves the intervals to the server; this follows ElectrumX: each transaction's rate is rounded
/// *down* to 0.1 sat/vB, sizes are summed per rate, then walked from the highest rate down, closing an entry
/// once it holds more than `binSize` vbytes (the bin then grows by 10%), and closing the entry before a rate
/// holding more than twice the bin on its own so a lump gets an entry of its own.
/// Rates are kept exactly, as tenths of a sat/vB.
public struct FeeHistogram: Equatable, Sendable {
    /// One entry: a rate in tenths of a sat/vB and a total virtual size.
    public struct Bin: Equatable, Sendable {
        public var feeRateTenths: Int64
        public var vsize: Int64

        public init(feeRateTenths: Int64, vsize: Int64) {
            self.feeRateTenths = feeRateTenths
            self.vsize = vsize
        }
    }

    /// ElectrumX's default first bin size for Bitcoin (`MEMPOOL_COMPACT_HISTOGRAM_BINSIZE`), in vbytes.
    public static let defaultBinSize = 30_000

    public let bins: [Bin]

    /// The histogram of mempool transactions given as (fee in satoshis, virtual size). Entries with no size
    /// are skipped; a negative fee counts as 0 (ElectrumX clamps coinbase-like transactions the same way).
    public init(transactions: [(fee: Int64, vsize: Int)], binSize: Int = FeeHistogram.defaultBinSize) {
        var sizeByRate: [Int64: Int64] = [:]
        for tx in transactions where tx.vsize > 0 {
            let fee = max(0, tx.fee)
            let (scaled, overflow) = fee.multipliedReportingOverflow(by: 10)
            let rate = overflow ? fee / Int64(tx.vsize) * 10 : scaled / Int64(tx.vsize)
            sizeByRate[rate, default: 0] += Int64(tx.vsize)
        }
        self.init(sizeByRate: sizeByRate, binSize: binSize)
    }

    /// Compacts a histogram already summed per rate (tenths of a sat/vB → total vsize): ElectrumX's
    /// `_compress_histogram`.
    public init(sizeByRate: [Int64: Int64], binSize: Int = FeeHistogram.defaultBinSize) {
        var bins: [Bin] = []
        var bin = Double(max(1, binSize))
        var cumulative: Int64 = 0
        var previousRate: Int64?
        for (rate, size) in sizeByRate.sorted(by: { $0.key > $1.key }) {
            // A big lump at this rate: close what came before it first.
            if Double(size) > 2 * bin, let previousRate, cumulative > 0 {
                bins.append(Bin(feeRateTenths: previousRate, vsize: cumulative))
                cumulative = 0
                bin *= 1.1
            }
            cumulative += size
            if Double(cumulative) > bin {
                bins.append(Bin(feeRateTenths: rate, vsize: cumulative))
                cumulative = 0
                bin *= 1.1
            }
            previousRate = rate
        }
        self.bins = bins
    }

    /// The result: `[[rate, vsize], …]`, a whole rate written as an integer, others with one decimal.
    public var json: JSONValue {
        .array(bins.map { .array([FeeHistogram.rateJSON($0.feeRateTenths), .int($0.vsize)]) })
    }

    static func rateJSON(_ tenths: Int64) -> JSONValue {
        let whole = tenths / 10, fraction = tenths % 10
        return .number(fraction == 0 ? String(whole) : "\(whole).\(fraction)")
    }
}
