import Foundation
import SovJSON
import SovNodeDouble
import SovTestSupport
import Testing

/// The Bitcoin Client end to end on a real Bitcoin Core (`SOV_BITCOIND`): sov wallets paid by Core's wallet
/// sync through `sov serve`, and pay Core back with transactions sov built and signed, broadcast through the
/// server. Core's acceptance into its mempool and a block is the check: its own policy and consensus code.
@Suite(.serialized, .needsSharedData) struct RealNodeWalletTests {
    /// A real node with a funded Core wallet, a `sov serve` over it, and a folder of sov wallets.
    final class Bed: @unchecked Sendable {
        let node: RealNodeTests.Node
        let coreAddress: String
        let wallets: URL
        let serverDir: URL
        var server: SovServeProcess!
        let mnemonic: String

        init(binary: String) async throws {
            node = try await offThePool { try RealNodeTests.Node(binary: binary) }
            _ = try await node.rpc("createwallet", [.string("core")])
            coreAddress = try #require(try await node.rpc("getnewaddress").stringValue)
            _ = try await node.rpc("generatetoaddress", [.int(101), .string(coreAddress)])
            wallets = try Fixtures.temporaryDirectory()
            serverDir = try Fixtures.temporaryDirectory()
            mnemonic = try WalletCommandTests.mnemonic.get()
        }

        func startServer() async throws {
            server = try await SovServeProcess(["--data-dir", serverDir.path, "--status", ""] + node.options)
        }

        var serverAddress: String { (server.tcpAddress ?? "") + ":t" }

        func stop() {
            _ = server?.stop()
            node.node.stop()
            try? FileManager.default.removeItem(at: wallets)
            try? FileManager.default.removeItem(at: serverDir)
        }

        func sov(_ arguments: [String], input: String? = nil) async throws -> SovResult {
            try await SovProcess.run(arguments + ["--network", "regtest", "--data-dir", wallets.path], input: input.map { Data($0.utf8) })
        }

        func json(_ arguments: [String]) async throws -> JSONValue {
            let result = try await sov(arguments + ["--json"])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return try JSONParser.parse(result.stdout)
        }

        /// Core pays `amount` BTC to the wallet's next address and mines it.
        func fund(_ wallet: String, _ amount: String) async throws -> String {
            let receive = try #require(try await json(["wallet", "address", "-w", wallet])["address"]?.stringValue)
            let txid = try #require(try await node.rpc("sendtoaddress", [.string(receive), .number(amount)]).stringValue)
            _ = try await node.rpc("generatetoaddress", [.int(1), .string(coreAddress)])
            return txid
        }

