import FoundationEssentials
import SovJSON
import SovPrimitives

extension CoreJSON {
    /// Header fields as `getblockheader` prints them, less what needs the chain (height, confirmations,
    /// chainwork, next block).
    public func header(_ header: BlockHeader) -> JSONValue {
        .object(headerFields(header))
    }

    func headerFields(_ header: BlockHeader) -> JSONObject {
        var o = JSONObject()
        o.append("hash", .string(header.hash.hex))
        o.append("version", .int(header.version))
        o.append("versionHex", .string(String(cFormat: "%08x", UInt32(bitPattern: header.version))))
        o.append("merkleroot", .string(Hex.encodeReversed(header.merkleRoot)))
        o.append("time", .int(header.time))
        o.append("nonce", .int(header.nonce))
        o.append("bits", .string(String(cFormat: "%08x", header.bits)))
        if let target = header.target { o.append("target", .string(target.hex)) }
        o.append("difficulty", .number(CoreJSON.formatDouble(header.difficulty)))
        if header.previousBlockHash.hash32 != .zero {
            o.append("previousblockhash", .string(header.previousBlockHash.hex))
        }
        return o
    }

    /// A block as `getblock HASH 2` prints it, less chain context: header fields, sizes and every
    /// transaction in `decoderawtransaction` form.
    public func block(_ block: Block) -> JSONValue {
        var o = headerFields(block.header)
        let metrics = block.transactions.map(TransactionMetrics.init)
        let size = block.serialized().count
        let strippedSize = size - metrics.reduce(0) { $0 + $1.size - $1.strippedSize }
        o.append("strippedsize", .int(strippedSize))
        o.append("size", .int(size))
        o.append("weight", .int(strippedSize * 3 + size))
        let computedRoot = Block.merkleRoot(metrics.map(\.txid.bytes))
        o.append("merkleroot_valid", .bool(computedRoot == block.header.merkleRoot))
        o.append("pow_valid", .bool(block.header.hasValidProofOfWork))
        o.append("nTx", .int(block.transactions.count))
        o.append("tx", .array(zip(block.transactions, metrics).map { transaction($0, metrics: $1) }))
        return .object(o)
    }

    /// UniValue's formatting of doubles: up to 16 significant digits, shortest form (`%.16g`).
    static func formatDouble(_ value: Double) -> String {
        String(cFormat: "%.16g", value)
    }
}
