import Foundation
import SovJSON
import SovNodeDouble
import SovPrimitives
import SovTestSupport
import Testing

/// sov against a real Bitcoin Core (`SOV_BITCOIND`, built by `.ci/build-bitcoind`; CI sets it): the index is
/// built from the block files the node wrote (XOR-obfuscated, as Core 28+ writes them) and over RPC, follows a
/// reorg made with `invalidateblock`, sees the node's mempool, and `sov serve` answers Electrum calls and
/// broadcasts through the node. Every expected value comes from Core itself: its wallet makes the activity,
/// its `getblock` (verbosity 2) and `getrawmempool` say which transactions touch each address, and
/// `scantxoutset` checks the confirmed balances.
@Suite(.serialized, .needsSharedData) struct RealNodeTests {
    /// What Core says of a set of addresses.
    struct CoreView: Sendable {
        /// Address → confirmed (txid, height), in block order.
        var confirmed: [String: [RecordedEntry]] = [:]
        /// Address → txids of mempool transactions touching it, with the Electrum height (0, or -1 with an unconfirmed parent).
        var mempool: [String: [RecordedEntry]] = [:]
        /// Address → confirmed unspent value.
        var balance: [String: Int64] = [:]
        /// Address → the mempool's change to it.
        var mempoolDelta: [String: Int64] = [:]
        var tip = 0
    }

    struct RecordedEntry: Sendable, Hashable, CustomStringConvertible {
        var txid: String
        var height: Int
        var description: String { "\(txid.prefix(12))@\(height)" }
    }

    /// A running real node with a wallet named "sov" holding the four kinds of address.
    final class Node: @unchecked Sendable {
        let node: RealBitcoind
        var addresses: [String] = []

        init(binary: String, arguments: [String] = []) throws {
            node = try RealBitcoind(binary: binary, arguments: arguments)
        }

        func rpc(_ method: String, _ params: [JSONValue] = []) async throws -> JSONValue {
            let node = self.node
            nonisolated(unsafe) let parameters = params
            return try await offThePool { try node.rpc(method, parameters) }
        }

        var options: [String] { ["--network", "regtest", "--node", node.url, "--node-datadir", node.datadir.path] }

        /// Coins to four kinds of address, spends between them, and one transaction left in the mempool.
        func makeActivity() async throws {
            _ = try await rpc("createwallet", [.string("sov")])
            for type in ["bech32", "legacy", "p2sh-segwit", "bech32m"] {
                addresses.append(try #require(try await rpc("getnewaddress", [.string(""), .string(type)]).stringValue))
            }
            _ = try await rpc("generatetoaddress", [.int(101), .string(addresses[0])])
            // One transaction pays all three (separate sends would spend each other's unconfirmed outputs).
            _ = try await rpc("sendmany", [.string(""), .object(JSONObject(zip(addresses.dropFirst(), ["1.5", "2.25", "0.7"]).map { ($0, JSONValue.number($1)) }))])
            _ = try await rpc("generatetoaddress", [.int(1), .string(addresses[0])])
            // Spend the legacy address's coin whole to the taproot one.
            let unspent = try await rpc("listunspent")
            let coin = try #require(unspent.arrayValue?.first { $0["address"]?.stringValue == addresses[1] }, "\(unspent.compact)")
            _ = try await rpc("sendall", [.array([.string(addresses[3])]), .null, .null, .null,
                                          .object(JSONObject([("inputs", .array([.object(JSONObject([("txid", coin["txid"]!), ("vout", coin["vout"]!)]))]))]))])
            _ = try await rpc("generatetoaddress", [.int(1), .string(addresses[0])])
            // Left unconfirmed: a payment to the nested segwit address, and its child to the native one.
            let parent = try #require(try await rpc("sendtoaddress", [.string(addresses[2]), .number("0.1")]).stringValue)
            let vout = try #require(try await rpc("gettransaction", [.string(parent)])["details"]?.arrayValue?
                .first { $0["address"]?.stringValue == addresses[2] }?["vout"])
            _ = try await rpc("sendall", [.array([.string(addresses[0])]), .null, .null, .null,
                                          .object(JSONObject([("inputs", .array([.object(JSONObject([("txid", .string(parent)), ("vout", vout)]))]))]))])
        }

