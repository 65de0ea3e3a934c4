import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SovElectrum
import SovIndex
import SovElectrumClient
import SovJSON
import SovPrimitives
import SovServer
import SovTestSupport
import Testing

/// `sov serve` over real sockets against the node double: every method, every recorded script, proofs checked
/// by an independent verifier, notifications through the reorg, protocol errors, limits and authentication.
@Suite(.serialized, .needsSharedData) struct ElectrumServerTests {
    @Test(arguments: [2_000, 1]) func everyRecordedScriptOverTCPAndWebSocket(heavyHistoryThreshold: Int) async throws {
        // With a threshold of 1 every script with more than one funding goes through the heavy lane.
        var limits = ServerLimits.forTests
        limits.heavyHistoryThreshold = heavyHistoryThreshold
        let server = try await ServerHarness.start(limits: limits)
        defer { Task { await server.stop() } }
        let scripts = try ScriptRecord.scripts()
        #expect(scripts.count > 50)
        for transport in [ServerListener.Transport.tcp, .ws] {
            let client = try await server.client(transport)
            for (sh, record) in scripts {
                let answers = try await client.batch([
                    ("blockchain.scripthash.get_balance", [.string(sh)]),
                    ("blockchain.scripthash.listunspent", [.string(sh)]),
                    ("blockchain.scripthash.get_history", [.string(sh)]),
                    ("blockchain.scripthash.subscribe", [.string(sh)]),
                    ("blockchain.scripthash.get_mempool", [.string(sh)]),
                ]).map { try $0.get() }
                #expect(answers[0]["confirmed"]?.int64Value == record["confirmed_balance"]?.int64Value, "\(sh)")
                #expect(answers[0]["unconfirmed"]?.int64Value == record["unconfirmed_delta"]?.int64Value, "\(sh)")
                let utxos = Set((answers[1].arrayValue ?? []).map { "\($0["tx_hash"]!.stringValue!):\($0["tx_pos"]!.intValue!):\($0["height"]!.intValue!):\($0["value"]!.int64Value!)" })
                let expectedUtxos = Set(record["utxos_after_mempool"]!.arrayValue!.map { "\($0["txid"]!.stringValue!):\($0["vout"]!.intValue!):\($0["height"]!.intValue!):\($0["value"]!.int64Value!)" })
                #expect(utxos == expectedUtxos, "\(sh)")
                let history = answers[2].arrayValue ?? []
                #expect(history.filter { $0["height"]!.intValue! > 0 }.map { $0["tx_hash"]!.stringValue! } == ScriptRecord.confirmedHistory(record), "\(sh)")
                let mempool = answers[4].arrayValue ?? []
                #expect(history.filter { $0["height"]!.intValue! <= 0 }.map { $0["tx_hash"]!.stringValue! } == mempool.map { $0["tx_hash"]!.stringValue! })
                // The status hash, recomputed here from the history the server gave (protocol-basics "Status").
                #expect(answers[3].stringValue == (try ScriptHashStatus.hash(ofHistoryResult: answers[2])), "\(sh)")
            }
            await client.close()
        }
    }

