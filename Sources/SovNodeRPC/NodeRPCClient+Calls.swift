import SovJSON
import SovPrimitives

/// Typed wrappers for the calls the index, the server and `sov node` use. Each returns exactly what
/// Core answered, in a shape that is convenient to use; raw `JSONValue` where Core's shape is large.
extension NodeRPCClient {
    func expect<T>(_ value: T?, _ method: String) throws(NodeRPCError) -> T {
        guard let value else { throw .malformedResponse(status: 200, detail: "\(method): unexpected result shape") }
        return value
    }

    public func blockchainInfo() throws(NodeRPCError) -> BlockchainInfo {
        let v = try call("getblockchaininfo")
        return try expect(BlockchainInfo(v), "getblockchaininfo")
    }

    public func networkInfo() throws(NodeRPCError) -> JSONValue { try call("getnetworkinfo") }

    public func bestBlockHash() throws(NodeRPCError) -> String {
        try expect(try call("getbestblockhash").stringValue, "getbestblockhash")
    }

    public func blockHash(height: Int) throws(NodeRPCError) -> String {
        try expect(try call("getblockhash", [.int(height)]).stringValue, "getblockhash")
    }

    /// `getblockheader HASH true`.
    public func blockHeaderInfo(hash: String) throws(NodeRPCError) -> JSONValue {
        try call("getblockheader", [.string(hash), .bool(true)])
    }

    /// The 80 raw header bytes (`getblockheader HASH false`).
    public func blockHeader(hash: String) throws(NodeRPCError) -> BlockHeader {
        let hex = try expect(try call("getblockheader", [.string(hash), .bool(false)]).stringValue, "getblockheader")
        guard let bytes = [UInt8](hex: hex), let header = try? BlockHeader(bytes: bytes) else {
            throw .malformedResponse(status: 200, detail: "getblockheader: not an 80-byte header")
        }
        return header
    }

    /// The raw block (`getblock HASH 0`).
    public func rawBlock(hash: String) throws(NodeRPCError) -> [UInt8] {
        let hex = try expect(try call("getblock", [.string(hash), .int(0)]).stringValue, "getblock")
        return try expect([UInt8](hex: hex), "getblock")
    }

    /// Raw blocks for several hashes in one batch request (pipelined fetch).
    public func rawBlocks(hashes: [String]) throws(NodeRPCError) -> [[UInt8]] {
        var blocks: [[UInt8]] = []
        for result in try batch(hashes.map { RPCRequest("getblock", [.string($0), .int(0)]) }) {
            let value = try result.get()
            blocks.append(try expect(value.stringValue.flatMap { [UInt8](hex: $0) }, "getblock"))
        }
        return blocks
    }

    /// A raw transaction (`getrawtransaction TXID false [BLOCKHASH]`).
    public func rawTransaction(txid: String, blockHash: String? = nil) throws(NodeRPCError) -> [UInt8] {
        var params: [JSONValue] = [.string(txid), .bool(false)]
        if let blockHash { params.append(.string(blockHash)) }
        return try expect(try call("getrawtransaction", params).stringValue.flatMap { [UInt8](hex: $0) }, "getrawtransaction")
    }

    /// `getrawmempool true`: txid → entry.
    public func mempool() throws(NodeRPCError) -> [(txid: String, entry: MempoolEntry)] {
        guard case .object(let object) = try call("getrawmempool", [.bool(true)]) else {
            throw .malformedResponse(status: 200, detail: "getrawmempool: not an object")
        }
        return try object.entries.map { (e) throws(NodeRPCError) in (e.key, try expect(MempoolEntry(e.value), "getrawmempool")) }
    }

    /// `getrawmempool false`: txids only.
    public func mempoolTxids() throws(NodeRPCError) -> [String] {
        try expect(try call("getrawmempool", [.bool(false)]).arrayValue?.compactMap(\.stringValue), "getrawmempool")
    }

    public func mempoolEntry(txid: String) throws(NodeRPCError) -> MempoolEntry {
        try expect(MempoolEntry(try call("getmempoolentry", [.string(txid)])), "getmempoolentry")
    }

    public func mempoolInfo() throws(NodeRPCError) -> JSONValue { try call("getmempoolinfo") }

    /// `estimatesmartfee BLOCKS [MODE]`.
    public func estimateSmartFee(blocks: Int, mode: String? = nil) throws(NodeRPCError) -> FeeEstimate {
        var params: [JSONValue] = [.int(blocks)]
        if let mode { params.append(.string(mode)) }
        return try expect(FeeEstimate(try call("estimatesmartfee", params)), "estimatesmartfee")
    }

