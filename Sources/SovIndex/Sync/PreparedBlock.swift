import FoundationEssentials
import SovPrimitives

/// A block parsed and hashed, ready to be written to the index: everything that does not depend on the
/// index's state, so it can be computed on every core.
public struct PreparedBlock: Sendable {
    public var height: Int
    public var header: BlockHeader
    public var hash: BlockHash
    public var transactions: [Transaction]
    /// The txids in block order.
    public var txids: [Txid]
    /// Where each transaction lies in the block.
    public var table: BlockTransactionTable
    /// The script hash of each output, per transaction.
    public var outputScriptHashes: [[ScriptHash]]
    public var record: BlockRecord

    /// Parses `raw` (at `height`, found at `location` or on the node) and hashes what the index needs.
    public init(height: Int, raw: [UInt8], source: BlockRecord.Source, file: UInt32 = 0, offset: UInt64 = 0) throws(DecodingError) {
        var r = ByteReader(raw)
        let header = try BlockHeader(from: &r)
        let count = try r.readCount("transaction count", minimumItemSize: 10)
        var txs: [Transaction] = []
        var offsets: [UInt32] = []
        txs.reserveCapacity(count)
        offsets.reserveCapacity(count + 1)
        for _ in 0..<count {
            offsets.append(UInt32(r.position))
            txs.append(try Transaction(from: &r, allowWitness: true))
        }
        guard r.isAtEnd else { throw DecodingError(offset: r.position, "bytes after the last transaction of block \(height)") }
        offsets.append(UInt32(r.position))
        self.height = height
        self.header = header
        hash = header.hash
        transactions = txs
        txids = txs.map(\.txid)
        table = BlockTransactionTable(offsets: offsets)
        outputScriptHashes = txs.map { $0.outputs.map { ScriptHash(script: $0.scriptPubKey.bytes) } }
        record = BlockRecord(header: header, source: source, file: file, offset: offset, size: UInt32(raw.count))
    }

    /// Prepares many blocks in parallel, keeping their order.
    public static func prepareAll(_ inputs: [(height: Int, raw: [UInt8], source: BlockRecord.Source, file: UInt32, offset: UInt64)]) throws -> [PreparedBlock] {
        try concurrentMap(count: inputs.count) { i throws(DecodingError) in
            let input = inputs[i]
            return try PreparedBlock(height: input.height, raw: input.raw, source: input.source, file: input.file, offset: input.offset)
        }
    }
}