        /// What Core says, from its blocks and mempool, walked here.
        func view() async throws -> CoreView {
            let wanted = Set(addresses)
            var view = CoreView()
            var outputs: [String: (address: String, value: Int64)] = [:]
            var unspent: [String: Int64] = [:]
            view.tip = try #require(try await rpc("getblockcount").intValue)
            for height in 0...view.tip {
                let hash = try await rpc("getblockhash", [.int(height)])
                let block = try await rpc("getblock", [hash, .int(2)])
                for tx in block["tx"]?.arrayValue ?? [] {
                    let txid = try #require(tx["txid"]?.stringValue)
                    var touched: [String] = []
                    for input in tx["vin"]?.arrayValue ?? [] {
                        guard let from = input["txid"]?.stringValue, let n = input["vout"]?.intValue else { continue }
                        if let spent = outputs["\(from):\(n)"] {
                            touched.append(spent.address)
                            unspent["\(from):\(n)"] = nil
                        }
                    }
                    for output in tx["vout"]?.arrayValue ?? [] {
                        guard let address = output["scriptPubKey"]?["address"]?.stringValue, wanted.contains(address) else { continue }
                        let key = "\(txid):\(output["n"]!.intValue!)"
                        let value = try Self.satoshis(output["value"])
                        outputs[key] = (address, value)
                        unspent[key] = value
                        touched.append(address)
                    }
                    for address in Set(touched) { view.confirmed[address, default: []].append(RecordedEntry(txid: txid, height: height)) }
                }
            }
            for (key, value) in unspent { view.balance[outputs[key]!.address, default: 0] += value }

            let mempool = try #require(try await rpc("getrawmempool").arrayValue?.compactMap(\.stringValue))
            let inMempool = Set(mempool)
            // The unconfirmed balance follows the reference server the fixtures were recorded from: mempool
            // transactions taken in txid order, a spend of a mempool output counting only when its funding
            // transaction came earlier in that order (a spend of a confirmed output always counts).
            var transactions: [String: JSONValue] = [:]
            var touched: [String: Set<String>] = [:]
            for txid in mempool {
                let tx = try await rpc("getrawtransaction", [.string(txid), .bool(true)])
                transactions[txid] = tx
                for output in tx["vout"]?.arrayValue ?? [] {
                    guard let address = output["scriptPubKey"]?["address"]?.stringValue, wanted.contains(address) else { continue }
                    let value = try Self.satoshis(output["value"])
                    outputs["\(txid):\(output["n"]!.intValue!)"] = (address, value)
                    view.mempoolDelta[address, default: 0] += value
                    touched[txid, default: []].insert(address)
                }
            }
            var processed = Set<String>()
            for txid in mempool.sorted() {
                var unconfirmedParent = false
                for input in transactions[txid]?["vin"]?.arrayValue ?? [] {
                    guard let from = input["txid"]?.stringValue, let n = input["vout"]?.intValue else { continue }
                    if inMempool.contains(from) { unconfirmedParent = true }
                    if let spent = outputs["\(from):\(n)"] {
                        touched[txid, default: []].insert(spent.address)
                        if !inMempool.contains(from) || processed.contains(from) { view.mempoolDelta[spent.address, default: 0] -= spent.value }
                    }
                }
                for address in touched[txid] ?? [] {
                    view.mempool[address, default: []].append(RecordedEntry(txid: txid, height: unconfirmedParent ? -1 : 0))
                }
                processed.insert(txid)
            }
            // Core's own UTXO set agrees with the walk.
            for address in addresses {
                let scan = try await rpc("scantxoutset", [.string("start"), .array([.string("addr(\(address))")])])
                #expect(try Self.satoshis(scan["total_amount"]) == view.balance[address, default: 0], "scantxoutset for \(address)")
            }
            return view
        }

