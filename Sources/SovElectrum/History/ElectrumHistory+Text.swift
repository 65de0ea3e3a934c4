import SovPrimitives

extension ElectrumHistory {
    /// `historyResult(mempoolOrder:)` as compact JSON, written straight from the entries into one string: the
    /// same bytes as `historyResult(mempoolOrder:).compact` without building a tree of rows first, which took
    /// most of a long history's answer (a 143,039-entry answer is 13 MB of such rows).
    public func historyResultText(mempoolOrder order: MempoolOrder) -> String {
        Self.rowsText(confirmed: confirmed, mempool: mempool(in: order))
    }

    /// `mempoolResult(mempoolOrder:)` as compact JSON, written the same way.
    public func mempoolResultText(mempoolOrder order: MempoolOrder) -> String {
        Self.rowsText(confirmed: [], mempool: mempool(in: order))
    }

    /// `[{"tx_hash":…,"height":…}…, {"tx_hash":…,"height":…,"fee":…}…]`, as `row(txid:height:fee:)` writes each.
    static func rowsText(confirmed: [Confirmed], mempool: [Unconfirmed]) -> String {
        // Room for any row and its comma: 25 bytes of keys and punctuation and 64 of txid, then a confirmed
        // row's height (at most 20 characters: 109 in all) or a mempool row's height (0 or -1) and `,"fee":` with
        // the fee (at most 20: 118 in all).
        let capacity = 2 + (confirmed.count + mempool.count) * 128
        return String(unsafeUninitializedCapacity: capacity) { out in
            var at = 0
            out[at] = UInt8(ascii: "[")
            at += 1
            for (i, row) in confirmed.enumerated() {
                if i > 0 { put(",", into: out, at: &at) }
                writeRow(txid: row.txid, height: row.height.wire, fee: nil, into: out, at: &at)
            }
            for (i, row) in mempool.enumerated() {
                if i > 0 || !confirmed.isEmpty { put(",", into: out, at: &at) }
                writeRow(txid: row.txid, height: row.height.wire, fee: row.fee.satoshis, into: out, at: &at)
            }
            out[at] = UInt8(ascii: "]")
            return at + 1
        }
    }

    @inline(__always)
    private static func writeRow(txid: Txid, height: Int, fee: Int64?, into out: UnsafeMutableBufferPointer<UInt8>, at: inout Int) {
        put(#"{"tx_hash":""#, into: out, at: &at)
        at = txid.hash32.withUnsafeBytes { Hex.writeReversed($0, into: out, at: at) }
        put(#"","height":"#, into: out, at: &at)
        putDecimal(Int64(height), into: out, at: &at)
        if let fee {
            put(#","fee":"#, into: out, at: &at)
            putDecimal(fee, into: out, at: &at)
        }
        put("}", into: out, at: &at)
    }

    @inline(__always)
    private static func put(_ text: StaticString, into out: UnsafeMutableBufferPointer<UInt8>, at: inout Int) {
        text.withUTF8Buffer { bytes in
            for b in bytes {
                out[at] = b
                at += 1
            }
        }
    }

    /// `value` in decimal, as `String(value)` writes it.
    private static func putDecimal(_ value: Int64, into out: UnsafeMutableBufferPointer<UInt8>, at: inout Int) {
        if value < 0 { put("-", into: out, at: &at) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for the 20 digits of any magnitude, written backwards
        let count = withUnsafeMutableBytes(of: &digits) { room in
            var n = 0
            repeat {
                room[23 - n] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                n += 1
            } while magnitude > 0
            for k in 0..<n { out[at + k] = room[24 - n + k] }
            return n
        }
        at += count
    }
}
