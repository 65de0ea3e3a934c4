import Foundation
import SovJSON
import SovNodeDouble
import SovNodeRPC
import SovPrimitives
import SovTestSupport
import Testing

/// The node client against a node: the fixture double, or a real bitcoind with SOV_BITCOIND.
@Suite(.serialized, .needsSharedData) struct NodeRPCClientTests {
    /// Runs `body` against each node there is (the double, and the real one with SOV_BITCOIND), on a thread
    /// of its own: the calls block.
    func withNode(_ body: @escaping @Sendable (any NodeHarness, NodeRPCClient) throws -> Void) async throws {
        for kind in NodeHarnesses.kinds {
            try await offThePool {
                let node = try NodeHarnesses.start(kind)
                defer { node.stop() }
                let endpoint = NodeEndpoint.resolve(network: .regtest, url: node.url, datadir: node.datadir.path, environment: [:])
                try body(node, NodeRPCClient(endpoint: endpoint))
            }
        }
    }

    @Test func cookieIsFoundInTheNetworkSubfolderOfTheDatadir() async throws {
        try await withNode { node, client in
            #expect(client.endpoint.credentials == .cookieFile(path: node.cookiePath))
            let info = try client.blockchainInfo()
            #expect(info.chain == "regtest")
        }
    }

    @Test func chainInformationMatchesTheNode() async throws {
        try await withNode { node, client in
            let info = try client.blockchainInfo()
            #expect(info.blocks == node.expectedBlockHashes.count - 1)
            #expect(info.bestBlockHash == node.expectedBlockHashes.last)
            #expect(try client.bestBlockHash() == node.expectedBlockHashes.last)
            #expect(info.network == .regtest)
            #expect(try client.blockHash(height: 0) == node.expectedBlockHashes[0])
        }
    }

    @Test func batchFetchesEveryBlockHashInOneRequest() async throws {
        try await withNode { node, client in
            let heights = Array(0..<node.expectedBlockHashes.count)
            let results = try client.batch(heights.map { RPCRequest("getblockhash", [.int($0)]) } + [RPCRequest("getblockhash", [.int(-1)])])
            #expect(results.count == heights.count + 1)
            for (h, result) in zip(heights, results) { #expect(try result.get().stringValue == node.expectedBlockHashes[h]) }
            #expect(throws: NodeRPCError.rpc(code: -8, message: "Block height out of range")) { try results.last!.get() }
        }
    }

    @Test func rawBlocksAndHeadersHashToWhatWasAskedFor() async throws {
        try await withNode { node, client in
            let sample = Array(node.expectedBlockHashes.suffix(5)) + [node.expectedBlockHashes[1]]
            let blocks = try client.rawBlocks(hashes: sample)
            for (hash, raw) in zip(sample, blocks) {
                let block = try Block(bytes: raw)
                #expect(block.header.hash.hex == hash)
                #expect(block.computedMerkleRoot == block.header.merkleRoot)
                #expect(try client.blockHeader(hash: hash) == block.header)
                let info = try client.blockHeaderInfo(hash: hash)
                #expect(info["hash"]?.stringValue == hash)
                #expect(info["height"]?.intValue == node.expectedBlockHashes.firstIndex(of: hash))
                // Transactions come back byte-identical by txid.
                let coinbase = block.transactions[0]
                #expect(try client.rawTransaction(txid: coinbase.txid.hex) == coinbase.serialized())
            }
        }
    }

    @Test func mempoolMatchesTheNode() async throws {
        try await withNode { node, client in
            let entries = try client.mempool()
            #expect(Set(entries.map(\.txid)) == Set(node.expectedMempool))
            #expect(Set(try client.mempoolTxids()) == Set(node.expectedMempool))
            for (txid, entry) in entries {
                let tx = try Transaction(bytes: try client.rawTransaction(txid: txid))
                #expect(entry.vsize == tx.virtualSize)
                #expect(entry.wtxid == tx.wtxid.hex)
                #expect(try client.mempoolEntry(txid: txid) == entry)
            }
            #expect(throws: NodeRPCError.rpc(code: -5, message: "Transaction not in mempool")) {
                try client.mempoolEntry(txid: String(repeating: "0", count: 64))
            }
        }
    }