        /// Signs a proposal (`tx create`, `bump` or `cpfp` output) with the mnemonic, checks it is complete,
        /// extracts it and broadcasts it through the server; returns its txid, the fee and the size sov estimated.
        func signAndBroadcast(_ wallet: String, _ proposal: SovResult) async throws -> (txid: String, fee: Int64, vsize: Int) {
            #expect(proposal.status == 0, "\(proposal.stderr)")
            let json = try JSONParser.parse(proposal.stdout)
            let signed = try await sov(["tx", "sign", "-w", wallet, try #require(json["psbt"]?.stringValue), "--mnemonic-fd", "0", "--json"], input: mnemonic)
            #expect(signed.status == 0, "\(signed.stderr)")
            let signedJSON = try JSONParser.parse(signed.stdout)
            #expect(signedJSON["complete"]?.boolValue == true, "\(signed.stdout)")
            let extracted = try JSONParser.parse(try await SovProcess.run(["tx", "extract", try #require(signedJSON["psbt"]?.stringValue), "--json"]).stdout)
            let broadcast = try await sov(["tx", "broadcast", "-w", wallet, try #require(extracted["hex"]?.stringValue)])
            #expect(broadcast.status == 0, "\(broadcast.stderr)")
            return (broadcast.stdout.trimmingCharacters(in: .whitespacesAndNewlines), try #require(json["fee"]?.int64Value),
                    try #require(json["vsize"]?.intValue))
        }

        /// Syncs until the wallet's history holds `txid` (the server follows the node's mempool and tip as they
        /// change), and with `height`, until the wallet's tip is there.
        func syncUntilSeen(_ wallet: String, _ txid: String, height: Int? = nil) async throws {
            for _ in 0..<120 {
                let synced = try await sov(["wallet", "sync", "-w", wallet, "--server", serverAddress, "--json"])
                #expect(synced.status == 0, "\(synced.stderr)")
                let history = try await sov(["wallet", "history", "-w", wallet, "--json"])
                let tip = try JSONParser.parse(synced.stdout)["tip_height"]?.intValue
                if history.stdout.contains(txid) && (height == nil || tip == height) { return }
                try await Task.sleep(for: .milliseconds(500))
            }
            Issue.record("the wallet never saw \(txid)")
        }

        func confirmedBalance(_ wallet: String) async throws -> Int64? {
            try await json(["wallet", "balance", "-w", wallet])["confirmed"]?.int64Value
        }

        /// The fixture mnemonic's account keys `[fingerprint/84'/1'/N']tpub…` for `accounts`, as a cosigner's
        /// wallet shows them (each account stands for another cosigner's key).
        func accountKeys(_ accounts: Range<Int>) async throws -> [String] {
            var keys: [String] = []
            for account in accounts {
                let created = try await sov(["wallet", "create", "cosigner\(account)", "--mnemonic-stdin", "--type", "wpkh", "--account", String(account), "--json"],
                                            input: mnemonic)
                #expect(created.status == 0, "\(created.stderr)")
                // wpkh([fingerprint/84'/1'/N']tpub…/0/*)#checksum → the key with its origin.
                let receive = try #require(try JSONParser.parse(created.stdout)["descriptors"]?["receive"]?.stringValue)
                let inner = try #require(receive.split(separator: "(").dropFirst().first?.split(separator: ")").first)
                keys.append(String(inner.dropLast("/0/*".count)))
            }
            return keys
        }

        /// Mines a block, then syncs the wallet up to it (holding `txid`).
        func confirm(_ wallet: String, _ txid: String) async throws {
            _ = try await node.rpc("generatetoaddress", [.int(1), .string(coreAddress)])
            #expect(try await node.rpc("getrawmempool").arrayValue?.isEmpty == true)
            try await syncUntilSeen(wallet, txid, height: try #require(try await node.rpc("getblockcount").intValue))
        }
    }

    static func bed() async throws -> Bed? {
        guard let binary = NodeHarnesses.bitcoindPath else {
            if SharedData.underCI { Issue.record("SOV_BITCOIND is not set: .ci/run builds bitcoind with .ci/build-bitcoind and sets it") }
            return nil
        }
        return try await Bed(binary: binary)
    }

    /// A taproot wallet: paid by Core, it pays Core back, bumps the fee (RBF) and adds a child that pays for
    /// it (CPFP); Core replaces, counts parent and child together, confirms and credits the amount.
    @Test func singleKeyWalletPaysBumpsAndPaysForItsParent() async throws {
        guard let bed = try await Self.bed() else { return }
        try await withCleanupOffThePool({ bed.stop() }) {
            #expect(try await bed.sov(["wallet", "create", "real", "--mnemonic-stdin", "--type", "tr"], input: bed.mnemonic).status == 0)
            let funding = try await bed.fund("real", "1.25")
            try await bed.startServer()
            try await bed.syncUntilSeen("real", funding)
            #expect(try await bed.confirmedBalance("real") == 125_000_000)

            // A payment to Core at 2 sat/vB, accepted into Core's mempool with the fee sov chose.
            let payee = try #require(try await bed.node.rpc("getnewaddress", [.string("from sov")]).stringValue)
            let payment = try await bed.signAndBroadcast("real", try await bed.sov(["tx", "create", "-w", "real", "--to", "\(payee):0.4", "--fee-rate", "2", "--json"]))
            let entry = try await bed.node.rpc("getmempoolentry", [.string(payment.txid)])
            #expect(try RealNodeTests.Node.satoshis(entry["fees"]?["base"]) == payment.fee, "Core's mempool holds it, with the fee sov chose")
            #expect(try #require(entry["vsize"]?.intValue) <= payment.vsize, "sov's size estimate is an upper bound")
            // (Core 28+ replaces any transaction and no longer reports BIP125 signalling; Core's decoding shows it.)
            let decoded = try await bed.node.rpc("getrawtransaction", [.string(payment.txid), .bool(true)])
            #expect(decoded["vin"]?.arrayValue?.allSatisfy { ($0["sequence"]?.int64Value ?? .max) < 0xffff_fffe } == true, "RBF signalled")

            // Bumped (RBF): Core replaces it with sov's replacement.
            try await bed.syncUntilSeen("real", payment.txid)
            let bumped = try await bed.signAndBroadcast("real", try await bed.sov(["tx", "bump", "-w", "real", payment.txid, "--fee-rate", "6", "--json"]))
            let mempool = try await bed.node.rpc("getrawmempool")
            #expect(mempool.arrayValue?.contains(.string(bumped.txid)) == true && mempool.arrayValue?.contains(.string(payment.txid)) == false,
                    "the replacement took the original's place: \(mempool.compact)")
            #expect(bumped.fee > payment.fee)

            // And a child pays for it (CPFP): Core counts both together.
            try await bed.syncUntilSeen("real", bumped.txid)
            let child = try await bed.signAndBroadcast("real", try await bed.sov(["tx", "cpfp", "-w", "real", bumped.txid, "--fee-rate", "20", "--json"]))
            let childEntry = try await bed.node.rpc("getmempoolentry", [.string(child.txid)])
            #expect(childEntry["depends"]?.arrayValue == [.string(bumped.txid)])
            let parentEntry = try await bed.node.rpc("getmempoolentry", [.string(bumped.txid)])
            let packageFee = try RealNodeTests.Node.satoshis(parentEntry["fees"]?["descendant"])
            let packageSize = try #require(parentEntry["descendantsize"]?.intValue)
            #expect(packageFee == bumped.fee + child.fee)
            #expect(Double(packageFee) >= 20 * Double(packageSize) * 0.99, "parent and child together pay about 20 sat/vB: \(packageFee) sat for \(packageSize) vB")

            // Confirmed: Core's wallet was paid, and the sov wallet's balance is what is left.
            try await bed.confirm("real", child.txid)
            #expect(try RealNodeTests.Node.satoshis(try await bed.node.rpc("getreceivedbyaddress", [.string(payee)])) == 40_000_000, "Core's wallet was paid")
            #expect(try await bed.confirmedBalance("real") == 125_000_000 - 40_000_000 - bumped.fee - child.fee)
        }
    }

    /// A 2-of-2 multisig wallet, `wsh(sortedmulti(2, account 0, account 1))` of the fixture mnemonic (as two
    /// cosigners' keys): sov builds the payment with its witness script and both keys' origins, the mnemonic
    /// signs for both, the finalizer completes the witness, and Core accepts and confirms it.
    @Test func multisigWalletPaysCore() async throws {
        guard let bed = try await Self.bed() else { return }
        try await withCleanupOffThePool({ bed.stop() }) {
            let keys = try await bed.accountKeys(0..<2)
            let descriptor = "wsh(sortedmulti(2,\(keys[0])/<0;1>/*,\(keys[1])/<0;1>/*))"
            let created = try await bed.sov(["wallet", "create", "vault", "--descriptor", descriptor])
            #expect(created.status == 0, "\(created.stderr)")
            let funding = try await bed.fund("vault", "0.8")
            try await bed.startServer()
            try await bed.syncUntilSeen("vault", funding)
            #expect(try await bed.confirmedBalance("vault") == 80_000_000)

            let payee = try #require(try await bed.node.rpc("getnewaddress", [.string("from the vault")]).stringValue)
            let proposal = try await bed.sov(["tx", "create", "-w", "vault", "--to", "\(payee):0.3", "--fee-rate", "3", "--json"])
            // Each input carries the witness script and both cosigners' key origins.
            let analyzed = try await SovProcess.run(["decode", try #require(try JSONParser.parse(proposal.stdout)["psbt"]?.stringValue)])
            let input = try #require(try JSONParser.parse(analyzed.stdout)["inputs"]?[0])
            #expect(input["witness_script"]?["type"]?.stringValue == "multisig", "\(input.compact)")
            #expect(input["bip32_derivs"]?.arrayValue?.count == 2, "\(input.compact)")
            let payment = try await bed.signAndBroadcast("vault", proposal)
            let entry = try await bed.node.rpc("getmempoolentry", [.string(payment.txid)])
            #expect(try RealNodeTests.Node.satoshis(entry["fees"]?["base"]) == payment.fee)
            #expect(try #require(entry["vsize"]?.intValue) <= payment.vsize, "sov's size estimate is an upper bound")
            try await bed.confirm("vault", payment.txid)
            #expect(try RealNodeTests.Node.satoshis(try await bed.node.rpc("getreceivedbyaddress", [.string(payee)])) == 30_000_000)
            #expect(try await bed.confirmedBalance("vault") == 80_000_000 - 30_000_000 - payment.fee)
        }
    }

    /// A miniscript wallet with a relative time lock, `wsh(and_v(v:pk(K),older(3)))`: while its coin has fewer than
    /// 3 confirmations sov has nothing it can spend; then it sets the input's nSequence to 3, and Core (which
    /// enforces BIP68 in its mempool) accepts and confirms the spend. Then a taproot wallet whose internal key is
    /// unspendable spends through a script leaf, and Core accepts that too.
    @Test func scriptWalletsSpendThroughTheirScripts() async throws {
        guard let bed = try await Self.bed() else { return }
        try await withCleanupOffThePool({ bed.stop() }) {
            let keys = try await bed.accountKeys(0..<2)
            #expect(try await bed.sov(["wallet", "create", "locked", "--descriptor", "wsh(and_v(v:pk(\(keys[0])/<0;1>/*),older(3)))"]).status == 0)
            let unspendable = "50929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0"
            let leaves = "tr(\(unspendable),{pk(\(keys[0])/<0;1>/*),and_v(v:pk(\(keys[1])/<0;1>/*),older(100))})"
            #expect(try await bed.sov(["wallet", "create", "leaves", "--descriptor", leaves]).status == 0)
            let lockedFunding = try await bed.fund("locked", "0.5")
            let leavesFunding = try await bed.fund("leaves", "0.7")
            try await bed.startServer()
            try await bed.syncUntilSeen("locked", lockedFunding)
            try await bed.syncUntilSeen("leaves", leavesFunding)
            #expect(try await bed.confirmedBalance("locked") == 50_000_000)
            let payee = try #require(try await bed.node.rpc("getnewaddress", [.string("from scripts")]).stringValue)

            // Two confirmations: older(3) is not met, so nothing can be spent yet.
            let early = try await bed.sov(["tx", "create", "-w", "locked", "--to", "\(payee):0.1", "--fee-rate", "2", "--json"])
            #expect(early.status == 65 && early.stderr.contains("wait for a time lock"), "\(early.status) \(early.stderr)")

            _ = try await bed.node.rpc("generatetoaddress", [.int(1), .string(bed.coreAddress)])
            try await bed.syncUntilSeen("locked", lockedFunding, height: try #require(try await bed.node.rpc("getblockcount").intValue))
            let proposal = try await bed.sov(["tx", "create", "-w", "locked", "--to", "\(payee):0.1", "--fee-rate", "2", "--json"])
            let decoded = try JSONParser.parse(try await SovProcess.run(["decode", try #require(try JSONParser.parse(proposal.stdout)["psbt"]?.stringValue)]).stdout)
            #expect(decoded["tx"]?["vin"]?[0]?["sequence"]?.intValue == 3, "the input's nSequence meets older(3): \(decoded["tx"]?["vin"]?.compact ?? "")")
            let payment = try await bed.signAndBroadcast("locked", proposal)
            let entry = try await bed.node.rpc("getmempoolentry", [.string(payment.txid)])
            #expect(try RealNodeTests.Node.satoshis(entry["fees"]?["base"]) == payment.fee, "Core accepted the time-locked spend")
            #expect(try #require(entry["vsize"]?.intValue) <= payment.vsize, "sov's size estimate is an upper bound")

            // The taproot wallet: its only spendable path is the pk() leaf (the other waits 100 blocks).
            let scriptPath = try await bed.signAndBroadcast("leaves", try await bed.sov(["tx", "create", "-w", "leaves", "--to", "\(payee):0.2", "--fee-rate", "2", "--json"]))
            let leafEntry = try await bed.node.rpc("getmempoolentry", [.string(scriptPath.txid)])
            #expect(try RealNodeTests.Node.satoshis(leafEntry["fees"]?["base"]) == scriptPath.fee, "Core accepted the script-path spend")
            #expect(try #require(leafEntry["vsize"]?.intValue) <= scriptPath.vsize)
            let witness = try await bed.node.rpc("getrawtransaction", [.string(scriptPath.txid), .bool(true)])["vin"]?[0]?["txinwitness"]?.arrayValue
            #expect(witness?.count == 3, "signature, leaf script, control block: \(witness.map { "\($0)" } ?? "")")

            try await bed.confirm("locked", payment.txid)
            try await bed.syncUntilSeen("leaves", scriptPath.txid, height: try #require(try await bed.node.rpc("getblockcount").intValue))
            #expect(try RealNodeTests.Node.satoshis(try await bed.node.rpc("getreceivedbyaddress", [.string(payee)])) == 30_000_000)
            #expect(try await bed.confirmedBalance("locked") == 50_000_000 - 10_000_000 - payment.fee)
            #expect(try await bed.confirmedBalance("leaves") == 70_000_000 - 20_000_000 - scriptPath.fee)
        }
    }

    /// `sov tx broadcast --package`: Core's wallet signs a parent that pays no fee (TRUC, version 3) and a child
    /// that pays for both. Alone the parent is refused (below the relay fee); as a package, through `sov serve`
    /// (`blockchain.transaction.broadcast_package`, Core's `submitpackage`), both enter Core's mempool.
    @Test func packageLetsAChildPayForItsParent() async throws {
        guard let bed = try await Self.bed() else { return }
        try await withCleanupOffThePool({ bed.stop() }) {
            #expect(try await bed.sov(["wallet", "create", "sender", "--mnemonic-stdin", "--type", "wpkh"], input: bed.mnemonic).status == 0)
            try await bed.startServer()
            func btc(_ satoshis: Int64) -> JSONValue { .number(String(format: "%d.%08d", satoshis / 100_000_000, satoshis % 100_000_000)) }
            let coin = try #require(try await bed.node.rpc("listunspent").arrayValue?.first)
            let amount = try RealNodeTests.Node.satoshis(coin["amount"])
            let middle = try #require(try await bed.node.rpc("getnewaddress").stringValue)
            let parentInputs = JSONValue.array([.object(JSONObject([("txid", try #require(coin["txid"])), ("vout", try #require(coin["vout"]))]))])
            let parentRaw = try await bed.node.rpc("createrawtransaction", [parentInputs, .array([.object(JSONObject([(middle, btc(amount))]))]),
                                                                            .int(0), .bool(true), .int(3)])
            let parent = try #require(try await bed.node.rpc("signrawtransactionwithwallet", [parentRaw])["hex"]?.stringValue)
            let parentTxid = try #require(try await bed.node.rpc("decoderawtransaction", [.string(parent)])["txid"])
            let parentScript = try #require(try await bed.node.rpc("getaddressinfo", [.string(middle)])["scriptPubKey"])
            let childRaw = try await bed.node.rpc("createrawtransaction", [
                .array([.object(JSONObject([("txid", parentTxid), ("vout", .int(0))]))]),
                .array([.object(JSONObject([(bed.coreAddress, btc(amount - 20_000))]))]), .int(0), .bool(true), .int(3)])
            let prevout = JSONValue.object(JSONObject([("txid", parentTxid), ("vout", .int(0)), ("scriptPubKey", parentScript), ("amount", btc(amount))]))
            let child = try #require(try await bed.node.rpc("signrawtransactionwithwallet", [childRaw, .array([prevout])])["hex"]?.stringValue)

            let alone = try await bed.sov(["tx", "broadcast", "-w", "sender", "--server", bed.serverAddress, parent])
            #expect(alone.status == 65, "a parent without a fee does not relay alone: \(alone.stderr)")
            let package = try await bed.sov(["tx", "broadcast", "-w", "sender", "--server", bed.serverAddress, "--package", parent, child, "--json"])
            #expect(package.status == 0, "\(package.stderr)")
            let txids = try JSONParser.parse(package.stdout)["txids"]?.arrayValue ?? []
            #expect(txids.count == 2 && txids.first == parentTxid, "\(package.stdout)")
            let mempool = try await bed.node.rpc("getrawmempool").arrayValue ?? []
            #expect(txids.allSatisfy { mempool.contains($0) }, "both in Core's mempool: \(mempool)")
        }
    }
}
