import Foundation
import SovInspect
import SovJSON
import SovPrimitives

/// A stand-in for Bitcoin Core's RPC server: serves a fixture chain over real HTTP JSON-RPC on
/// 127.0.0.1 with cookie authentication, answering in the shapes of the recorded `rpc/*.json`.
///
/// It can step through the recorded node states (`step(to:)`), pretend to be warming up
/// (`warmupCalls`), and records what was sent to it (`broadcasts`, `paths`).
public final class NodeDouble: @unchecked Sendable {
    public let fixture: FixtureChain
    public let datadir: URL
    public var cookiePath: String { datadir.appendingPathComponent("regtest/.cookie").path }
    public var url: String { "http://127.0.0.1:\(server!.port)" }
    public var port: Int { server!.port }

    private var server: LoopbackHTTPServer?
    private let lock = NSLock()
    private let cookiePassword: String
    private let started = Date()

    // State (guarded by lock).
    private var chain: [Block] = []
    private var hashes: [String] = []
    private var heightByHash: [String: Int] = [:]
    private var staleByHash: [String: Block] = [:]
    private var txIndex: [String: (height: Int, tx: Transaction)] = [:]
    private var mempool: [(txid: String, tx: Transaction)] = []
    private var warmupRemaining = 0
    private var _broadcasts: [[UInt8]] = []
    private var _paths: [String] = []
    public private(set) var stateLabel = ""
    /// The `zmqpubhashblock` publisher, once `enableBlockNotifications()` started it.
    public private(set) var blockNotifications: ZMQPublisherDouble?

    /// Starts publishing `hashblock` over ZMQ (announced by `getzmqnotifications`), as a node with
    /// `zmqpubhashblock=` does.
    public func enableBlockNotifications() throws {
        lock.lock(); defer { lock.unlock() }
        if blockNotifications == nil { blockNotifications = try ZMQPublisherDouble() }
    }

