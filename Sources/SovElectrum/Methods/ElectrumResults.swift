import SovJSON
import SovPrimitives

/// Builders for result shapes the server sends and the client reads, where the shape is fixed by the protocol
/// (and, for `blockchain.block.headers`, by the version through `HeadersResultShape`).
public enum ElectrumResults {
    /// `blockchain.block.headers`: `{"count", "hex", "max"}` before 1.6, `{"count", "headers", "max"}` from
    /// 1.6, plus the checkpoint proof's `branch` and `root` (of the last header) when one was asked for.
    public static func blockHeaders(_ headers: [[UInt8]], max: Int, shape: HeadersResultShape,
                                    checkpointProof: MerkleBranch? = nil) -> JSONValue {
        var object = JSONObject()
        object.append("count", .int(headers.count))
        switch shape {
        case .concatenatedHex:
            var all: [UInt8] = []
            all.reserveCapacity(headers.count * 80)
            for header in headers { all += header }
            object.append("hex", .string(Hex.encode(all)))
        case .list: object.append("headers", .array(headers.map { .string($0.hex) }))
        }
        object.append("max", .int(max))
        if let checkpointProof { for (key, value) in checkpointProof.checkpointMembers { object.append(key, value) } }
        return .object(object)
    }

    /// `blockchain.headers.subscribe`'s result and notification parameter: `{"height", "hex"}`.
    public static func headerTip(height: Int, header: [UInt8]) -> JSONValue {
        .object(JSONObject([("height", .int(height)), ("hex", .string(header.hex))]))
    }

    /// `blockchain.scripthash.get_balance`: `{"confirmed", "unconfirmed"}` in satoshis (unconfirmed may be
    /// negative: it is the mempool's delta).
    public static func balance(confirmed: Amount, unconfirmed: Amount) -> JSONValue {
        .object(JSONObject([("confirmed", .int(confirmed.satoshis)), ("unconfirmed", .int(unconfirmed.satoshis))]))
    }

    /// One unspent output of `blockchain.scripthash.listunspent`.
    public struct Unspent: Equatable, Sendable {
        public var txid: Txid
        public var vout: Int
        public var height: TransactionHeight
        public var value: Amount

        public init(txid: Txid, vout: Int, height: TransactionHeight, value: Amount) {
            self.txid = txid
            self.vout = vout
            self.height = height
            self.value = value
        }
    }

    /// `blockchain.scripthash.listunspent`: `[{"tx_hash", "tx_pos", "height", "value"}…]` in the order given
    /// (blockchain order, then mempool outputs).
    public static func listUnspent(_ outputs: [Unspent]) -> JSONValue {
        .array(outputs.map { u in
            .object(JSONObject([("tx_hash", .string(u.txid.hex)), ("tx_pos", .int(u.vout)),
                                ("height", .int(u.height.wire)), ("value", .int(u.value.satoshis))]))
        })
    }

    /// The notification sent when a subscribed script hash's status changes:
    /// `blockchain.scripthash.subscribe(scripthash, status)`.
    public static func scriptHashNotification(_ scriptHash: ScriptHash, status: String?) -> JSONRPCRequest {
        JSONRPCRequest(id: nil, method: ElectrumMethod.scriptHashSubscribe.rawValue,
                       params: .positional([.string(scriptHash.hex), status.map(JSONValue.string) ?? .null]))
    }

    /// The notification sent for a new chain tip: `blockchain.headers.subscribe(header)`.
    public static func headerNotification(height: Int, header: [UInt8]) -> JSONRPCRequest {
        JSONRPCRequest(id: nil, method: ElectrumMethod.headersSubscribe.rawValue,
                       params: .positional([headerTip(height: height, header: header)]))
    }
}
