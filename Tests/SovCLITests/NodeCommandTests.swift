import Foundation
import SovJSON
import SovNodeDouble
import SovPrimitives
import SovTestSupport
import Testing

/// `sov node …` run as a user would, against the node double (or a real bitcoind with SOV_BITCOIND).
@Suite(.serialized, .needsSharedData) struct NodeCommandTests {
    /// Runs `body` against each node there is: the double, and the real one with SOV_BITCOIND.
    func withNode(_ body: (any NodeHarness, [String]) async throws -> Void) async throws {
        for kind in NodeHarnesses.kinds {
            let node = try await offThePool { try NodeHarnesses.start(kind) }
            try await withCleanupOffThePool({ node.stop() }) {
                try await body(node, ["--network", "regtest", "--node", node.url, "--node-datadir", node.datadir.path])
            }
        }
    }

    @Test func statusJSONHasStableKeysAndTheNodesValues() async throws {
        try await withNode { node, options in
            let result = try await SovProcess.run(["node", "status", "--json"] + options)
            #expect(result.status == 0, "\(result.stderr)")
            let status = try JSONParser.parse(result.stdout)
            #expect(status.objectValue?.keys == ["chain", "version", "version_number", "blocks", "headers", "best_block_hash",
                                                 "verification_progress", "initial_block_download", "synced", "pruned",
                                                 "size_on_disk", "peers", "mempool", "fee_estimates_sat_per_kvb", "uptime", "warnings"])
            #expect(status["chain"]?.stringValue == "regtest")
            #expect(status["blocks"]?.intValue == node.expectedBlockHashes.count - 1)
            #expect(status["best_block_hash"]?.stringValue == node.expectedBlockHashes.last)
            #expect(status["mempool"]?["transactions"]?.intValue == node.expectedMempool.count)
            #expect(status["synced"] == .bool(true))
            #expect(status["fee_estimates_sat_per_kvb"]?.objectValue?.keys == ["2", "6", "144"])
        }
    }

    @Test func statusForPeopleNamesTheChainAndHeight() async throws {
        try await withNode { node, options in
            let result = try await SovProcess.run(["node", "status"] + options)
            #expect(result.status == 0)
            #expect(result.stdout.contains("regtest"))
            #expect(result.stdout.contains("\(node.expectedBlockHashes.count - 1) of \(node.expectedBlockHashes.count - 1) headers"))
            #expect(result.stdout.contains("synced"))
        }
    }

    @Test func waitSyncedReturnsZeroForASyncedNode() async throws {
        try await withNode { _, options in
            let result = try await SovProcess.run(["node", "status", "--wait-synced", "--timeout", "5"] + options)
            #expect(result.status == 0)
        }
    }

    @Test func rpcConvertsArgumentsAndPrintsLikeBitcoinCli() async throws {
        try await withNode { node, options in
            // A number argument, a string result printed raw.
            let hash = try await SovProcess.run(["node", "rpc"] + options + ["getblockhash", "1"])
            #expect(hash.stdout == node.expectedBlockHashes[1] + "\n")
            // A string argument and a JSON argument; an object result pretty-printed.
            let header = try await SovProcess.run(["node", "rpc"] + options + ["getblockheader", node.expectedBlockHashes[1], "true"])
            #expect(try JSONParser.parse(header.stdout)["height"]?.intValue == 1)
            #expect(header.stdout.hasPrefix("{\n  \"hash\": "))
            // -named.
            let named = try await SovProcess.run(["node", "rpc", "-named"] + options + ["getblock", "blockhash=\(node.expectedBlockHashes[2])", "verbosity=0"])
            let raw = try Block(bytes: try Hex.decode(named.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(raw.header.hash.hex == node.expectedBlockHashes[2])
            // -stdin.
            let stdin = try await SovProcess.run(["node", "rpc", "-stdin"] + options + ["getblockhash"], input: Data("2\n".utf8))
            #expect(stdin.stdout == node.expectedBlockHashes[2] + "\n")
        }
    }

    @Test func rpcErrorsExitLikeBitcoinCli() async throws {
        try await withNode { _, options in
            let unknown = try await SovProcess.run(["node", "rpc"] + options + ["nosuchmethod"])
            #expect(unknown.status == 32601 % 256)
            #expect(unknown.stderr == "error code: -32601\nerror message:\nMethod not found\n")
            #expect(unknown.stdout.isEmpty)
            let range = try await SovProcess.run(["node", "rpc"] + options + ["getblockhash", "100000"])
            #expect(range.status == 8)
            #expect(range.stderr.contains("Block height out of range"))
            let badJSON = try await SovProcess.run(["node", "rpc"] + options + ["getblockhash", "{nope"])
            #expect(badJSON.status == 64)
            #expect(badJSON.stderr == "sov: Error parsing JSON: {nope\n")
        }
    }

    @Test func wrongCookieAndRefusedConnectionAreOneClearLine() async throws {
        try await withNode { node, _ in
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sov-cli-cookie-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("regtest"), withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            try Data("__cookie__:wrong".utf8).write(to: dir.appendingPathComponent("regtest/.cookie"))
            let refused = try await SovProcess.run(["node", "status", "--network", "regtest", "--node", node.url, "--node-datadir", dir.path])
            #expect(refused.status == 77)
            #expect(refused.stderrLines.count == 1)
            #expect(refused.stderr.contains("refused the credentials: used cookie file \(dir.path)/regtest/.cookie"))
            let missing = try await SovProcess.run(["node", "status", "--network", "regtest", "--node", node.url, "--rpc-cookie", "/nonexistent/cookie"])
            #expect(missing.status == 77)
            #expect(missing.stderr.contains("/nonexistent/cookie"))
        }
        let unreachable = try await SovProcess.run(["node", "status", "--network", "regtest", "--node", "http://127.0.0.1:1"])
        #expect(unreachable.status == 69)
        #expect(unreachable.stderr == "sov: cannot reach the node: is bitcoind running? tried 127.0.0.1:1 (connection refused)\n")
    }

    @Test func peersAndMempoolAsJSON() async throws {
        try await withNode { node, options in
            let peers = try await SovProcess.run(["node", "peers", "--json"] + options)
            #expect(peers.status == 0)
            #expect(try JSONParser.parse(peers.stdout).arrayValue != nil)
            let mempool = try await SovProcess.run(["node", "mempool", "--json"] + options)
            #expect(mempool.status == 0)
            let value = try JSONParser.parse(mempool.stdout)
            #expect(value["transactions"]?.intValue == node.expectedMempool.count)
            let txids = Set(value["entries"]?.arrayValue?.compactMap { $0["txid"]?.stringValue } ?? [])
            #expect(txids == Set(node.expectedMempool))
            let rates = value["entries"]?.arrayValue?.compactMap { $0["fee_rate_sat_per_kvb"]?.int64Value } ?? []
            #expect(rates == rates.sorted(by: >))
            let table = try await SovProcess.run(["node", "mempool"] + options)
            #expect(table.stdout.hasPrefix("\(node.expectedMempool.count) transactions"))
        }
    }

    @Test func configPrintsAFragmentAndWritesOnlyWhenAsked() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sov-cli-conf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let conf = dir.appendingPathComponent("bitcoin.conf")
        try Data("txindex=1".utf8).write(to: conf)
        let printed = try await SovProcess.run(["node", "config", "--network", "regtest", "--node-datadir", dir.path, "--json"])
        #expect(printed.status == 0)
        let value = try JSONParser.parse(printed.stdout)
        let password = try #require(value["password"]?.stringValue)
        let line = try #require(value["rpcauth"]?.stringValue)
        // The line checks against Core's algorithm: HMAC-SHA256 keyed by the salt text over the password.
        let parts = line.dropFirst("rpcauth=sov:".count).split(separator: "$")
        #expect(Hashes.hmacSHA256(key: Array(parts[0].utf8), data: Array(password.utf8)).hex == String(parts[1]))
        #expect(value["fragment"]?.stringValue?.contains("[regtest]\nserver=1\n\(line)\n") == true)
        #expect(try String(contentsOf: conf, encoding: .utf8) == "txindex=1", "nothing is written without --write")
        // Bad input writes nothing.
        let bad = try await SovProcess.run(["node", "config", "--user", "a:b", "--node-datadir", dir.path, "--write"])
        #expect(bad.status == 64)
        #expect(try String(contentsOf: conf, encoding: .utf8) == "txindex=1")
        // --write appends after a backup.
        let written = try await SovProcess.run(["node", "config", "--network", "regtest", "--node-datadir", dir.path, "--write"])
        #expect(written.status == 0)
        let after = try String(contentsOf: conf, encoding: .utf8)
        #expect(after.hasPrefix("txindex=1\n"))
        #expect(after.contains("rpcauth=sov:"))
        let backups = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("bitcoin.conf.sov-backup-") }
        #expect(backups.count == 1)
        #expect(written.stderr.contains("shown once"))
        #expect(!written.stdout.contains("password"))
        // Issue 13: a second --write replaces the block, it does not add a second one.
        let again = try await SovProcess.run(["node", "config", "--network", "regtest", "--user", "sov2", "--node-datadir", dir.path, "--write"])
        #expect(again.status == 0)
        let twice = try String(contentsOf: conf, encoding: .utf8)
        #expect(twice.hasPrefix("txindex=1\n"))
        #expect(twice.components(separatedBy: "# Added by sov ").count == 2, "one block: \(twice)")
        #expect(twice.contains("rpcauth=sov2:") && !twice.contains("rpcauth=sov:"))
        #expect(twice.components(separatedBy: "[regtest]").count == 2 && twice.components(separatedBy: "zmqpubhashblock=").count == 2)
        #expect(again.stderr.contains("replaced the lines an earlier 'sov node config --write' added"))
        // Refused for permissions: 77, as documented.
        if getuid() != 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: conf.path)
            #expect(try await SovProcess.run(["node", "config", "--node-datadir", dir.path, "--write"]).status == 77)
        }
    }
}

extension NodeCommandTests {
    @Test func snapshotLoadReportsTheNodesAnswer() async throws {
        try await withNode { node, options in
            guard node.isDouble else { return }  // a real node needs a real snapshot file
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("sov-snapshot-\(UUID().uuidString).dat")
            try Data([0x75, 0x74, 0x78, 0x6f]).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let loaded = try await SovProcess.run(["node", "snapshot", "load", "--json"] + options + [file.path])
            #expect(loaded.status == 0, "\(loaded.stderr)")
            let value = try JSONParser.parse(loaded.stdout)
            #expect(value["tip_hash"]?.stringValue == node.expectedBlockHashes.last)
            #expect(value["base_height"]?.intValue == node.expectedBlockHashes.count - 1)
            let missing = try await SovProcess.run(["node", "snapshot", "load"] + options + ["/nonexistent/utxo.dat"])
            #expect(missing.status == 8)
            #expect(missing.stderr.contains("Couldn't open file /nonexistent/utxo.dat for reading."))
        }
    }
}
