import SovPrimitives

/// Every transaction of one block: its txid and where its bytes lie in the block (schema 3's `X` row).
/// What a cold read would otherwise find by parsing the block and hashing transactions: with it, a
/// history's txids, a transaction's bytes and a block's merkle leaves are one read away.
///
/// Stored as: the transaction count (LEB128), the txids (32 bytes each, internal byte order), the first
/// transaction's offset, then each transaction's size (LEB128: two bytes for most).
public struct BlockTransactionTable: Sendable, Equatable {
    /// The block's txids in block order.
    public let txids: [Txid]
    /// Where each transaction starts (from the start of the block), then where the last one ends.
    public let offsets: [UInt32]

    public var count: Int { txids.count }

    public init(txids: [Txid], offsets: [UInt32]) {
        precondition(offsets.count == txids.count + 1, "a transaction table needs one offset more than txids")
        self.txids = txids
        self.offsets = offsets
    }

    /// The table of a serialized block, found by parsing it (an index being upgraded to schema 3).
    public init(block raw: [UInt8]) throws(DecodingError) {
        var r = ByteReader(raw)
        try r.skip(80, "block header")
        let count = try r.readCount("transaction count", minimumItemSize: 10)
        var txids: [Txid] = []
        var offsets: [UInt32] = []
        txids.reserveCapacity(count)
        offsets.reserveCapacity(count + 1)
        for _ in 0..<count {
            offsets.append(UInt32(r.position))
            txids.append(try Transaction(from: &r, allowWitness: true).txid)
        }
        guard r.isAtEnd else { throw DecodingError(offset: r.position, "bytes after the last transaction") }
        offsets.append(UInt32(r.position))
        self.init(txids: txids, offsets: offsets)
    }

    /// The bytes of transaction `index` within the block.
    public func range(of index: Int) -> Range<Int> { Int(offsets[index])..<Int(offsets[index + 1]) }

    public var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4 + txids.count * 35)
        Self.appendVarint(UInt32(txids.count), to: &out)
        for txid in txids { txid.hash32.withUnsafeBytes { out.append(contentsOf: $0) } }
        Self.appendVarint(offsets[0], to: &out)
        for i in 1..<offsets.count { Self.appendVarint(offsets[i] &- offsets[i - 1], to: &out) }
        return out
    }

    public init(encoded bytes: [UInt8]) throws(DecodingError) {
        var at = 0
        let count = Int(try Self.readVarint(bytes, at: &at))
        guard count <= IndexSchema.maximumTransactionsPerBlock, bytes.count - at >= count * 32 else {
            throw DecodingError("a block's transaction table is cut short")
        }
        var txids: [Txid] = []
        txids.reserveCapacity(count)
        bytes.withUnsafeBytes { raw in
            for i in 0..<count { txids.append(Txid(Hash32(loadingFrom: UnsafeRawBufferPointer(rebasing: raw[(at + 32 * i)...])))) }
        }
        at += 32 * count
        var offsets: [UInt32] = []
        offsets.reserveCapacity(count + 1)
        var offset = try Self.readVarint(bytes, at: &at)
        offsets.append(offset)
        for _ in 0..<count {
            let (sum, overflow) = offset.addingReportingOverflow(try Self.readVarint(bytes, at: &at))
            guard !overflow else { throw DecodingError("a block's transaction table has offsets out of range") }
            offset = sum
            offsets.append(offset)
        }
        guard at == bytes.count else { throw DecodingError("bytes after a block's transaction table") }
        self.init(txids: txids, offsets: offsets)
    }

    static func appendVarint(_ value: UInt32, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func readVarint(_ bytes: [UInt8], at: inout Int) throws(DecodingError) -> UInt32 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard at < bytes.count, shift < 35 else { throw DecodingError("a block's transaction table is cut short") }
            let byte = bytes[at]
            at += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        guard value <= UInt64(UInt32.max) else { throw DecodingError("a block's transaction table has offsets out of range") }
        return UInt32(value)
    }
}
