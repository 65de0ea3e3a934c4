import SovPrimitives

/// Transactions of one block, in a run from `first`: where each one's bytes lie in the block. What a cold
/// read would otherwise find by parsing the block up to the transaction. A block's whole table is stored as
/// chunks of `chunkSize` transactions (schema 4's `X` rows), so that a history needing one transaction of a
/// block of thousands reads a few hundred bytes, not the block's whole table.
///
/// A chunk is stored as: its transaction count (LEB128), the first transaction's offset in the block, then
/// each transaction's size (LEB128: two bytes for most). Txids are not stored (schema 3 stored them, 32 bytes
/// of entropy per transaction, two thirds of the index's growth): a reader hashes the transaction's bytes,
/// which it reads anyway (`Transaction.txid`).
public struct BlockTransactionTable: Sendable, Equatable {
    /// Transactions per stored chunk.
    public static let chunkSize = 64

    /// The position in the block of the first transaction described.
    public let first: Int
    /// Where each transaction starts (from the start of the block), then where the last one ends.
    public let offsets: [UInt32]

    /// Transactions described.
    public var count: Int { offsets.count - 1 }

    /// Positions in the block of the transactions described.
    public var positions: Range<Int> { first..<first + count }

    public init(offsets: some Collection<UInt32>, first: Int = 0) {
        precondition(offsets.count >= 1, "a transaction table needs an offset past its last transaction")
        self.offsets = Array(offsets)
        self.first = first
    }

    /// The bytes within the block of the transaction at `position` (one of `positions`).
    public func range(of position: Int) -> Range<Int> { Int(offsets[position - first])..<Int(offsets[position - first + 1]) }

    /// The stored chunks of a block's whole table (which starts at position 0).
    public var chunks: [BlockTransactionTable] {
        stride(from: 0, to: count, by: Self.chunkSize).map { start in
            BlockTransactionTable(offsets: offsets[start...min(start + Self.chunkSize, count)], first: first + start)
        }
    }

    public var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4 + count * 2)
        Self.appendVarint(UInt32(count), to: &out)
        Self.appendVarint(offsets[0], to: &out)
        for i in 1..<offsets.count { Self.appendVarint(offsets[i] &- offsets[i - 1], to: &out) }
        return out
    }

    /// A stored chunk (or table) whose first transaction is at `first` in its block.
    public init(encoded bytes: [UInt8], first: Int) throws(DecodingError) {
        var at = 0
        let count = Int(try Self.readVarint(bytes, at: &at))
        // Every size takes at least one byte.
        guard count <= IndexSchema.maximumTransactionsPerBlock, bytes.count - at >= count + 1 else {
            throw DecodingError("a block's transaction table is cut short")
        }
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
        self.offsets = offsets
        self.first = first
    }

    /// Appends where each of `indices` (ascending positions in the block, all described by the stored chunk
    /// `bytes`, whose first transaction is at `first`) lies in the block: the chunk decoded in place, only
    /// as far as the last of them.
    static func ranges(inChunk bytes: UnsafeRawBufferPointer, first: Int, of indices: some Sequence<Int>,
                       into ranges: inout [Range<Int>]) throws(DecodingError) {
        var at = 0
        let count = Int(try readVarint(bytes, at: &at))
        var offset = Int(try readVarint(bytes, at: &at))
        var position = first
        for index in indices {
            guard index >= position, index < first + count else { throw DecodingError("a transaction outside its table's chunk") }
            while position < index {
                offset += Int(try readVarint(bytes, at: &at))
                position += 1
            }
            let size = Int(try readVarint(bytes, at: &at))
            ranges.append(offset..<offset + size)
            offset += size
            position += 1
        }
    }

    /// Schema 3's encoding of a chunk: the count, then each transaction's txid (32 bytes), then the offsets
    /// as now. Read only by the upgrade to schema 4.
    static func schemaThreeOffsets(_ bytes: [UInt8], first: Int) throws(DecodingError) -> BlockTransactionTable {
        var at = 0
        let count = Int(try readVarint(bytes, at: &at))
        guard count <= IndexSchema.maximumTransactionsPerBlock, bytes.count - at >= count * 32 else {
            throw DecodingError("a block's transaction table is cut short")
        }
        var rest = Array(bytes[..<at])
        rest += bytes[(at + 32 * count)...]
        return try BlockTransactionTable(encoded: rest, first: first)
    }

    static func appendVarint(_ value: UInt32, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func readVarint<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at: inout Int) throws(DecodingError) -> UInt32
    where Bytes.Index == Int {
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