    /// Starts serving `fixture` at the checkpoint labelled `state` (default: the last, "final").
    public init(fixture: FixtureChain, state: String? = nil) throws {
        self.fixture = fixture
        datadir = FileManager.default.temporaryDirectory.appendingPathComponent("sov-node-double-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: datadir.appendingPathComponent("regtest"), withIntermediateDirectories: true)
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        cookiePassword = bytes.hex
        try Data("__cookie__:\(cookiePassword)".utf8).write(to: URL(fileURLWithPath: cookiePath))
        for (_, raw) in fixture.staleBlocks {
            if let block = try? Block(bytes: raw) { staleByHash[block.header.hash.hex] = block }
        }
        try step(to: state ?? fixture.checkpoints.last!.label)
        server = try LoopbackHTTPServer { [weak self] request in
            guard let self else { return (500, []) }
            return self.handle(request)
        }
    }

    deinit {
        blockNotifications?.stop()
        server?.stop()
        try? FileManager.default.removeItem(at: datadir)
    }

    public func stop() {
        blockNotifications?.stop()
        server?.stop()
    }

    /// Answers the next `count` RPCs with -28 "Loading block index…", as a starting node does.
    public func simulateWarmup(calls count: Int) { lock.lock(); warmupRemaining = count; lock.unlock() }

    public var broadcasts: [[UInt8]] { lock.lock(); defer { lock.unlock() }; return _broadcasts }
    public var paths: [String] { lock.lock(); defer { lock.unlock() }; return _paths }

    /// Moves to a recorded node state: its active chain and its mempool.
    public func step(to label: String) throws {
        guard let checkpoint = fixture.checkpoints.first(where: { $0.label == label }) else {
            throw NSError(domain: "NodeDouble", code: 1, userInfo: [NSLocalizedDescriptionKey: "no checkpoint \(label)"])
        }
        let blocks = try fixture.activeChain(at: checkpoint).map { try Block(bytes: $0) }
        lock.lock(); defer { lock.unlock() }
        let previousTip = hashes.last
        chain = blocks
        hashes = blocks.map(\.header.hash.hex)
        heightByHash = Dictionary(uniqueKeysWithValues: hashes.enumerated().map { ($1, $0) })
        txIndex = [:]
        for (height, block) in blocks.enumerated() {
            for tx in block.transactions { txIndex[tx.txid.hex] = (height, tx) }
        }
        mempool = try checkpoint.mempool.map { ($0.txid, try Transaction(bytes: $0.raw)) }
        let tipChanged = hashes.last != nil && stateLabel != "" && hashes.last != previousTip
        stateLabel = label
        if tipChanged, let publisher = blockNotifications, let tip = hashes.last { publisher.publishBlock(tip) }
    }

    // MARK: HTTP and JSON-RPC

    func handle(_ request: LoopbackHTTPRequest) -> (Int, [UInt8]) {
        lock.lock(); _paths.append(request.path); lock.unlock()
        let expected = "Basic " + Data("__cookie__:\(cookiePassword)".utf8).base64EncodedString()
        guard request.headers["authorization"] == expected else { return (401, []) }
        var body = request.body
        guard let value = try? JSONParser.parse(bytes: &body) else {
            return (500, Array(#"{"result":null,"error":{"code":-32700,"message":"Parse error"},"id":null}"#.utf8) + [10])
        }
        let wallet = request.path.hasPrefix("/wallet/") ? String(request.path.dropFirst(8)).removingPercentEncoding : nil
        if let batch = value.arrayValue {
            let answers = batch.map { self.answer($0, wallet: wallet).body }
            return (200, Array(JSONValue.array(answers).compact.utf8) + [10])
        }
        let (status, reply) = self.answer(value, wallet: wallet)
        return (status, Array(reply.compact.utf8) + [10])
    }

    func answer(_ request: JSONValue, wallet: String?) -> (status: Int, body: JSONValue) {
        let id = request["id"] ?? .null
        let method = request["method"]?.stringValue ?? ""
        let params = request["params"].map { NodeDouble.positional(method: method, $0) } ?? []
        let outcome: Result<JSONValue, RPCFailure>
        lock.lock()
        if warmupRemaining > 0 {
            warmupRemaining -= 1
            outcome = .failure(RPCFailure(-28, "Loading block index…"))
        } else {
            outcome = dispatch(method, params, wallet: wallet)
        }
        lock.unlock()
        switch outcome {
        case .success(let result):
            return (200, .object(JSONObject([("result", result), ("error", .null), ("id", id)])))
        case .failure(let failure):
            let status = failure.code == -32601 ? 404 : (failure.code == -32600 ? 400 : 500)
            let error = JSONValue.object(JSONObject([("code", .int(failure.code)), ("message", .string(failure.message))]))
            return (status, .object(JSONObject([("result", .null), ("error", error), ("id", id)])))
        }
    }

    /// Core's parameter names for the methods the double serves, to accept named parameters.
    static let parameterNames: [String: [String]] = [
        "getblock": ["blockhash", "verbosity"], "getblockhash": ["height"], "getblockheader": ["blockhash", "verbose"],
        "getrawtransaction": ["txid", "verbosity", "blockhash"], "getrawmempool": ["verbose", "mempool_sequence"],
        "getmempoolentry": ["txid"], "estimatesmartfee": ["conf_target", "estimate_mode"],
        "sendrawtransaction": ["hexstring", "maxfeerate", "maxburnamount"], "testmempoolaccept": ["rawtxs", "maxfeerate"],
        "getblockfilter": ["blockhash", "filtertype"], "loadtxoutset": ["path"],
    ]

    static func positional(method: String, _ params: JSONValue) -> [JSONValue] {
        if let array = params.arrayValue { return array }
        guard let object = params.objectValue else { return [] }
        let names = parameterNames[method] ?? object.keys
        var values = names.map { object[$0] ?? .null }
        while values.last == .null { values.removeLast() }
        return values
    }

    struct RPCFailure: Error {
        let code: Int
        let message: String
        init(_ code: Int, _ message: String) { self.code = code; self.message = message }
    }

    var tipHeight: Int { chain.count - 1 }
    var tipHash: String { hashes[tipHeight] }
    var json: CoreJSON { CoreJSON(network: .regtest) }

    func recorded(_ name: String) -> JSONValue { fixture.recorded[name]?["result"] ?? .null }

    /// Chainwork of a regtest chain: each block at the minimum difficulty adds 2.
    func chainwork(height: Int) -> String {
        let hex = String((height + 1) * 2, radix: 16)
        return String(repeating: "0", count: 64 - hex.count) + hex
    }

    func medianTime(height: Int) -> Int {
        let times = chain[max(0, height - 10)...height].map { Int($0.header.time) }.sorted()
        return times[times.count / 2]
    }

    func dispatch(_ method: String, _ params: [JSONValue], wallet: String?) -> Result<JSONValue, RPCFailure> {
        switch method {
        case "getblockchaininfo":
            guard case .object(var o) = recorded("getblockchaininfo") else { return .failure(RPCFailure(-1, "no template")) }
            let tip = chain[tipHeight].header
            o["blocks"] = .int(tipHeight)
            o["headers"] = .int(tipHeight)
            o["bestblockhash"] = .string(tipHash)
            o["time"] = .int(tip.time)
            o["mediantime"] = .int(medianTime(height: tipHeight))
            o["chainwork"] = .string(chainwork(height: tipHeight))
            return .success(.object(o))
        case "getnetworkinfo", "getpeerinfo", "getnettotals", "getindexinfo", "help", "getdifficulty":
            return .success(recorded(method))
        case "uptime":
            return .success(.int(Int(Date().timeIntervalSince(started))))
        case "getbestblockhash":
            return .success(.string(tipHash))
        case "getblockcount":
            return .success(.int(tipHeight))
        case "getblockhash":
            guard let h = params.first?.intValue else { return .failure(RPCFailure(-3, "JSON value of type \(params.first.map { _ in "string" } ?? "null") is not of expected type number")) }
            guard h >= 0 && h <= tipHeight else { return .failure(RPCFailure(-8, "Block height out of range")) }
            return .success(.string(hashes[h]))
        case "getblockheader":
            guard let hash = params.first?.stringValue, let (block, height) = findBlock(hash) else {
                return .failure(RPCFailure(-5, "Block not found"))
            }
            if params.count > 1, params[1] == .bool(false) { return .success(.string(block.header.serialized.hex)) }
            return .success(headerInfo(block, height: height))
        case "getblock":
            guard let hash = params.first?.stringValue, let (block, height) = findBlock(hash) else {
                return .failure(RPCFailure(-5, "Block not found"))
            }
            let verbosity = params.count > 1 ? (params[1].intValue ?? (params[1] == .bool(true) ? 1 : 0)) : 1
            if verbosity == 0 { return .success(.string(block.serialized().hex)) }
            guard case .object(var o) = headerInfo(block, height: height) else { return .failure(RPCFailure(-1, "internal")) }
            o["nTx"] = nil
            let size = block.serialized().count
            let stripped = 80 + ByteWriter.compactSizeLength(block.transactions.count)
                + block.transactions.reduce(0) { $0 + $1.strippedSize }
            o.append("strippedsize", .int(stripped))
            o.append("size", .int(size))
            o.append("weight", .int(stripped * 3 + size))
            o.append("nTx", .int(block.transactions.count))
            o.append("tx", .array(block.transactions.map { verbosity >= 2 ? json.transaction($0) : .string($0.txid.hex) }))
            return .success(.object(o))
        case "getrawtransaction":
            guard let txid = params.first?.stringValue else { return .failure(RPCFailure(-1, "txid required")) }
            let verbose = params.count > 1 && (params[1] == .bool(true) || (params[1].intValue ?? 0) > 0)
            if let (height, tx) = txIndex[txid] {
                if !verbose { return .success(.string(tx.serialized().hex)) }
                guard case .object(var o) = json.transaction(tx) else { return .failure(RPCFailure(-1, "internal")) }
                o.append("hex", .string(tx.serialized().hex))
                o.append("blockhash", .string(hashes[height]))
                o.append("confirmations", .int(tipHeight - height + 1))
                o.append("time", .int(chain[height].header.time))
                o.append("blocktime", .int(chain[height].header.time))
                return .success(.object(o))
            }
            if let entry = mempool.first(where: { $0.txid == txid }) {
                if !verbose { return .success(.string(entry.tx.serialized().hex)) }
                guard case .object(var o) = json.transaction(entry.tx) else { return .failure(RPCFailure(-1, "internal")) }
                o.append("hex", .string(entry.tx.serialized().hex))
                return .success(.object(o))
            }
            return .failure(RPCFailure(-5, "No such mempool or blockchain transaction. Use gettransaction for wallet transactions."))
        case "getrawmempool":
            let verbose = params.first == .bool(true)
            if !verbose { return .success(.array(mempool.map { .string($0.txid) })) }
            return .success(.object(JSONObject(mempool.map { ($0.txid, mempoolEntry($0.txid)!) })))
        case "getmempoolentry":
            guard let txid = params.first?.stringValue, let entry = mempoolEntry(txid) else {
                return .failure(RPCFailure(-5, "Transaction not in mempool"))
            }
            return .success(entry)
        case "getmempoolinfo":
            guard case .object(var o) = recorded("getmempoolinfo") else { return .failure(RPCFailure(-1, "no template")) }
            o["size"] = .int(mempool.count)
            o["bytes"] = .int(mempool.reduce(0) { $0 + $1.tx.virtualSize })
            o["total_fee"] = .amount(mempool.reduce(Int64(0)) { $0 + (fee(of: $1.tx) ?? 0) })
            return .success(.object(o))
        case "estimatesmartfee":
            return .success(recorded("estimatesmartfee"))
        case "getblockfilter":
            let sample = fixture.recorded["getblockfilter"]
            guard let hash = params.first?.stringValue, findBlock(hash) != nil else { return .failure(RPCFailure(-5, "Block not found")) }
            guard hash == tipHash, let result = sample?["result"] else { return .failure(RPCFailure(-1, "Filter not found.")) }
            return .success(result)
        case "sendrawtransaction":
            guard let hex = params.first?.stringValue, let bytes = [UInt8](hex: hex), let tx = try? Transaction(bytes: bytes), !tx.inputs.isEmpty else {
                return .failure(RPCFailure(-22, "TX decode failed. Make sure the tx has at least one input."))
            }
            _broadcasts.append(bytes)
            let txid = tx.txid.hex
            if txIndex[txid] != nil { return .failure(RPCFailure(-27, "Transaction outputs already in utxo set")) }
            if !mempool.contains(where: { $0.txid == txid }) { mempool.append((txid, tx)) }
            return .success(.string(txid))
        case "submitpackage":
            // Core's submitpackage (v28): every transaction enters the mempool, answered per wtxid.
            guard let raws = params.first?.arrayValue, !raws.isEmpty else { return .failure(RPCFailure(-8, "Array must contain between 1 and 25 transactions.")) }
            var transactions: [([UInt8], Transaction)] = []
            for raw in raws {
                guard let bytes = raw.stringValue.flatMap({ [UInt8](hex: $0) }), let tx = try? Transaction(bytes: bytes), !tx.inputs.isEmpty else {
                    return .failure(RPCFailure(-22, "TX decode failed: \(raw.stringValue?.prefix(16) ?? "") Make sure the tx has at least one input."))
                }
                transactions.append((bytes, tx))
            }
            var results = JSONObject()
            for (bytes, tx) in transactions {
                _broadcasts.append(bytes)
                if !mempool.contains(where: { $0.txid == tx.txid.hex }) { mempool.append((tx.txid.hex, tx)) }
                var o = JSONObject([("txid", .string(tx.txid.hex)), ("vsize", .int(tx.virtualSize))])
                if let fee = fee(of: tx) { o.append("fees", .object(JSONObject([("base", .amount(fee))]))) }
                results.append(tx.wtxid.hex, .object(o))
            }
            return .success(.object(JSONObject([("package_msg", .string("success")), ("tx-results", .object(results)),
                                                ("replaced-transactions", .array([]))])))
        case "testmempoolaccept":
            guard let raws = params.first?.arrayValue else { return .failure(RPCFailure(-3, "Expected type array")) }
            return .success(.array(raws.map { raw -> JSONValue in
                guard let bytes = raw.stringValue.flatMap({ [UInt8](hex: $0) }), let tx = try? Transaction(bytes: bytes) else {
                    return .object(JSONObject([("allowed", .bool(false)), ("reject-reason", .string("TX decode failed"))]))
                }
                var o = JSONObject([("txid", .string(tx.txid.hex)), ("wtxid", .string(tx.wtxid.hex))])
                if mempool.contains(where: { $0.txid == tx.txid.hex }) {
                    o.append("allowed", .bool(false))
                    o.append("reject-reason", .string("txn-already-in-mempool"))
                    o.append("reject-details", .string("txn-already-in-mempool"))
                } else {
                    o.append("allowed", .bool(true))
                    o.append("vsize", .int(tx.virtualSize))
                    if let fee = fee(of: tx) { o.append("fees", .object(JSONObject([("base", .amount(fee))]))) }
                }
                return .object(o)
            }))
        case "loadtxoutset":
            guard let path = params.first?.stringValue else { return .failure(RPCFailure(-1, "path required")) }
            guard FileManager.default.fileExists(atPath: path) else {
                return .failure(RPCFailure(-8, "Couldn't open file \(path) for reading."))
            }
            // The double's "snapshot" is its own chain state: the unspent outputs at the tip.
            var unspent = Set<String>()
            for block in chain {
                for tx in block.transactions {
                    if !tx.isCoinbase { for i in tx.inputs { unspent.remove("\(i.previousOutput.txid.hex):\(i.previousOutput.index)") } }
                    for (n, o) in tx.outputs.enumerated() where !o.scriptPubKey.isUnspendable { unspent.insert("\(tx.txid.hex):\(n)") }
                }
            }
            return .success(.object(JSONObject([("coins_loaded", .int(unspent.count)), ("tip_hash", .string(tipHash)),
                                                ("base_height", .int(tipHeight)), ("path", .string(path))])))
        case "getzmqnotifications":
            guard let publisher = blockNotifications else { return .success(.array([])) }
            return .success(.array([.object(JSONObject([("type", .string("pubhashblock")), ("address", .string(publisher.address)),
                                                        ("hwm", .int(1000))]))]))
        case "getwalletinfo":
            guard let wallet else { return .failure(RPCFailure(-18, "No wallet is loaded.")) }
            return .success(.object(JSONObject([("walletname", .string(wallet))])))
        default:
            return .failure(RPCFailure(-32601, "Method not found"))
        }
    }

    func findBlock(_ hash: String) -> (Block, Int?)? {
        if let h = heightByHash[hash] { return (chain[h], h) }
        if let stale = staleByHash[hash] { return (stale, nil) }
        return nil
    }

    func headerInfo(_ block: Block, height: Int?) -> JSONValue {
        let header = block.header
        var o = JSONObject()
        o.append("hash", .string(header.hash.hex))
        o.append("confirmations", .int(height.map { tipHeight - $0 + 1 } ?? -1))
        let h = height ?? (fixture.staleBlocks.first { Hex.encodeReversed(Hashes.hash256($0.raw.prefix(80))) == header.hash.hex }?.height ?? 0)
        o.append("height", .int(h))
        guard case .object(let fields) = json.header(header) else { return .object(o) }
        for key in ["version", "versionHex", "merkleroot", "time"] { o.append(key, fields[key]!) }
        o.append("mediantime", .int(height.map { medianTime(height: $0) } ?? Int(header.time)))
        for key in ["nonce", "bits", "target", "difficulty"] { o.append(key, fields[key]!) }
        o.append("chainwork", .string(chainwork(height: h)))
        o.append("nTx", .int(block.transactions.count))
        if let prev = fields["previousblockhash"] { o.append("previousblockhash", prev) }
        if let height, height < tipHeight { o.append("nextblockhash", .string(hashes[height + 1])) }
        return .object(o)
    }

    /// The fee of `tx` from its prevouts in the chain or the mempool.
    func fee(of tx: Transaction) -> Int64? {
        var input: Int64 = 0
        for i in tx.inputs {
            let prevTxid = i.previousOutput.txid.hex
            let prev = txIndex[prevTxid]?.tx ?? mempool.first { $0.txid == prevTxid }?.tx
            guard let prev, Int(i.previousOutput.index) < prev.outputs.count else { return nil }
            input += prev.outputs[Int(i.previousOutput.index)].value
        }
        return input - tx.outputs.reduce(0) { $0 + $1.value }
    }

    /// A `getrawmempool true` entry, in Core's shape, computed from the mempool's transactions.
    func mempoolEntry(_ txid: String) -> JSONValue? {
        guard let entry = mempool.first(where: { $0.txid == txid }) else { return nil }
        let inMempool = Set(mempool.map(\.txid))
        let depends = Set(entry.tx.inputs.map(\.previousOutput.txid.hex)).intersection(inMempool).sorted()
        let spentBy = mempool.filter { other in other.tx.inputs.contains { $0.previousOutput.txid.hex == txid } }.map(\.txid).sorted()
        func closure(_ start: String, _ next: (String) -> [String]) -> Set<String> {
            var seen: Set<String> = [start]
            var queue = [start]
            while let t = queue.popLast() { for n in next(t) where !seen.contains(n) { seen.insert(n); queue.append(n) } }
            return seen
        }
        let parents: (String) -> [String] = { t in
            self.mempool.first { $0.txid == t }.map { Set($0.tx.inputs.map(\.previousOutput.txid.hex)).intersection(inMempool).sorted() } ?? []
        }
        let children: (String) -> [String] = { t in
            self.mempool.filter { o in o.tx.inputs.contains { $0.previousOutput.txid.hex == t } }.map(\.txid)
        }
        let ancestors = closure(txid, parents)
        let descendants = closure(txid, children)
        func tx(_ t: String) -> Transaction { mempool.first { $0.txid == t }!.tx }
        let fee = self.fee(of: entry.tx) ?? 0
        let ancestorFee = ancestors.reduce(Int64(0)) { $0 + (self.fee(of: tx($1)) ?? 0) }
        let descendantFee = descendants.reduce(Int64(0)) { $0 + (self.fee(of: tx($1)) ?? 0) }
        var o = JSONObject()
        o.append("vsize", .int(entry.tx.virtualSize))
        o.append("weight", .int(entry.tx.weight))
        o.append("time", .int(chain[tipHeight].header.time))
        o.append("height", .int(tipHeight))
        o.append("descendantcount", .int(descendants.count))
        o.append("descendantsize", .int(descendants.reduce(0) { $0 + tx($1).virtualSize }))
        o.append("ancestorcount", .int(ancestors.count))
        o.append("ancestorsize", .int(ancestors.reduce(0) { $0 + tx($1).virtualSize }))
        o.append("wtxid", .string(entry.tx.wtxid.hex))
        o.append("chunkweight", .int(entry.tx.weight))
        o.append("fees", .object(JSONObject([("base", .amount(fee)), ("modified", .amount(fee)), ("ancestor", .amount(ancestorFee)),
                                             ("descendant", .amount(descendantFee)), ("chunk", .amount(fee))])))
        o.append("depends", .array(depends.map(JSONValue.string)))
        o.append("spentby", .array(spentBy.map(JSONValue.string)))
        o.append("unbroadcast", .bool(true))
        return .object(o)
    }
}