    /// The double's mempool answers agree with what the real node recorded (fees, sizes, dependencies).
    @Test func doubleMempoolAgreesWithRecordedCore() throws {
        let fixture = try FixtureChain(name: "regtest")
        let node = try NodeDouble(fixture: fixture)
        defer { node.stop() }
        let client = NodeRPCClient(endpoint: NodeEndpoint(url: node.url, credentials: .cookieFile(path: node.cookiePath), network: .regtest))
        let recorded = try #require(fixture.recorded["getrawmempool_verbose"]?["result"]?.objectValue)
        let mine = try client.mempool()
        #expect(mine.count == recorded.entries.count)
        for (txid, entry) in mine {
            let core = try #require(recorded[txid])
            #expect(entry.vsize == core["vsize"]?.intValue)
            #expect(entry.weight == core["weight"]?.intValue)
            #expect(entry.fee == core["fees"]?["base"]?.satoshis)
            #expect(entry.wtxid == core["wtxid"]?.stringValue)
            #expect(entry.depends == core["depends"]?.arrayValue?.compactMap(\.stringValue))
        }
    }

    @Test func feesPeersUptimeAndNetwork() async throws {
        try await withNode { _, client in
            let estimate = try client.estimateSmartFee(blocks: 6)
            // A rate for a number of blocks, or why there is none (a fresh regtest node answers blocks 0 and errors).
            #expect(estimate.satoshisPerKvB != nil ? estimate.blocks > 0 : !estimate.errors.isEmpty, "\(estimate)")
            _ = try client.peerInfo()
            #expect(try client.uptime() >= 0)
            #expect(try client.networkInfo()["version"]?.intValue ?? 0 > 0)
            let status = try NodeStatus.fetch(from: client)
            #expect(status.blockchain.chain == "regtest")
            #expect(status.feeEstimates.map(\.blocks) == [2, 6, 144])
        }
    }