        /// A BTC amount as Core prints it (a JSON number with up to 8 decimals), in satoshis, exactly.
        static func satoshis(_ value: JSONValue?) throws -> Int64 {
            guard case .number(let text) = value else { throw FixtureError("not an amount: \(String(describing: value))") }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            let whole = try #require(Int64(parts[0]))
            let fraction = parts.count > 1 ? String(parts[1]).padding(toLength: 8, withPad: "0", startingAt: 0) : "0"
            return whole * 100_000_000 + (try #require(Int64(fraction)))
        }

        func scriptHash(_ address: String) async throws -> String {
            let script = try #require(try await rpc("getaddressinfo", [.string(address)])["scriptPubKey"]?.stringValue)
            return Hex.encode(Hashes.sha256(try Hex.decode(script)).reversed())
        }
    }

    /// sov's answer for each address equals Core's: confirmed history in order, mempool entries, balances.
    func expectIndexAgrees(_ view: CoreView, node: Node, dataDir: String, _ label: String) async throws {
        for address in node.addresses {
            let query = try await SovProcess.run(["index", "query", "--data-dir", dataDir] + node.options + [address])
            #expect(query.status == 0, "\(label): \(query.stderr)")
            let answer = try JSONParser.parse(query.stdout)
            let history = (answer["history"]?.arrayValue ?? []).map { RecordedEntry(txid: $0["tx_hash"]?.stringValue ?? "", height: $0["height"]?.intValue ?? -9) }
            #expect(history.filter { $0.height > 0 } == view.confirmed[address, default: []].filter { $0.height > 0 }, "\(label): confirmed history of \(address)")
            #expect(Set(history.filter { $0.height <= 0 }) == Set(view.mempool[address, default: []]), "\(label): mempool entries of \(address)")
            #expect(answer["balance"]?["confirmed"]?.int64Value == view.balance[address, default: 0], "\(label): confirmed balance of \(address)")
            #expect(answer["balance"]?["unconfirmed"]?.int64Value == view.mempoolDelta[address, default: 0], "\(label): mempool delta of \(address)")
        }
    }

    @Test func indexServerAndReorgAgreeWithBitcoinCore() async throws {
        guard let binary = NodeHarnesses.bitcoindPath else {
            if SharedData.underCI { Issue.record("SOV_BITCOIND is not set: .ci/run builds bitcoind with .ci/build-bitcoind and sets it") }
            else { print("SKIPPED: SOV_BITCOIND is not set (bash .ci/build-bitcoind prints a path for it)") }
            return
        }
        let node = try await offThePool { try Node(binary: binary) }
        try await withCleanupOffThePool({ node.node.stop() }) {
            try await node.makeActivity()
            let view = try await node.view()
            #expect(view.mempool[node.addresses[2]]?.isEmpty == false && view.mempool[node.addresses[0]]?.contains { $0.height == -1 } == true,
                    "the scenario left a parent and its child in the mempool: \(view.mempool)")
            let blocksDir = node.node.datadir.path + "/regtest/blocks"
            #expect(FileManager.default.fileExists(atPath: blocksDir + "/xor.dat"), "Core obfuscates its block files")

            // From the node's own block files (XOR-obfuscated), and over RPC alone.
            let filesDir = try Fixtures.temporaryDirectory(), rpcDir = try Fixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: filesDir); try? FileManager.default.removeItem(at: rpcDir) }
            let fromFiles = try await SovProcess.run(["index", "build", "--json", "--data-dir", filesDir.path] + node.options)
            #expect(fromFiles.status == 0, "\(fromFiles.stderr)")
            let fromRPC = try await SovProcess.run(["index", "build", "--json", "--data-dir", rpcDir.path, "--blocks-dir", rpcDir.path + "/no-blocks"] + node.options)
            #expect(fromRPC.status == 0, "\(fromRPC.stderr)")
            for (dir, label) in [(filesDir.path, "block files"), (rpcDir.path, "RPC")] {
                let status = try JSONParser.parse(try await SovProcess.run(["index", "status", "--json", "--data-dir", dir] + node.options).stdout)
                #expect(status["tip_height"]?.intValue == view.tip, "\(label)")
                try await expectIndexAgrees(view, node: node, dataDir: dir, label)
            }

