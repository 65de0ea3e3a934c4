/// An amount of bitcoin in satoshis (1 BTC = 100,000,000). Arithmetic is checked: `adding`/`subtracting`
/// return nil on overflow instead of trapping, so amounts read from untrusted input cannot crash anything.
/// Shown as Bitcoin Core shows amounts: bitcoins with exactly eight decimals (`-0.00001000`).
public struct Amount: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var satoshis: Int64

    public init(satoshis: Int64) { self.satoshis = satoshis }

    public static let zero = Amount(satoshis: 0)
    /// Satoshis in one bitcoin.
    public static let satoshisPerBitcoin: Int64 = 100_000_000
    /// The most bitcoin there can ever be (Core's MAX_MONEY): 21 million.
    public static let maximum = Amount(satoshis: 21_000_000 * satoshisPerBitcoin)

    /// Whether this is an amount a transaction output may hold (Core's MoneyRange: 0 … 21 million BTC).
    public var isValidOutputValue: Bool { satoshis >= 0 && satoshis <= Amount.maximum.satoshis }

    /// The sum, or nil on overflow.
    public func adding(_ other: Amount) -> Amount? {
        let (sum, overflow) = satoshis.addingReportingOverflow(other.satoshis)
        return overflow ? nil : Amount(satoshis: sum)
    }

    /// The difference, or nil on overflow.
    public func subtracting(_ other: Amount) -> Amount? {
        let (difference, overflow) = satoshis.subtractingReportingOverflow(other.satoshis)
        return overflow ? nil : Amount(satoshis: difference)
    }

    /// The sum of `amounts`, or nil on overflow.
    public static func sum(_ amounts: some Sequence<Amount>) -> Amount? {
        var total = Amount.zero
        for amount in amounts {
            guard let next = total.adding(amount) else { return nil }
            total = next
        }
        return total
    }

    public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.satoshis < rhs.satoshis }

    /// Bitcoins with eight decimals, as Core's ValueFromAmount writes them.
    public var description: String {
        let magnitude = satoshis.magnitude
        let whole = magnitude / UInt64(Amount.satoshisPerBitcoin)
        let fraction = String(magnitude % UInt64(Amount.satoshisPerBitcoin))
        return (satoshis < 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: 8 - fraction.count) + fraction
    }

    /// Reads Core's form: an optional sign, digits, and up to eight decimals; nil for anything else or an amount
    /// beyond Int64.
    public init?(bitcoins text: String) {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let wholeText = parts.first, !wholeText.isEmpty, wholeText.allSatisfy(\.isASCIIDigit) else { return nil }
        let fractionText = parts.count == 2 ? parts[1] : ""
        guard fractionText.count <= 8, fractionText.allSatisfy(\.isASCIIDigit), parts.count == 1 || !fractionText.isEmpty else { return nil }
        guard let whole = Int64(wholeText), let fraction = Int64(fractionText + String(repeating: "0", count: 8 - fractionText.count)) else { return nil }
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: Amount.satoshisPerBitcoin)
        guard !overflow else { return nil }
        let (total, overflow2) = scaled.addingReportingOverflow(fraction)
        guard !overflow2 else { return nil }
        self.init(satoshis: negative ? -total : total)
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