    @Test func rpcErrorsCarryCoreCodeAndMessage() async throws {
        try await withNode { _, client in
            #expect(throws: NodeRPCError.rpc(code: -32601, message: "Method not found")) { try client.call("nosuchmethod") }
            #expect(throws: NodeRPCError.rpc(code: -22, message: "TX decode failed. Make sure the tx has at least one input.")) {
                try client.sendRawTransaction([0x00])
            }
        }
    }

    @Test func broadcastReachesTheNode() async throws {
        try await withNode { node, client in
            guard node.isDouble, let double = node as? NodeDouble, let txid = node.expectedMempool.first else { return }
            let raw = try client.rawTransaction(txid: txid)
            #expect(try client.sendRawTransaction(raw) == txid)
            #expect(double.broadcasts.last == raw)
            let accept = try client.testMempoolAccept([raw])
            #expect(accept.first?["reject-reason"]?.stringValue == "txn-already-in-mempool")
        }
    }

    @Test func walletEndpointIsUsed() async throws {
        try await withNode { node, client in
            guard let double = node as? NodeDouble else { return }
            let info = try client.call("getwalletinfo", wallet: "user wallet")
            #expect(info["walletname"]?.stringValue == "user wallet")
            #expect(double.paths.last == "/wallet/user%20wallet")
        }
    }

    @Test func wrongCookieSaysWhichCredentialsWereUsed() async throws {
        try await withNode { node, _ in
            let bad = FileManager.default.temporaryDirectory.appendingPathComponent("sov-bad-cookie-\(UUID().uuidString)")
            try Data("__cookie__:wrong".utf8).write(to: bad)
            defer { try? FileManager.default.removeItem(at: bad) }
            let client = NodeRPCClient(endpoint: NodeEndpoint(url: node.url, credentials: .cookieFile(path: bad.path), network: .regtest))
            do {
                _ = try client.blockchainInfo()
                Issue.record("a wrong cookie was accepted")
            } catch let error as NodeRPCError {
                #expect(error == .unauthorized(endpoint: "127.0.0.1:\(URL(string: node.url)!.port!)", credentials: "cookie file \(bad.path)"))
                #expect(error.description.contains(bad.path))
            } catch { Issue.record("unexpected \(error)") }
        }
    }

    @Test func unreadableCookieIsReportedWithItsPath() async throws {
        try await withNode { node, _ in
            let client = NodeRPCClient(endpoint: NodeEndpoint(url: node.url, credentials: .cookieFile(path: "/nonexistent/.cookie"), network: .regtest))
            #expect { try client.blockchainInfo() } throws: { error in
                "\(error)".contains("/nonexistent/.cookie")
            }
        }
    }

    @Test func refusedConnectionSaysWhereItTried() throws {
        // A port that was just free: bind, read its number, close.
        let port = Int(try freeLoopbackPort())
        let client = NodeRPCClient(endpoint: NodeEndpoint(url: "http://127.0.0.1:\(port)", credentials: .none, network: .regtest))
        do {
            _ = try client.blockchainInfo()
            Issue.record("connected to a closed port")
        } catch {
            #expect(error == .unreachable(endpoint: "127.0.0.1:\(port)", detail: "connection refused"))
            #expect(error.description.contains("is bitcoind running? tried 127.0.0.1:\(port)"))
        }
    }

    @Test func warmupIsWaitedOutWithProgress() async throws {
        try await withNode { node, _ in
            guard let double = node as? NodeDouble else { return }
            let endpoint = NodeEndpoint(url: node.url, credentials: .cookieFile(path: node.cookiePath), network: .regtest)
            double.simulateWarmup(calls: 3)
            let seen = LockedCounter()
            let patient = NodeRPCClient(endpoint: endpoint, warmupTimeout: 30, warmupProgress: { message, _ in
                #expect(message == "Loading block index…")
                seen.increment()
            })
            let info = try patient.blockchainInfo()
            #expect(info.chain == "regtest")
            #expect(seen.value == 3)
            double.simulateWarmup(calls: 1)
            #expect(throws: NodeRPCError.rpc(code: -28, message: "Loading block index…")) { try NodeRPCClient(endpoint: endpoint).blockchainInfo() }
            double.simulateWarmup(calls: 1000)
            #expect { try NodeRPCClient(endpoint: endpoint, warmupTimeout: 0.3).blockchainInfo() } throws: { error in
                if case NodeRPCError.warmupTimeout = error { return true }
                return false
            }
        }
    }

    @Test func rpcauthLineFollowsCoreAlgorithm() {
        // Core's test/functional/rpc_users.py: user "rt", this salt and password give this rpcauth line.
        let auth = RPCAuth(user: "rt", salt: "93648e835a54c573682c2eb19f882535", password: "cA773lm788buwYe4g4WT+05pKyNruVKjQ25x3n0DQcM=")
        #expect(auth.configLine == "rpcauth=rt:93648e835a54c573682c2eb19f882535$7681e9c5b74bdd85e78166031d2058e1069b3ed7ed967c93fc63abba06f31144")
        let fresh = RPCAuth.generate(user: "sov")
        #expect(fresh.salt.count == 32)
        #expect(fresh.password.count == 44)
        #expect(fresh.configLine.hasPrefix("rpcauth=sov:\(fresh.salt)$"))
    }

    @Test func endpointResolutionFollowsOptionsThenEnvironment() {
        let env = ["HOME": "/home/u", "SOV_NODE": "10.0.0.5:8332", "SOV_RPC_USER": "alice", "SOV_RPC_PASSWORD": "pw"]
        let fromEnv = NodeEndpoint.resolve(network: .main, environment: env)
        #expect(fromEnv.url == "http://10.0.0.5:8332")
        #expect(fromEnv.credentials == .userPassword(user: "alice", password: "pw", source: "SOV_RPC_USER"))
        let defaults = NodeEndpoint.resolve(network: .testnet4, environment: ["HOME": "/home/u"])
        #expect(defaults.url == "http://127.0.0.1:48332")
        #expect(defaults.credentials == .cookieFile(path: "/home/u/.bitcoin/testnet4/.cookie"))
        let main = NodeEndpoint.resolve(network: .main, datadir: "/data/btc", environment: ["HOME": "/home/u"])
        #expect(main.credentials == .cookieFile(path: "/data/btc/.cookie"))
        let explicit = NodeEndpoint.resolve(network: .regtest, url: "http://127.0.0.1:1", cookie: "/c", environment: env)
        #expect(explicit.url == "http://127.0.0.1:1")
        #expect(explicit.credentials == .userPassword(user: "alice", password: "pw", source: "SOV_RPC_USER"))
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