    @Test func chainMethodsAndProofs() async throws {
        let server = try await ServerHarness.start()
        defer { Task { await server.stop() } }
        let client = try await server.client()
        let chain = try SharedData.chain("fixtures/regtest/chain.hex")
        let tip = chain.count - 1
        let subscribed = try await client.call("blockchain.headers.subscribe")
        #expect(subscribed["height"]?.intValue == tip)
        #expect(subscribed["hex"]?.stringValue == Array(chain[tip].prefix(80)).hex)
        for height in [1, 152, tip] {
            let block = try Block(bytes: chain[height])
            let proof = try await client.call("blockchain.block.header", [.int(height), .int(tip)])
            #expect(proof["header"]?.stringValue == Array(chain[height].prefix(80)).hex)
            #expect(MerkleProofVerifier.verifyHeader(header: Array(chain[height].prefix(80)), height: height, checkpointHeight: tip,
                                                     branchHex: proof["branch"]!.arrayValue!.map { $0.stringValue! }, rootHex: proof["root"]!.stringValue!))
            for (position, tx) in block.transactions.enumerated() {
                let txid = tx.txid.hex
                #expect(try await client.call("blockchain.transaction.get", [.string(txid)]).stringValue == tx.serialized().hex)
                let merkle = try await client.call("blockchain.transaction.get_merkle", [.string(txid), .int(height)])
                #expect(merkle["pos"]?.intValue == position && merkle["block_height"]?.intValue == height)
                #expect(MerkleProofVerifier.verifyTransaction(txid: Txid(txid)!, branchHex: merkle["merkle"]!.arrayValue!.map { $0.stringValue! },
                                                              position: position, merkleRoot: block.header.merkleRoot))
                let byPosition = try await client.call("blockchain.transaction.id_from_pos", [.int(height), .int(position), .bool(true)])
                #expect(byPosition["tx_hash"]?.stringValue == txid)
            }
        }
        // 1.6: a list of headers; 1.4: one hex string.
        let headers = try await client.call("blockchain.block.headers", [.int(0), .int(5)])
        #expect(headers["headers"]?.arrayValue?.map { $0.stringValue! } == chain.prefix(5).map { Array($0.prefix(80)).hex })
        let old = try await server.client(version: "1.4")
        let hex = try await old.call("blockchain.block.headers", [.int(0), .int(5)])
        #expect(hex["hex"]?.stringValue == chain.prefix(5).map { Array($0.prefix(80)).hex }.joined())
        #expect(hex["count"]?.intValue == 5)
        // Verbose transactions come from the node.
        let someTx = try Block(bytes: chain[152]).transactions[0].txid.hex
        let verbose = try await client.call("blockchain.transaction.get", [.string(someTx), .bool(true)])
        #expect(verbose["txid"]?.stringValue == someTx)
        await client.close()
        await old.close()
    }

    @Test func serverAndNodeMethods() async throws {
        let server = try await ServerHarness.start()
        defer { Task { await server.stop() } }
        let client = try await server.client()
        let features = try await client.call("server.features")
        let chain = try SharedData.chain("fixtures/regtest/chain.hex")
        #expect(features["genesis_hash"]?.stringValue == Hex.encodeReversed(Hashes.hash256(Array(chain[0].prefix(80)))))
        #expect(features["protocol_min"]?.stringValue == "1.4" && features["protocol_max"]?.stringValue == "1.6")
        #expect(features["hash_function"]?.stringValue == "sha256")
        #expect(try await client.call("server.ping") == .null)
        #expect(try await client.call("server.banner").stringValue?.isEmpty == false)
        #expect(try await client.call("server.donation_address").stringValue != nil)
        #expect(try await client.call("server.peers.subscribe") == .array([]))
        // Fees: estimatesmartfee's recorded answer (BTC/kvB), the histogram from the mempool, mempool.get_info.
        let recorded = try SharedData.json("fixtures/regtest/rpc/estimatesmartfee.json")
        let fee = try await client.call("blockchain.estimatefee", [.int(2)])
        if let rate = recorded["result"]?["feerate"] { #expect(fee == rate) } else { #expect(fee.intValue == -1) }
        let info = try await client.call("mempool.get_info")
        let nodeInfo = try server.nodeClient.mempoolInfo()
        #expect(info["mempoolminfee"] == nodeInfo["mempoolminfee"] && info["minrelaytxfee"] == nodeInfo["minrelaytxfee"])
        let histogram = try await client.call("mempool.get_fee_histogram")
        #expect(histogram.arrayValue != nil)
        // relayfee exists only below 1.6.
        await #expect(throws: ElectrumClientError.server(code: -32601, message: "unknown method \"blockchain.relayfee\"")) {
            _ = try await client.call("blockchain.relayfee")
        }
        let old = try await server.client(version: "1.4")
        let relay = try await old.call("blockchain.relayfee")
        #expect(relay == (try server.nodeClient.networkInfo())["relayfee"])
        // A broadcast reaches the node; the node's rejection comes back as an error with its message.
        let mempool = try SharedData.json("fixtures/regtest/checkpoints.json").arrayValue!.last!["mempool"]!.arrayValue!
        let raw = mempool[0]["raw"]!.stringValue!
        let before = server.node.broadcasts.count
        let txid = try await client.call("blockchain.transaction.broadcast", [.string(raw)])
        #expect(txid.stringValue == mempool[0]["txid"]!.stringValue!)
        #expect(server.node.broadcasts.count == before + 1 && server.node.broadcasts.last?.hex == raw)
        do {
            _ = try await client.call("blockchain.transaction.broadcast", [.string("00")])
            Issue.record("a bad transaction was accepted")
        } catch ElectrumClientError.server(let code, let message) {
            #expect(code == 1 && message.contains("TX decode failed"))
        }
        // A package goes to submitpackage; 1.6's answer says whether it was accepted, verbose gives Core's own.
        let package = try await client.call("blockchain.transaction.broadcast_package", [.array([.string(raw)])])
        #expect(package == .object(JSONObject([("success", .bool(true))])))
        let verbosePackage = try await client.call("blockchain.transaction.broadcast_package", [.array([.string(raw)]), .bool(true)])
        #expect(verbosePackage["package_msg"]?.stringValue == "success")
        #expect(verbosePackage["tx-results"]?.objectValue?.entries.first?.1["txid"]?.stringValue == mempool[0]["txid"]!.stringValue!)
        await #expect(throws: ElectrumClientError.self) { _ = try await client.call("blockchain.transaction.broadcast_package", [.array([.string("00")])]) }
        // estimatefee's 1.6 mode goes to estimatesmartfee; an unknown mode is refused.
        let economical = try await client.call("blockchain.estimatefee", [.int(2), .string("economical")])
        #expect(economical == fee)
        await #expect(throws: ElectrumClientError.self) { _ = try await client.call("blockchain.estimatefee", [.int(2), .string("fast")]) }
        // sov does not take part in peer discovery.
        #expect(try await client.call("server.add_peer", [.object(features.objectValue!)]) == .bool(false))
        await client.close()
        await old.close()
    }

    @Test func notificationsFollowTheChainThroughTheReorg() async throws {
        let server = try await ServerHarness.start(state: "funded")
        defer { Task { await server.stop() } }
        let client = try await server.client()
        let scripts = try ScriptRecord.scripts().map(\.hash)
        var statuses: [String: String?] = [:]
        for sh in scripts { statuses[sh] = try await client.call("blockchain.scripthash.subscribe", [.string(sh)]).stringValue }
        var tipHeight = try await client.call("blockchain.headers.subscribe")["height"]!.intValue!
        let probe = try await server.client()
        var iterator = client.notifications.makeAsyncIterator()
        for label in ["before-reorg", "after-reorg", "final"] {
            try server.follow(to: label)
            // What each status is now, asked on another connection.
            var expected: [String: String?] = [:]
            for sh in scripts {
                let now = try await probe.call("blockchain.scripthash.subscribe", [.string(sh)]).stringValue
                if now != statuses[sh]! { expected[sh] = now }
            }
            let newTip = try await probe.call("blockchain.headers.subscribe")
            let expectHeader = newTip["height"]!.intValue! != tipHeight
            var got: [String: String?] = [:]
            var header: JSONValue?
            while got.count < expected.count || (expectHeader && header == nil) {
                guard let n = await iterator.next() else { Issue.record("connection closed"); return }
                if n.method == "blockchain.headers.subscribe" {
                    #expect(header == nil, "one header notification per change")
                    header = n.params.first
                } else {
                    let sh = n.params[0].stringValue!
                    #expect(got[sh] == nil, "one notification per change of \(sh)")
                    got[sh] = n.params[1].stringValue
                }
            }
            #expect(got.count == expected.count)
            for (sh, status) in expected { #expect(got[sh]! == status, "\(label) \(sh)") }
            if expectHeader { #expect(header == newTip) }
            tipHeight = newTip["height"]!.intValue!
            for (sh, status) in expected { statuses[sh] = status }
            #expect(!expected.isEmpty, "\(label) changes some script")
        }
        // The reorg and the final mempool changed the status of the scripts the record says they touch.
        await client.close()
        await probe.close()
    }

    @Test func protocolErrorsLeaveTheServerServing() async throws {
        var limits = ServerLimits.forTests
        limits.maxRequestBytes = 1000
        let server = try await ServerHarness.start(limits: limits)
        defer { Task { await server.stop() } }
        let other = try await server.client()
        let raw = try await server.connection()
        // 1.6: server.version first.
        try await raw.send(line: #"{"jsonrpc":"2.0","id":1,"method":"server.ping"}"#)
        let refused = try JSONParser.parse(try #require(try await raw.nextLine(timeout: .seconds(60))))
        #expect(refused["error"]?["code"]?.intValue == 1)
        #expect(try await raw.nextLine(timeout: .seconds(60)) == nil)
        let c = try await server.connection()
        try await c.send(line: #"{"jsonrpc":"2.0","id":0,"method":"server.version","params":["t","1.6"]}"#)
        _ = try await c.nextLine(timeout: .seconds(60))
        func ask(_ line: String) async throws -> JSONValue {
            try await c.send(line: line)
            return try JSONParser.parse(try #require(try await c.nextLine(timeout: .seconds(60))))
        }
        #expect(try await ask("{not json")["error"]?["code"]?.intValue == -32700)
        #expect(try await ask(#"{"jsonrpc":"2.0","id":2,"method":"no.such.method"}"#)["error"]?["code"]?.intValue == -32601)
        #expect(try await ask(#"{"jsonrpc":"2.0","id":3,"method":"blockchain.block.header","params":["x"]}"#)["error"] != nil)
        #expect(try await ask(#"{"jsonrpc":"2.0","id":4,"method":"blockchain.scripthash.get_balance","params":[7]}"#)["error"] != nil)
        #expect(try await ask(#"{"jsonrpc":"2.0","id":5,"method":"blockchain.block.header","params":[999999]}"#)["error"]?["code"]?.intValue == 1)
        let oversized = try await ask(#"{"jsonrpc":"2.0","id":6,"method":"server.ping","params":[""# + String(repeating: "a", count: 5000) + #""]}"#)
        #expect(oversized["error"]?["code"]?.intValue == -32600)
        #expect(oversized["error"]?["message"]?.stringValue?.contains("1000 bytes") == true)
        // The same connection and the others go on.
        #expect(try await ask(#"{"jsonrpc":"2.0","id":7,"method":"server.ping"}"#)["result"] == .null)
        #expect(try await other.call("server.ping") == .null)
        await c.close()
        await other.close()
    }

    @Test func limitsAreEnforced() async throws {
        var limits = ServerLimits.forTests
        limits.maxConnectionsPerIP = 3
        limits.maxSubscriptionsPerConnection = 2
        limits.maxBatch = 4
        limits.historyLimit = 1
        let server = try await ServerHarness.start(limits: limits, host: ServerHarness.privateLoopback)
        defer { Task { await server.stop() } }
        let a = try await server.client()
        let b = try await server.client()
        let c = try await server.client()
        // A fourth connection from the same address is refused with the reason.
        let d = try await server.connection()
        let refusal = try JSONParser.parse(try #require(try await d.nextLine(timeout: .seconds(60))))
        #expect(refusal["error"]?["message"]?.stringValue?.contains("too many connections") == true)
        #expect(try await d.nextLine(timeout: .seconds(60)) == nil)
        // Subscriptions per connection (scripts with one history entry, within the history limit of 1).
        let all = try ScriptRecord.scripts()
        let scripts = all.filter { $0.record["events"]!.arrayValue!.count == 1 }
        _ = try await a.call("blockchain.scripthash.subscribe", [.string(scripts[0].hash)])
        _ = try await a.call("blockchain.scripthash.subscribe", [.string(scripts[1].hash)])
        await #expect(throws: ElectrumClientError.self) { _ = try await a.call("blockchain.scripthash.subscribe", [.string(scripts[2].hash)]) }
        #expect(try await a.call("blockchain.scripthash.unsubscribe", [.string(scripts[0].hash)]) == .bool(true))
        _ = try await a.call("blockchain.scripthash.subscribe", [.string(scripts[2].hash)])
        // Batch size.
        let five = Array(repeating: (method: "server.ping", params: [JSONValue]()), count: 5)
        let refused = try await b.batch(five)
        #expect(refused.count == 5)
        for r in refused {
            guard case .failure(.server(let code, let message)) = r else { Issue.record("a batch over the limit was served"); continue }
            #expect(code == -32600 && message.contains("limit of 4"))
        }
        #expect(try await b.batch(Array(five.prefix(4))).count == 4)
        // History cap: a script with more than one history entry gets a clear error.
        let long = try #require(all.first { ScriptRecord.confirmedHistory($0.record).count > 1 })
        do {
            _ = try await c.call("blockchain.scripthash.get_history", [.string(long.hash)])
            Issue.record("history beyond the limit was answered")
        } catch ElectrumClientError.server(let code, let message) {
            #expect(code == 1 && message.contains("history limit"))
        }
        for client in [a, b, c] { await client.close() }
        // Closed connections free their places, once the server has seen them close: on a loaded machine that
        // can take longer than any fixed pause, so a refused connection is tried again until a deadline.
        let deadline = ContinuousClock.now + .seconds(30)
        var served = false
        var refusals = 0
        while !served && ContinuousClock.now < deadline {
            do {
                let e = try await server.client()
                served = try await e.call("server.ping") == .null
                await e.close()
            } catch {
                refusals += 1
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(served, "the closed connections' places were not freed (\(refusals) refusals in 30 s)")
    }

    @Test func costBudgetAndTimeouts() async throws {
        var limits = ServerLimits.forTests
        limits.public.costSoftLimit = 20
        limits.public.costHardLimit = 60
        limits.public.costDecayPerSecond = 1
        limits.public.requestSleepMilliseconds = 50
        limits.handshakeTimeoutSeconds = 8  // short, but long enough for a loaded CI machine to send server.version
        limits.idleTimeoutSeconds = 3
        // Every connection is an anonymous remote client here (authentication off): the cost budget applies.
        let server = try await ServerHarness.start(limits: limits, authorize: ServerHarness.anonymous)
        defer { Task { await server.stop() } }
        // A client hammering the server is slowed down, then cut off.
        let greedy = try await server.client()
        let sh = try ScriptRecord.scripts()[0].hash
        var closed = false
        let started = Date()
        for _ in 0..<200 {
            do { _ = try await greedy.call("blockchain.scripthash.get_history", [.string(sh)]) } catch {
                closed = true
                break
            }
        }
        #expect(closed, "the hard cost limit disconnects")
        #expect(Date().timeIntervalSince(started) > 0.2, "requests over the soft limit are delayed")
        // No server.version within the handshake timeout: closed. (The waits are long so that a loaded machine,
        // whose cooperative pool can hold a continuation for seconds, sees the close rather than its own timer.)
        let silent = try await server.connection()
        #expect(try await silent.nextLine(timeout: .seconds(60)) == nil)
        // Idle past the timeout: closed.
        let idle = try await server.connection()
        try await idle.send(line: #"{"jsonrpc":"2.0","id":0,"method":"server.version","params":["t","1.6"]}"#)
        _ = try await idle.nextLine(timeout: .seconds(60))
        #expect(try await idle.nextLine(timeout: .seconds(60)) == nil)
    }

    @Test func totalConnectionsAndSubscriptionsPerAddress() async throws {
        var limits = ServerLimits.forTests
        limits.maxConnections = 2
        limits.maxSubscriptionsPerIP = 3
        let server = try await ServerHarness.start(limits: limits, host: ServerHarness.privateLoopback)
        defer { Task { await server.stop() } }
        let a = try await server.client()
        let b = try await server.client()
        let third = try await server.connection()
        let refusal = try JSONParser.parse(try #require(try await third.nextLine(timeout: .seconds(60))))
        #expect(refusal["error"]?["message"]?.stringValue?.contains("limit of 2 connections") == true)
        // Subscriptions counted across both connections from 127.0.0.1.
        let scripts = try ScriptRecord.scripts()
        _ = try await a.call("blockchain.scripthash.subscribe", [.string(scripts[0].hash)])
        _ = try await a.call("blockchain.scripthash.subscribe", [.string(scripts[1].hash)])
        _ = try await b.call("blockchain.scripthash.subscribe", [.string(scripts[2].hash)])
        do {
            _ = try await b.call("blockchain.scripthash.subscribe", [.string(scripts[3].hash)])
            Issue.record("a subscription beyond the per-address limit was taken")
        } catch ElectrumClientError.server(let code, let message) {
            #expect(code == 1 && message.contains("too many subscriptions from"))
        }
        // Closing a connection gives its subscriptions back (as soon as the server has seen the close: a loaded
        // machine may take a while, so the test asks again until a generous deadline).
        await a.close()
        let deadline = Date().addingTimeInterval(60)
        var given = false
        while !given {
            do {
                _ = try await b.call("blockchain.scripthash.subscribe", [.string(scripts[3].hash)])
                given = true
            } catch ElectrumClientError.server(let code, let message) {
                #expect(code == 1 && message.contains("too many subscriptions from"))
                if Date() > deadline { break }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(given, "closing a connection gives its subscriptions back")
        await b.close()
    }

    @Test func repeatedHistoryRefusalsAreThrottled() async throws {
        var limits = ServerLimits.forTests
        limits.historyLimit = 1
        limits.public.costSoftLimit = 100
        limits.public.costHardLimit = 200
        limits.public.costDecayPerSecond = 0
        let server = try await ServerHarness.start(limits: limits, authorize: ServerHarness.anonymous)
        defer { Task { await server.stop() } }
        let long = try #require(try ScriptRecord.scripts().first { ScriptRecord.confirmedHistory($0.record).count > 1 })
        let client = try await server.client()
        var refusals = 0
        var disconnected = false
        for _ in 0..<20 {
            do {
                _ = try await client.call("blockchain.scripthash.get_history", [.string(long.hash)])
            } catch ElectrumClientError.server(let code, _) where code == 1 {
                refusals += 1
            } catch {
                disconnected = true
                break
            }
        }
        // Each refusal costs a quarter of the soft limit: the hard limit is reached within ten.
        #expect(disconnected && refusals <= 8, "\(refusals) refusals before the disconnect")
    }

    @Test func remoteClientsNeedCredentials() async throws {
        // Every connection is treated as remote here; the token "sov_good" is the only credential.
        let authorize: ConnectionAuthorizer = { credentials in
            credentials.token == "sov_good" ? .allowed(reason: "token") : .refused(reason: "\(credentials.remoteIP) is not allowed")
        }
        let server = try await ServerHarness.start(authorize: authorize)
        defer { Task { await server.stop() } }
        let refused = try await server.connection()
        try await refused.send(line: #"{"jsonrpc":"2.0","id":0,"method":"server.version","params":["t","1.6"]}"#)
        let answer = try JSONParser.parse(try #require(try await refused.nextLine(timeout: .seconds(60))))
        #expect(answer["error"]?["message"]?.stringValue?.contains("not allowed") == true)
        #expect(try await refused.nextLine(timeout: .seconds(60)) == nil)
        let wrong = try await server.connection()
        try await wrong.send(line: #"{"jsonrpc":"2.0","id":0,"method":"server.authenticate","params":["sov_bad"]}"#)
        #expect(try JSONParser.parse(try #require(try await wrong.nextLine(timeout: .seconds(60))))["error"] != nil)
        // A token over TCP, then the protocol as usual.
        let tcp = try await ElectrumClient.connect(to: server.address(.tcp))
        #expect(try await tcp.call("server.authenticate", [.string("sov_good")]) == .bool(true))
        _ = try await tcp.call("server.version", [.string("t"), .string("1.6")])
        #expect(try await tcp.call("server.ping") == .null)
        // A bearer token on the WebSocket upgrade.
        let ws = try await server.client(.ws, headers: [("Authorization", "Bearer sov_good")])
        #expect(try await ws.call("server.ping") == .null)
        await tcp.close()
        await ws.close()
    }

    @Test func metricsAreServed() async throws {
        let server = try await ServerHarness.start(metrics: true)
        defer { Task { await server.stop() } }
        let client = try await server.client()
        _ = try await client.call("server.ping")
        _ = try? await client.call("blockchain.block.header", [.int(999_999)])
        let metrics = try #require(server.bound.metrics)
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://\(metrics.host):\(metrics.port)/metrics")!)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#"sov_requests_total{method="server.ping"} 1"#))
        #expect(text.contains(#"sov_request_errors_total{method="blockchain.block.header",code="1"} 1"#))
        #expect(text.contains("sov_connections_open 1"))
        #expect(text.contains("sov_index_height \(try SharedData.chain("fixtures/regtest/chain.hex").count - 1)"))
        #expect(text.contains("sov_request_duration_seconds_bucket"))
        await client.close()
    }
}

/// A client that stops reading: the server stops executing its requests once the send buffer is full, and
/// disconnects it after the slow-reader timeout, while serving others.
@Suite(.serialized, .needsSharedData) struct SlowReaderTests {
    @Test func aClientThatDoesNotReadIsCutOffAndOthersAreServed() async throws {
        var limits = ServerLimits.forTests
        limits.sendBufferBytes = 16 << 10
        limits.slowReaderTimeoutSeconds = 1
        let server = try await ServerHarness.start(limits: limits, metrics: true)
        defer { Task { await server.stop() } }
        let port = server.address(.tcp).port
        let fd = try RawSocket.connect(port: port, receiveBuffer: 4096)
        defer { close(fd) }
        // Ask for headers (≈ 160 kB of answers per request) and never read them.
        var text = #"{"jsonrpc":"2.0","id":0,"method":"server.version","params":["slow","1.6"]}"# + "\n"
        for i in 1...200 { text += #"{"jsonrpc":"2.0","id":\#(i),"method":"blockchain.block.headers","params":[0,2016]}"# + "\n" }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        // Others are served meanwhile.
        let other = try await server.client()
        #expect(try await other.call("server.ping") == .null)
        try await Task.sleep(for: .seconds(3))
        #expect(try await other.call("server.ping") == .null)
        let metrics = try #require(server.bound.metrics)
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://\(metrics.host):\(metrics.port)/metrics")!)
        let exposition = String(decoding: data, as: UTF8.self)
        #expect(exposition.contains(#"sov_connections_refused_total{reason="slow_reader"} 1"#))
        #expect(exposition.contains("sov_connections_open 1"))
        // Far fewer than the 200 requests were executed: the server stopped once the buffer was full.
        let served = exposition.split(separator: "\n").first { $0.hasPrefix(#"sov_requests_total{method="blockchain.block.headers"}"#) }
        let count = served.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        #expect(count > 0 && count < 200, "executed \(count) of 200 before stopping")
        await other.close()
    }
}

/// The server with no node: the fixture's block files alone, as `sov demo` serves them.
@Suite(.serialized, .needsSharedData) struct BlocksOnlyServerTests {
    @Test func confirmedHistoryFromBlockFilesAndNoNodeAnswers() async throws {
        let blocks = SharedData.root.appendingPathComponent("fixtures/regtest/blocks").path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sov-blocks-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let index = try AddressIndex(directory: directory, network: .regtest, create: true)
        let files = BlockFileSlices(directory: blocks)
        index.blockSource = CompositeBlockSource(files: files, node: nil)
        let sync = IndexSync(index: index, files: files, node: nil)
        _ = try sync.sync(to: try ChainPlanner.targetChain(sync: sync, blocksDirectory: blocks, network: .regtest, reorgLimit: 100))
        let options = ServerRuntime.Options(
            listeners: [ServerListener(.tcp, host: "127.0.0.1", port: 0)], metrics: nil, limits: .forTests, tls: nil,
            identity: ServerIdentity(genesisHash: try index.blockRecord(height: 0)!.hash.hex, software: "sov test"),
            authorize: { _ in .allowed(reason: "loopback client") }, pollInterval: 3600, zmqEndpoint: nil, reorgLimit: 100, follow: false)
        let runtime = try ServerRuntime(sync: sync, node: nil, blocksDirectory: blocks, network: .regtest, options: options, log: { _ in })
        let bound = try await runtime.start()
        defer { Task { await runtime.shutdown() } }
        let address = ElectrumServerAddress(host: "127.0.0.1", port: bound.listeners[0].port, transport: .tcp)
        let client = try await ElectrumClient.connect(to: address)
        _ = try await client.call("server.version", [.string("t"), .string("1.4")])
        // No mempool without a node: the confirmed part of the record.
        for (sh, record) in try ScriptRecord.scripts() {
            // Typed calls, as a wallet built on SovElectrumClient sends them.
            let hash = try #require(ScriptHash(sh))
            let history = try await client.call(.scriptHashGetHistory(hash, mempoolOrder: .canonical)).arrayValue ?? []
            #expect(history.map { $0["tx_hash"]!.stringValue! } == ScriptRecord.confirmedHistory(record), "\(sh)")
            let balance = try await client.call(.scriptHashGetBalance(hash))
            #expect(balance["confirmed"]?.int64Value == record["confirmed_balance"]?.int64Value && balance["unconfirmed"]?.intValue == 0)
        }
        // Fee questions get the protocol's "cannot tell" answers (Electrum drops a server that errors here);
        // a broadcast gets an error that says why.
        #expect(try await client.call("blockchain.estimatefee", [.int(2)]) == .int(-1))
        #expect(try await client.call("blockchain.relayfee") == .amount(1000))
        do {
            _ = try await client.call("blockchain.transaction.broadcast", [.string("00")])
            Issue.record("a broadcast without a node was accepted")
        } catch ElectrumClientError.server(let code, let message) {
            #expect(code == 2 && message.contains("without a Bitcoin node"))
        }
        await client.close()
    }
}

/// The server follows the node on its own: a block announced over ZMQ reaches a subscribed wallet as a
/// header notification without polling (the poll interval here is an hour).
@Suite(.serialized, .needsSharedData) struct ServerFollowsTheNodeTests {
    @Test func aNewBlockAnnouncedOverZMQIsNotified() async throws {
        let server = try await ServerHarness.start(state: "funded", followOverZMQ: true)
        defer { Task { await server.stop() } }
        let client = try await server.client()
        let before = try await client.call("blockchain.headers.subscribe")["height"]!.intValue!
        try await Task.sleep(for: .milliseconds(300))  // the subscriber connects to the publisher
        try server.node.step(to: "before-reorg")
        let expected = try SharedData.json("fixtures/regtest/checkpoints.json").arrayValue!.first { $0["label"]?.stringValue == "before-reorg" }!
        let notified = try await withThrowingTaskGroup(of: JSONValue?.self) { group in
            group.addTask {
                for await n in client.notifications where n.method == "blockchain.headers.subscribe" { return n.params.first }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        let header = try #require(notified, "no header notification within 30 s")
        #expect(before == 152)
        #expect(header["height"]?.intValue == expected["height"]?.intValue)
        let hex = try #require(header["hex"]?.stringValue)
        #expect(Hex.encodeReversed(Hashes.hash256(try Hex.decode(hex))) == expected["tip"]?.stringValue)
        await client.close()
    }
}
