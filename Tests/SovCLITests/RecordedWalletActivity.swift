import Foundation
import SovTestSupport
import SovJSON

/// What the fixture's record (`scripts.json`, written from Bitcoin Core) says a wallet made of some
/// addresses holds and did on the confirmed chain, in the terms Electrum reports it.
///
/// Confirmed only: `sov serve --no-node` reads block files alone, so it has no mempool and the record's
/// final mempool transactions (height 0 or -1 events, outputs at height ≤ 0, spends by them) are not
/// visible to a client; an output spent only in the mempool is still unspent on the chain.
struct RecordedWalletActivity: Equatable, CustomStringConvertible {
    /// One confirmed transaction touching the wallet.
    struct Transaction: Equatable {
        var height: Int
        /// Its position in the block.
        var position: Int
        /// What it moved into (positive) or out of (negative) the wallet, in satoshis.
        var delta: Int64
    }

    /// Unspent confirmed outputs Electrum counts as confirmed (everything but immature coinbase outputs).
    var confirmed: Int64 = 0
    /// Unspent coinbase outputs not yet mature for the next block (Electrum's "unmatured").
    var unmatured: Int64 = 0
    /// The sum of the record's own `confirmed_balance` of each script (must equal confirmed + unmatured).
    var recordedConfirmedBalance: Int64 = 0
    /// By txid.
    var transactions: [String: Transaction] = [:]
    /// How many of the addresses the record has any activity for.
    var scriptsWithActivity = 0

    var description: String {
        "confirmed \(confirmed) unmatured \(unmatured), \(transactions.count) transactions from \(scriptsWithActivity) scripts"
    }

    /// Coinbase outputs mature after this many blocks (an output of height h is spendable in block h + 100).
    static let coinbaseMaturity = 100

    /// The activity of `addresses` in the record `scripts` (`scripts.json`).
    init(addresses: Set<String>, scripts: JSONValue) throws {
        guard let tip = scripts["tip_height"]?.intValue, let entries = scripts["scripthashes"]?.objectValue?.entries else {
            throw FixtureError("scripts.json without tip_height or scripthashes")
        }
        for (_, script) in entries {
            guard let address = script["address"]?.stringValue, addresses.contains(address) else { continue }
            scriptsWithActivity += 1
            guard let events = script["events"]?.arrayValue, let outputs = script["outputs"]?.arrayValue,
                  let balance = script["confirmed_balance"]?.int64Value else {
                throw FixtureError("scripts.json entry for \(address) without events, outputs or confirmed_balance")
            }
            recordedConfirmedBalance += balance
            var values: [String: Int64] = [:]
            for output in outputs {
                guard let txid = output["txid"]?.stringValue, let vout = output["vout"]?.intValue,
                      let value = output["value"]?.int64Value, let height = output["height"]?.intValue else {
                    throw FixtureError("scripts.json output of \(address) without txid, vout, value or height")
                }
                values["\(txid):\(vout)"] = value
                guard height > 0 else { continue }
                if let spender = output["spent_by"], !spender.isNull, (spender["height"]?.intValue ?? 0) > 0 { continue }
                // A coinbase is its block's first transaction.
                let fund = events.first { $0["kind"]?.stringValue == "fund" && $0["txid"]?.stringValue == txid && $0["vout"]?.intValue == vout }
                let isCoinbase = fund?["pos"]?.intValue == 0
                if isCoinbase && height + Self.coinbaseMaturity > tip + 1 { unmatured += value } else { confirmed += value }
            }
            for event in events {
                guard let height = event["height"]?.intValue, height > 0 else { continue }
                guard let txid = event["txid"]?.stringValue, let position = event["pos"]?.intValue,
                      let kind = event["kind"]?.stringValue else {
                    throw FixtureError("scripts.json event of \(address) without txid, pos or kind")
                }
                let outpoint = kind == "fund" ? "\(txid):\(event["vout"]?.intValue ?? -1)" : (event["outpoint"]?.stringValue ?? "")
                guard let value = values[outpoint] else {
                    throw FixtureError("scripts.json event of \(address) names an output it does not list: \(outpoint)")
                }
                var transaction = transactions[txid] ?? Transaction(height: height, position: position, delta: 0)
                guard transaction.height == height, transaction.position == position else {
                    throw FixtureError("scripts.json places \(txid) at two places")
                }
                transaction.delta += kind == "fund" ? value : -value
                transactions[txid] = transaction
            }
        }
    }

    /// Bitcoins as Electrum prints them (`"0.372"`, `"-0.0125"`, `"50"`, `"1E-7"`), in satoshis exactly;
    /// nil when the text is not a decimal number or has more than 8 decimals.
    static func satoshis(bitcoins text: String) -> Int64? {
        var body = Substring(text)
        var exponent = 0
        if let e = body.firstIndex(where: { $0 == "E" || $0 == "e" }) {
            guard let power = Int(body[body.index(after: e)...]) else { return nil }
            exponent = power
            body = body[..<e]
        }
        var negative = false
        if body.first == "-" || body.first == "+" { negative = body.first == "-"; body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !(parts.first?.isEmpty ?? true) || parts.count == 2 else { return nil }
        let whole = parts[0], fraction = parts.count == 2 ? parts[1] : ""
        let digits = whole + fraction
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // value = digits × 10^(exponent − fraction.count); in satoshis, × 10^8.
        let shift = exponent - fraction.count + 8
        var value = Int64(0)
        for digit in digits {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(digit.wholeNumberValue ?? 0))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        if shift >= 0 {
            for _ in 0..<shift {
                let (times, overflow) = value.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                value = times
            }
        } else {
            for _ in 0..<(-shift) {
                guard value % 10 == 0 else { return nil }
                value /= 10
            }
        }
        return negative ? -value : value
    }
}