    /// Broadcasts a transaction; returns its txid.
    public func sendRawTransaction(_ raw: [UInt8]) throws(NodeRPCError) -> String {
        try expect(try call("sendrawtransaction", [.string(raw.hex)]).stringValue, "sendrawtransaction")
    }

    public func testMempoolAccept(_ raws: [[UInt8]]) throws(NodeRPCError) -> [JSONValue] {
        try expect(try call("testmempoolaccept", [.array(raws.map { .string($0.hex) })]).arrayValue, "testmempoolaccept")
    }

    /// `getblockfilter HASH basic`: the BIP158 filter and its header.
    public func blockFilter(hash: String) throws(NodeRPCError) -> (filter: [UInt8], header: String) {
        let v = try call("getblockfilter", [.string(hash)])
        guard let f = v["filter"]?.stringValue.flatMap({ [UInt8](hex: $0) }), let h = v["header"]?.stringValue else {
            throw .malformedResponse(status: 200, detail: "getblockfilter: unexpected result shape")
        }
        return (f, h)
    }

    public func peerInfo() throws(NodeRPCError) -> [JSONValue] {
        try expect(try call("getpeerinfo").arrayValue, "getpeerinfo")
    }

    public func uptime() throws(NodeRPCError) -> Int {
        try expect(try call("uptime").intValue, "uptime")
    }
}

/// The fields of `getblockchaininfo` sov uses.
public struct BlockchainInfo: Sendable, Equatable {
    public var chain: String
    public var blocks: Int
    public var headers: Int
    public var bestBlockHash: String
    public var verificationProgress: Double
    public var initialBlockDownload: Bool
    public var pruned: Bool
    public var sizeOnDisk: Int64
    public var warnings: [String]

    init?(_ v: JSONValue) {
        guard let chain = v["chain"]?.stringValue, let blocks = v["blocks"]?.intValue,
              let headers = v["headers"]?.intValue, let best = v["bestblockhash"]?.stringValue else { return nil }
        self.chain = chain
        self.blocks = blocks
        self.headers = headers
        self.bestBlockHash = best
        verificationProgress = v["verificationprogress"]?.doubleValue ?? 0
        initialBlockDownload = v["initialblockdownload"]?.boolValue ?? false
        pruned = v["pruned"]?.boolValue ?? false
        sizeOnDisk = v["size_on_disk"]?.int64Value ?? 0
        // Core 28+ gives a list; older versions a string.
        if let list = v["warnings"]?.arrayValue { warnings = list.compactMap(\.stringValue) } else if let s = v["warnings"]?.stringValue, !s.isEmpty {
            warnings = [s]
        } else { warnings = [] }
    }

    /// The network this chain name stands for.
    public var network: Network? {
        switch chain {
        case "main": return .main
        case "test": return .test
        case "testnet4": return .testnet4
        case "signet": return .signet
        case "regtest": return .regtest
        default: return nil
        }
    }
}

/// A mempool entry (`getrawmempool true` / `getmempoolentry`).
public struct MempoolEntry: Sendable, Equatable {
    public var vsize: Int
    public var weight: Int
    /// Base fee in satoshis.
    public var fee: Int64
    public var time: Int64
    public var height: Int
    public var wtxid: String
    /// In-mempool parents.
    public var depends: [String]

    init?(_ v: JSONValue) {
        guard let vsize = v["vsize"]?.intValue, let fee = v["fees"]?["base"]?.satoshis ?? v["fee"]?.satoshis else { return nil }
        self.vsize = vsize
        self.fee = fee
        weight = v["weight"]?.intValue ?? vsize * 4
        time = v["time"]?.int64Value ?? 0
        height = v["height"]?.intValue ?? 0
        wtxid = v["wtxid"]?.stringValue ?? ""
        depends = v["depends"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}

/// `estimatesmartfee`: a fee rate in satoshis per kvB, or the reasons Core has none.
public struct FeeEstimate: Sendable, Equatable {
    public var satoshisPerKvB: Int64?
    public var blocks: Int
    public var errors: [String]

    init?(_ v: JSONValue) {
        guard let blocks = v["blocks"]?.intValue else { return nil }
        self.blocks = blocks
        satoshisPerKvB = v["feerate"]?.satoshis
        errors = v["errors"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