            // A reorg: the last two blocks invalidated, three others mined (taking the mempool with them).
            let invalidated = try await node.rpc("getblockhash", [.int(view.tip - 1)])
            _ = try await node.rpc("invalidateblock", [invalidated])
            _ = try await node.rpc("generatetoaddress", [.int(3), .string(node.addresses[3])])
            let after = try await node.view()
            #expect(after.tip == view.tip + 1 && after.confirmed != view.confirmed)
            let rebuilt = try await SovProcess.run(["index", "build", "--json", "--data-dir", filesDir.path] + node.options)
            #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
            let synced = try JSONParser.parse(try #require(rebuilt.stdoutLines.last))
            #expect(synced["event"]?.stringValue == "synced" && synced["rolled_back"]?.intValue == 2 && synced["applied"]?.intValue == 3,
                    "two blocks undone, three applied: \(rebuilt.stdout.suffix(600))")
            try await expectIndexAgrees(after, node: node, dataDir: filesDir.path, "after the reorg")

            // sov serve over the real node: Electrum calls answer what Core says, and a broadcast reaches Core's mempool.
            let server = try await SovServeProcess(["--data-dir", filesDir.path, "--status", ""] + node.options)
            defer { _ = server.stop() }
            let port = try #require(server.tcpAddress?.split(separator: ":").last.flatMap { UInt16($0) })
            var requests: [JSONValue] = [.string("blockchain.headers.subscribe")]
            for address in node.addresses {
                let scriptHash = try await node.scriptHash(address)
                requests.append(.array([.string("blockchain.scripthash.get_history"), .string(scriptHash)]))
                requests.append(.array([.string("blockchain.scripthash.get_balance"), .string(scriptHash)]))
            }
            let someTx = try #require(after.confirmed[node.addresses[1]]?.last?.txid)
            requests.append(.array([.string("blockchain.transaction.get"), .string(someTx)]))
            // A payment signed by Core's wallet but not sent: sov broadcasts it.
            let unsigned = try await node.rpc("createrawtransaction", [.array([]), .object(JSONObject([(node.addresses[1], .number("0.05"))]))])
            let funded = try await node.rpc("fundrawtransaction", [unsigned])
            let signed = try await node.rpc("signrawtransactionwithwallet", [try #require(funded["hex"])])
            let payment = try #require(signed["hex"]?.stringValue)
            // Asked after the other answers: the server answers pipelined requests concurrently, and a history
            // answered after the broadcast rightly lists the payment in the mempool.
            let answers = try await ElectrumLines.call(port: port, requests)
                + ElectrumLines.call(port: port, [.array([.string("blockchain.transaction.broadcast"), .string(payment)])])
            #expect(answers.count == requests.count + 1, "\(answers)")
            #expect(answers.first?["height"]?.intValue == after.tip)
            for (i, address) in node.addresses.enumerated() {
                let history = (answers[1 + 2 * i].arrayValue ?? []).map { RecordedEntry(txid: $0["tx_hash"]?.stringValue ?? "", height: $0["height"]?.intValue ?? -9) }
                #expect(history.filter { $0.height > 0 } == after.confirmed[address, default: []], "get_history of \(address)")
                #expect(Set(history.filter { $0.height <= 0 }) == Set(after.mempool[address, default: []]), "get_history of \(address): mempool")
                #expect(answers[2 + 2 * i]["confirmed"]?.int64Value == after.balance[address, default: 0], "get_balance of \(address)")
            }
            let coreHex = try await node.rpc("getrawtransaction", [.string(someTx)])
            #expect(answers[answers.count - 2].stringValue == coreHex.stringValue)
            let broadcastTxid = try #require(answers.last?.stringValue)
            let mempool = try await node.rpc("getrawmempool")
            #expect(mempool.arrayValue?.contains(.string(broadcastTxid)) == true, "sov's broadcast reached Core's mempool")
            #expect(server.stop() == 0)
        }
    }
}

