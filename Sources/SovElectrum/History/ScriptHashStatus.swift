import SovJSON
import SovPrimitives

/// The `status` of a script hash (protocol-basics, "Status"): the SHA-256 of the concatenated
/// `"tx_hash:height:"` strings of its history in order, as lowercase hex, or null when there is no history.
///
/// `tx_hash` is the transaction hash in display hex; `height` is the block height, or for a mempool
/// transaction 0 when all its inputs are confirmed and -1 otherwise. The order is the history's: confirmed
/// transactions by height and position in the block, then the mempool ones (see `MempoolOrder`). A client
/// checks an announced status by hashing `get_history`'s result in the order received, so the server must
/// list its history in the same order it hashes.
public enum ScriptHashStatus {
    /// The status of `items`, taken in the order given; nil for an empty history.
    public static func hash(of items: [ElectrumHistory.Item]) -> String? {
        hash(ofWire: items.map { ($0.txid.hex, $0.height.wire) })
    }

    /// The status as a JSON value: the hex string, or null.
    public static func json(of items: [ElectrumHistory.Item]) -> JSONValue {
        hash(of: items).map(JSONValue.string) ?? .null
    }

    /// Client side: the status of a `blockchain.scripthash.get_history` result, hashed in the order received
    /// and from the strings as received. Throws when the result is not a list of `{"tx_hash": txid,
    /// "height": integer ≥ -1}` objects.
    public static func hash(ofHistoryResult result: JSONValue) throws(ElectrumRPCError) -> String? {
        guard let rows = result.arrayValue else { throw .badRequest("history is not a list") }
        var wire: [(String, Int)] = []
        wire.reserveCapacity(rows.count)
        for row in rows {
            guard let txHash = row["tx_hash"]?.stringValue, Txid(txHash) != nil,
                  let height = row["height"]?.intValue, TransactionHeight(wire: height) != nil else {
                throw .badRequest("history entry is not {tx_hash, height}: \(row.compact)")
            }
            wire.append((txHash, height))
        }
        return hash(ofWire: wire)
    }

    /// The protocol's formula over `(tx_hash, height)` as written on the wire.
    private static func hash(ofWire items: [(txHash: String, height: Int)]) -> String? {
        guard !items.isEmpty else { return nil }
        var text = ""
        for item in items {
            text += item.txHash
            text += ":"
            text += String(item.height)
            text += ":"
        }
        return Hashes.sha256(Array(text.utf8)).hex
    }
}