extension RealNodeTests {
    /// `sov index build --follow` learns of a new block from the real node's ZMQ `hashblock` notification
    /// (found through `getzmqnotifications`), long before its 600-second poll would.
    @Test func followsTheRealNodeOverZMQ() async throws {
        guard let binary = NodeHarnesses.bitcoindPath else {
            if SharedData.underCI { Issue.record("SOV_BITCOIND is not set: .ci/run builds bitcoind with .ci/build-bitcoind and sets it") }
            return
        }
        let zmqPort = try freeLoopbackPort()
        let node = try await offThePool { try Node(binary: binary, arguments: ["-zmqpubhashblock=tcp://127.0.0.1:\(zmqPort)"]) }
        try await withCleanupOffThePool({ node.node.stop() }) {
            let notifications = try await node.rpc("getzmqnotifications")
            #expect(notifications.arrayValue?.first?["type"]?.stringValue == "pubhashblock")
            let dataDir = try Fixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dataDir) }
            let options = ["--data-dir", dataDir.path] + node.options
            let follower = try Daemon(try #require(SovProcess.executable).path, ["index", "build", "--follow", "--interval", "600", "--json"] + options)
            defer { follower.stop(within: 15) }
            func tip() async throws -> String? {
                let status = try await SovProcess.run(["index", "status", "--json"] + options)
                return status.status == 0 ? try JSONParser.parse(status.stdout)["tip_hash"]?.stringValue : nil
            }
            let first = try #require(try await node.rpc("getbestblockhash").stringValue)
            var tries = 0
            while try await tip() != first && tries < 600 { try await Task.sleep(for: .milliseconds(200)); tries += 1 }
            #expect(try await tip() == first, "the follower indexed the node's chain")
            // (The follower subscribes right after its first catch-up; give it a moment.)
            try await Task.sleep(for: .seconds(2))
            let mined = try #require(try await node.rpc("generatetoaddress", [.int(1), .string("bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk")])[0]?.stringValue)
            tries = 0
            while try await tip() != mined && tries < 600 { try await Task.sleep(for: .milliseconds(200)); tries += 1 }
            #expect(try await tip() == mined, "a new block reached the index by notification (the poll interval is 600 s)")
            #expect(follower.isRunning)
        }
    }
}

/// A bare Electrum client for tests: one TCP connection, `server.version` first, then each request as a
/// line; returns each result (or the error object) in order.
enum ElectrumLines {
    static func call(port: UInt16, _ requests: [JSONValue]) async throws -> [JSONValue] {
        nonisolated(unsafe) let calls = requests
        return try await offThePool { try callBlocking(port: port, calls) }
    }

    private static func callBlocking(port: UInt16, _ requests: [JSONValue]) throws -> [JSONValue] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FixtureError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else { throw FixtureError("cannot connect to 127.0.0.1:\(port)") }
        var limit = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var text = JSONValue.object(JSONObject([("id", .int(0)), ("method", .string("server.version")), ("params", .array([.string("sov-tests"), .string("1.4")]))])).compact + "\n"
        for (i, request) in requests.enumerated() {
            let (method, params): (JSONValue, [JSONValue]) = request.stringValue != nil ? (request, []) : (request[0]!, Array((request.arrayValue ?? []).dropFirst()))
            text += JSONValue.object(JSONObject([("id", .int(i + 1)), ("method", method), ("params", .array(params))])).compact + "\n"
        }
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw FixtureError("send failed") }
            sent += n
        }
        var results: [Int: JSONValue] = [:]
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while results.count < requests.count + 1 {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw FixtureError("the server closed the connection after \(results.count) answers") }
            pending += buffer[..<n]
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                let answer = try JSONParser.parse(line)
                guard let id = answer["id"]?.intValue else { continue }
                results[id] = answer["result"] ?? answer["error"] ?? .null
            }
        }
        return (1...requests.count).map { results[$0] ?? .null }
    }
}
