import Foundation
import SovJSON
import SovNodeDouble
import SovPrimitives
import SovTestSupport
import Testing

/// `sov tx` end to end: a wallet restored from the fixture's mnemonic pays out of each of its four account
/// types through `sov serve` in front of the node double; every transaction sov signs is verified input by
/// input by Bitcoin Core's consensus engine (py-bitcoinkernel, all flags) and then accepted by the node.
@Suite(.serialized, .needsSharedData) struct TxCommandTests {
    static let script = Fixtures.repositoryRoot.appendingPathComponent("Tests/SovCLITests/Peers/verify_with_kernel.py").path

    /// Runs `verify_with_kernel.py` on `transaction` spending `spent` (script hex, amount) per input.
    static func verifyWithKernel(_ transaction: String, spent: [(String, Int64)]) async throws -> JSONValue {
        guard let python = BDKWalletTests.python else { throw FixtureError("no Python with py-bitcoinkernel (run .ci/setup)") }
        let request = JSONValue.object(JSONObject([("tx", .string(transaction)), ("spent", .array(spent.map {
            .object(JSONObject([("script", .string($0.0)), ("amount", .int($0.1))]))
        }))]))
        return try await offThePool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [script]
            let input = Pipe(), output = Pipe(), errors = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let (data, message) = try process.readingUntilExit {
                input.fileHandleForWriting.write(Data(request.compact.utf8))
                try input.fileHandleForWriting.close()
                return (output.fileHandleForReading.readDataToEndOfFile(),
                        String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            }
            guard process.terminationStatus == 0 else { throw FixtureError("py-bitcoinkernel refused: \(message)") }
            return try JSONParser.parse(String(decoding: data, as: UTF8.self))
        }
    }

    static func sov(_ arguments: [String], dataDir: URL, input: String? = nil) async throws -> SovResult {
        // finalize, extract, analyze and combine need no wallet.
        let wallet = !["finalize", "extract", "analyze", "combine"].contains(arguments[1]) ? ["--data-dir", dataDir.path] : []
        return try await SovProcess.run(arguments + ["--network", "regtest"] + wallet, input: input.map { Data($0.utf8) })
    }

    /// The wallet's unspent outputs by "txid:vout": (script hex, value), from `sov wallet utxos --json`.
    static func spendable(wallet: String, dataDir: URL) async throws -> [String: (String, Int64)] {
        let utxos = try #require(try JSONParser.parse(try await sov(["wallet", "utxos", "-w", wallet, "--json"], dataDir: dataDir).stdout).arrayValue)
        var spendable: [String: (String, Int64)] = [:]
        for utxo in utxos {
            spendable["\(utxo["txid"]?.stringValue ?? ""):\(utxo["vout"]?.intValue ?? -1)"] = (utxo["script"]?.stringValue ?? "", utxo["value"]?.int64Value ?? 0)
        }
        return spendable
    }

    /// The raw transaction (hex) `sov tx extract` makes of a finalized PSBT.
    static func extractedHex(_ psbt: String, dataDir: URL) async throws -> String {
        let extracted = try await sov(["tx", "extract", psbt, "--json"], dataDir: dataDir)
        return try #require(try JSONParser.parse(extracted.stdout)["hex"]?.stringValue, "\(extracted.stderr)")
    }

    @Test func paymentsFromEveryAccountTypeAreValidAndAccepted() async throws {
        if BDKWalletTests.python == nil {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "CI must have the peers venv (.ci/setup)")
            print("SKIPPED: no Python with py-bitcoinkernel (run .ci/setup): TxCommandTests did not run")
            return
        }
        let node = try NodeDouble(fixture: try FixtureChain(name: "regtest"))
        defer { node.stop() }
        let serverDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: serverDir) }
        let server = try await SovServeProcess(["--network", "regtest", "--data-dir", serverDir.path, "--node", node.url,
                                                "--node-datadir", node.datadir.path])
        defer { _ = server.stop() }
        let address = try #require(server.tcpAddress) + ":t"
        let wallets = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: wallets) }
        let mnemonic = try WalletCommandTests.mnemonic.get()
        let recipient = try #require(try SharedData.json("fixtures/regtest/wallet.json")["multisig_p2wsh"]?["address"]?.stringValue)
        var verifiedInputs = 0
        for type in ["pkh", "sh-wpkh", "wpkh", "tr"] {
            let name = "pay-" + type
            #expect(try await Self.sov(["wallet", "create", name, "--mnemonic-stdin", "--type", type], dataDir: wallets, input: mnemonic).status == 0)
            let synced = try await Self.sov(["wallet", "sync", "-w", name, "--server", address], dataDir: wallets)
            #expect(synced.status == 0, "\(synced.stderr)")
            let spendable = try await Self.spendable(wallet: name, dataDir: wallets)

            let created = try await Self.sov(["tx", "create", "-w", name, "--to", "\(recipient):0.1", "--fee-rate", "3", "--json"], dataDir: wallets)
            #expect(created.status == 0, "\(type): \(created.stderr)")
            let proposal = try JSONParser.parse(created.stdout)
            let psbt = try #require(proposal["psbt"]?.stringValue)
            let fee = try #require(proposal["fee"]?.int64Value), vsize = try #require(proposal["vsize"]?.intValue)

            let signed = try await Self.sov(["tx", "sign", "-w", name, psbt, "--mnemonic-fd", "0", "--json"], dataDir: wallets, input: mnemonic)
            #expect(signed.status == 0, "\(type): \(signed.stderr)")
            let signedJSON = try JSONParser.parse(signed.stdout)
            #expect(signedJSON["complete"]?.boolValue == true, "\(type): \(signed.stdout)")
            let inputs = proposal["inputs"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(signedJSON["signed_inputs"]?.arrayValue?.count == inputs.count && !inputs.isEmpty)

            let extracted = try JSONParser.parse(try await Self.sov(["tx", "extract", try #require(signedJSON["psbt"]?.stringValue), "--json"],
                                                                    dataDir: wallets).stdout)
            let hex = try #require(extracted["hex"]?.stringValue)
            let transaction = try Transaction(bytes: try Hex.decode(hex))
            #expect(transaction.virtualSize <= vsize, "\(type): the estimate is an upper bound")
            #expect(Double(fee) >= 3 * Double(transaction.virtualSize), "\(type): at least the rate asked")
            #expect(transaction.inputs.allSatisfy { $0.sequence == 0xffff_fffd }, "RBF signalled")
            let spent = try transaction.inputs.map { input in
                try #require(spendable["\(input.previousOutput.txid.hex):\(input.previousOutput.index)"], "\(type): spends a wallet output")
            }
            let paid = transaction.outputs.reduce(Int64(0)) { $0 + $1.value }
            #expect(spent.reduce(Int64(0)) { $0 + $1.1 } - paid == fee)
            let verdict = try await Self.verifyWithKernel(hex, spent: spent)
            #expect(verdict["verified"]?.intValue == transaction.inputs.count)
            verifiedInputs += transaction.inputs.count

            // A signature changed by one bit is refused by the same engine: the check is real.
            var forged = transaction
            if forged.inputs[0].witness.isEmpty {
                var scriptSig = forged.inputs[0].scriptSig.bytes
                scriptSig[10] ^= 1
                forged.inputs[0].scriptSig = Script(scriptSig)
            } else {
                forged.inputs[0].witness[0][8] ^= 1
            }
            await #expect(throws: (any Error).self) { try await Self.verifyWithKernel(forged.serialized().hex, spent: spent) }

            // The taproot payment goes as a package of one (`--package`, `broadcast_package`), the others alone.
            let broadcast = try await Self.sov(["tx", "broadcast", "-w", name, hex] + (type == "tr" ? ["--package"] : []), dataDir: wallets)
            #expect(broadcast.status == 0, "\(type): \(broadcast.stderr)")
            #expect(broadcast.stdout == transaction.txid.hex + "\n")
            #expect(node.broadcasts.contains(try Hex.decode(hex)), "\(type): the node received it")
        }
        #expect(verifiedInputs >= 4)
    }

    @Test func badPaymentsAreRefusedWithTheirReason() async throws {
        let bed = try await WalletTestBed(wallets: [("w", "wpkh")])
        let (wallets, mnemonic, recipient) = (bed.wallets, bed.mnemonic, try WalletTestBed.recipient())
        func expectFailure(_ arguments: [String], input: String? = nil, status: Int32, _ text: String) async throws {
            let result = try await Self.sov(arguments, dataDir: wallets, input: input)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty && result.stderrLines.count == 1 && result.stderr.contains(text), "\(arguments): \(result.stderr)")
        }
        try await expectFailure(["tx", "create", "--to", "\(recipient):1000", "--fee-rate", "2"], status: 65, "insufficient funds")
        try await expectFailure(["tx", "broadcast", "00", "00"], status: 64, "--package")
        for empty in ["", ":"] {  // (these once trapped on an empty split)
            try await expectFailure(["tx", "create", "--to", empty, "--fee-rate", "2"], status: 65, "not a regtest address")
        }
        try await expectFailure(["tx", "create", "--to", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq:0.1", "--fee-rate", "2"], status: 65, "not a regtest address")
        try await expectFailure(["tx", "create", "--to", "\(recipient):0.00000100", "--fee-rate", "2"], status: 65, "dust")
        try await expectFailure(["tx", "create", "--to", "\(recipient):0.1", "--fee-rate", "5000"], status: 65, "--force")
        try await expectFailure(["tx", "create", "--to", "\(recipient):0.1", "--fee-rate", "2", "--utxo", String(repeating: "ab", count: 32) + ":0"],
                                status: 65, "is not an unspent output of this wallet")
        try await expectFailure(["tx", "sign", "cHNidP8BAAo=", "--mnemonic-fd", "0"], input: mnemonic, status: 65, "invalid PSBT")
        // Without --fee-rate the server is asked for an estimate; block files alone give none.
        try await expectFailure(["tx", "create", "--to", "\(recipient):0.1"], status: 69, "fee estimate")
        try await expectFailure(["tx", "create", "--to", "\(recipient):0.1", "--fee-rate", "2", "--conf-target", "3"], status: 64, "not both")
        let created = try await Self.sov(["tx", "create", "--to", "\(recipient):0.1", "--fee-rate", "2"], dataDir: wallets)
        let psbt = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let other = "legal winner thank year wave sausage worth useful legal winner thank yellow"
        try await expectFailure(["tx", "sign", psbt, "--mnemonic-fd", "0"], input: other, status: 65, "not the wallet's")
        try await expectFailure(["tx", "extract", psbt], status: 65, "not finalized")
    }

    /// Runs `Peers/bdk_psbt.py` with `arguments`; its JSON answer.
    static func bdk(_ arguments: [String]) async throws -> JSONValue {
        guard let python = BDKWalletTests.python else { throw FixtureError("no Python with bdkpython (run .ci/setup)") }
        let script = Fixtures.repositoryRoot.appendingPathComponent("Tests/SovCLITests/Peers/bdk_psbt.py").path
        return try await offThePool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [script] + arguments
            let output = Pipe(), errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let (data, message) = try process.readingUntilExit {
                (output.fileHandleForReading.readDataToEndOfFile(), String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            }
            guard process.terminationStatus == 0 else { throw FixtureError("bdk_psbt.py \(arguments[0]): \(message)") }
            return try JSONParser.parse(String(decoding: data, as: UTF8.self))
        }
    }

    /// BDK, an independent wallet, signs the PSBTs sov creates, and sov signs the ones BDK creates; both
    /// finalize, and the transactions pass Bitcoin Core's consensus engine.
    @Test func bdkAndSovSignEachOthersPSBTs() async throws {
        if BDKWalletTests.python == nil {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "CI must have the peers venv (.ci/setup)")
            print("SKIPPED: no Python with bdkpython (run .ci/setup): bdkAndSovSignEachOthersPSBTs did not run")
            return
        }
        let (server, serverDir) = try await WalletCommandTests.startServer()
        defer { _ = server.stop(); try? FileManager.default.removeItem(at: serverDir) }
        let tcp = try #require(server.tcpAddress)
        let wallets = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: wallets) }
        let mnemonic = try WalletCommandTests.mnemonic.get()
        let fixture = try SharedData.json("fixtures/regtest/wallet.json")
        let recipient = try #require(fixture["multisig_p2wsh"]?["address"]?.stringValue)
        let descriptors = try #require(fixture["descriptors"]?.arrayValue).compactMap { $0["private"]?.stringValue }
        for (type, prefix) in [("wpkh", "wpkh("), ("tr", "tr(")] {
            let pair = descriptors.filter { $0.hasPrefix(prefix) }.map { String($0.split(separator: "#")[0]) }
            try #require(pair.count == 2)
            #expect(try await Self.sov(["wallet", "create", type, "--mnemonic-stdin", "--type", type], dataDir: wallets, input: mnemonic).status == 0)
            #expect(try await Self.sov(["wallet", "sync", "-w", type, "--server", tcp + ":t"], dataDir: wallets).status == 0)
            let spendable = try await Self.spendable(wallet: type, dataDir: wallets)
            func verify(_ psbt: String, _ who: String) async throws {
                let extracted = try await Self.sov(["tx", "extract", psbt, "--json"], dataDir: wallets)
                #expect(extracted.status == 0, "\(type) \(who): \(extracted.stderr)")
                let hex = try #require(try JSONParser.parse(extracted.stdout)["hex"]?.stringValue)
                let transaction = try Transaction(bytes: try Hex.decode(hex))
                let spent = try transaction.inputs.map { try #require(spendable["\($0.previousOutput.txid.hex):\($0.previousOutput.index)"]) }
                #expect(try await Self.verifyWithKernel(hex, spent: spent)["verified"]?.intValue == transaction.inputs.count, "\(type) \(who)")
            }

            // sov creates, BDK signs and finalizes.
            let created = try await Self.sov(["tx", "create", "-w", type, "--to", "\(recipient):0.2", "--fee-rate", "2"], dataDir: wallets)
            let signedByBDK = try await Self.bdk(["sign", pair[0], pair[1], created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
            #expect(signedByBDK["finalized"]?.boolValue == true, "\(type): BDK finalized sov's PSBT")
            try await verify(try #require(signedByBDK["psbt"]?.stringValue), "signed by BDK")

            // BDK creates, sov signs and finalizes.
            let made = try await Self.bdk(["create", tcp, pair[0], pair[1], recipient, "1000000", "2"])
            let signedBySov = try await Self.sov(["tx", "sign", "-w", type, try #require(made["psbt"]?.stringValue), "--mnemonic-fd", "0", "--json"],
                                                 dataDir: wallets, input: mnemonic)
            #expect(signedBySov.status == 0, "\(type): \(signedBySov.stderr)")
            let answer = try JSONParser.parse(signedBySov.stdout)
            #expect(answer["complete"]?.boolValue == true, "\(type): sov finalized BDK's PSBT")
            try await verify(try #require(answer["psbt"]?.stringValue), "signed by sov")
        }
    }

    /// A payment seen unconfirmed is replaced with a higher fee (RBF) and given a child (CPFP); both are
    /// signed, pass the consensus engine, and pay what they promise.
    @Test func bumpAndCPFPOfAnUnconfirmedPayment() async throws {
        if BDKWalletTests.python == nil {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "CI must have the peers venv (.ci/setup)")
            return
        }
        let node = try NodeDouble(fixture: try FixtureChain(name: "regtest"))
        defer { node.stop() }
        let serverDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: serverDir) }
        let server = try await SovServeProcess(["--network", "regtest", "--data-dir", serverDir.path, "--node", node.url,
                                                "--node-datadir", node.datadir.path, "--interval", "0.5"])
        defer { _ = server.stop() }
        let address = try #require(server.tcpAddress) + ":t"
        let wallets = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: wallets) }
        let mnemonic = try WalletCommandTests.mnemonic.get()
        let recipient = try #require(try SharedData.json("fixtures/regtest/wallet.json")["multisig_p2wsh"]?["address"]?.stringValue)
        for type in ["wpkh", "tr"] {
            #expect(try await Self.sov(["wallet", "create", type, "--mnemonic-stdin", "--type", type], dataDir: wallets, input: mnemonic).status == 0)
            #expect(try await Self.sov(["wallet", "sync", "-w", type, "--server", address], dataDir: wallets).status == 0)
            let spendable = try await Self.spendable(wallet: type, dataDir: wallets)
            func signAndExtract(_ psbt: String) async throws -> Transaction {
                let signed = try JSONParser.parse(try await Self.sov(["tx", "sign", "-w", type, psbt, "--mnemonic-fd", "0", "--json"],
                                                                     dataDir: wallets, input: mnemonic).stdout)
                #expect(signed["complete"]?.boolValue == true)
                let signedPSBT = try #require(signed["psbt"]?.stringValue)
                let extracted = try JSONParser.parse(try await Self.sov(["tx", "extract", signedPSBT, "--json"], dataDir: wallets).stdout)
                let hex = try #require(extracted["hex"]?.stringValue)
                return try Transaction(bytes: try Hex.decode(hex))
            }

            // The payment, broadcast and then seen unconfirmed by the wallet.
            let created = try JSONParser.parse(try await Self.sov(["tx", "create", "-w", type, "--to", "\(recipient):0.1", "--fee-rate", "2", "--json"],
                                                                  dataDir: wallets).stdout)
            let payment = try await signAndExtract(try #require(created["psbt"]?.stringValue))
            let paymentFee = try #require(created["fee"]?.int64Value)
            #expect(try await Self.sov(["tx", "broadcast", "-w", type, payment.serialized().hex], dataDir: wallets).status == 0)
            var seen = false
            for _ in 0..<40 where !seen {
                _ = try await Self.sov(["wallet", "sync", "-w", type], dataDir: wallets)
                let history = try JSONParser.parse(try await Self.sov(["wallet", "history", "-w", type, "--json"], dataDir: wallets).stdout).arrayValue ?? []
                seen = history.contains { $0["txid"]?.stringValue == payment.txid.hex && ($0["height"]?.intValue ?? 1) <= 0 }
                if !seen { try await Task.sleep(for: .milliseconds(250)) }
            }
            try #require(seen, "\(type): the wallet sees its payment in the mempool")

            // RBF: the same inputs and payment, a fee at the new rate and at least the old fee + 1 sat/vB.
            let bumped = try JSONParser.parse(try await Self.sov(["tx", "bump", "-w", type, payment.txid.hex, "--fee-rate", "10", "--json"], dataDir: wallets).stdout)
            let replacement = try await signAndExtract(try #require(bumped["psbt"]?.stringValue))
            #expect(Set(replacement.inputs.map(\.previousOutput)) == Set(payment.inputs.map(\.previousOutput)))
            #expect(replacement.outputs.contains { $0.scriptPubKey == payment.outputs.first { $0.value == 10_000_000 }?.scriptPubKey && $0.value == 10_000_000 })
            let spent = try replacement.inputs.map { try #require(spendable["\($0.previousOutput.txid.hex):\($0.previousOutput.index)"]) }
            let newFee = spent.reduce(Int64(0)) { $0 + $1.1 } - replacement.outputs.reduce(Int64(0)) { $0 + $1.value }
            #expect(Double(newFee) >= 10 * Double(replacement.virtualSize) && newFee >= paymentFee + Int64(replacement.virtualSize), "\(type): fee \(newFee)")
            #expect(try await Self.verifyWithKernel(replacement.serialized().hex, spent: spent)["verified"]?.intValue == replacement.inputs.count)

            // CPFP: the child spends the payment's change; together they pay 20 sat/vB.
            let child = try JSONParser.parse(try await Self.sov(["tx", "cpfp", "-w", type, payment.txid.hex, "--fee-rate", "20", "--json"], dataDir: wallets).stdout)
            let childTransaction = try await signAndExtract(try #require(child["psbt"]?.stringValue))
            let parentOutputs = try childTransaction.inputs.map { input -> (String, Int64) in
                #expect(input.previousOutput.txid == payment.txid)
                let output = payment.outputs[Int(input.previousOutput.index)]
                return (output.scriptPubKey.hex, output.value)
            }
            let childFee = parentOutputs.reduce(Int64(0)) { $0 + $1.1 } - childTransaction.outputs.reduce(Int64(0)) { $0 + $1.value }
            #expect(Double(paymentFee + childFee) >= 20 * Double(payment.virtualSize + childTransaction.virtualSize), "\(type): package rate")
            #expect(try await Self.verifyWithKernel(childTransaction.serialized().hex, spent: parentOutputs)["verified"]?.intValue == childTransaction.inputs.count)

            let broadcast = try await Self.sov(["tx", "broadcast", "-w", type, replacement.serialized().hex], dataDir: wallets)
            #expect(broadcast.status == 0 && node.broadcasts.contains(replacement.serialized()), "\(type): \(broadcast.stderr)")
        }
    }

    /// A locked output is left out of coin selection (even --max), shows as locked, exports as BIP329
    /// `spendable: false`, and is spendable again once unlocked.
    @Test func lockedOutputsAreNotSpent() async throws {
        let bed = try await WalletTestBed(wallets: [("w", "wpkh")])
        let wallets = bed.wallets
        let utxos = try #require(try JSONParser.parse(try await Self.sov(["wallet", "utxos", "--json"], dataDir: wallets).stdout).arrayValue)
        let largest = try #require(utxos.max { ($0["value"]?.int64Value ?? 0) < ($1["value"]?.int64Value ?? 0) })
        let outpoint = "\(largest["txid"]?.stringValue ?? ""):\(largest["vout"]?.intValue ?? -1)"
        #expect(try await Self.sov(["wallet", "lock", outpoint], dataDir: wallets).status == 0)
        #expect(try await Self.sov(["wallet", "lock", "--json"], dataDir: wallets).stdout == "[\"\(outpoint)\"]\n")
        let recipient = try #require(try SharedData.json("fixtures/regtest/wallet.json")["multisig_p2wsh"]?["address"]?.stringValue)
        let max = try JSONParser.parse(try await Self.sov(["tx", "create", "--max", "--to", recipient, "--fee-rate", "2", "--json"], dataDir: wallets).stdout)
        let inputs = Set(max["inputs"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        #expect(inputs.count == utxos.count - 1 && !inputs.contains(outpoint))
        let exported = try await Self.sov(["wallet", "label", "export"], dataDir: wallets).stdout
        #expect(exported.contains("\"ref\":\"\(outpoint)\"") && exported.contains("\"spendable\":false"))
        #expect(try await Self.sov(["wallet", "lock", "--unlock", outpoint], dataDir: wallets).status == 0)
        let all = try JSONParser.parse(try await Self.sov(["tx", "create", "--max", "--to", recipient, "--fee-rate", "2", "--json"], dataDir: wallets).stdout)
        #expect(all["inputs"]?.arrayValue?.count == utxos.count)
        let unknown = try await Self.sov(["wallet", "lock", String(repeating: "ab", count: 32) + ":0"], dataDir: wallets)
        #expect(unknown.status == 65 && unknown.stderr.contains("not an output of this wallet"))
    }

    /// `tx analyze` names each PSBT's next role as it moves from creation to extraction, and `tx combine`
    /// merges an unsigned copy with a signed one into the signed one.
    @Test func analyzeAndCombineFollowTheRoles() async throws {
        let bed = try await WalletTestBed(wallets: [("w", "wpkh")])
        let (wallets, mnemonic, recipient) = (bed.wallets, bed.mnemonic, try WalletTestBed.recipient())
        let created = try JSONParser.parse(try await Self.sov(["tx", "create", "--to", "\(recipient):0.1", "--fee-rate", "2", "--json"], dataDir: wallets).stdout)
        let unsigned = try #require(created["psbt"]?.stringValue)
        func analyze(_ psbt: String) async throws -> JSONValue {
            try JSONParser.parse(try await Self.sov(["tx", "analyze", psbt, "--json"], dataDir: wallets).stdout)
        }
        let first = try await analyze(unsigned)
        #expect(first["next"]?.stringValue == "signer" && first["fee"] == created["fee"])
        let partial = try JSONParser.parse(try await Self.sov(["tx", "sign", unsigned, "--mnemonic-fd", "0", "--no-finalize", "--json"],
                                                              dataDir: wallets, input: mnemonic).stdout)
        let signed = try #require(partial["psbt"]?.stringValue)
        #expect(try await analyze(signed)["next"]?.stringValue == "finalizer")
        let combined = try await Self.sov(["tx", "combine", unsigned, signed], dataDir: wallets)
        #expect(combined.status == 0 && combined.stdout == signed + "\n", "\(combined.stderr)")
        let finalized = try JSONParser.parse(try await Self.sov(["tx", "finalize", signed, "--json"], dataDir: wallets).stdout)
        #expect(finalized["complete"]?.boolValue == true)
        #expect(try await analyze(try #require(finalized["psbt"]?.stringValue))["next"]?.stringValue == "extractor")
        let other = try JSONParser.parse(try await Self.sov(["tx", "create", "--to", "\(recipient):0.2", "--fee-rate", "2", "--json"], dataDir: wallets).stdout)
        let mismatch = try await Self.sov(["tx", "combine", unsigned, try #require(other["psbt"]?.stringValue)], dataDir: wallets)
        #expect(mismatch.status == 65 && mismatch.stderr.contains("not compatible"))
    }

    /// `tx sign --signer`: a stand-in hardware wallet (Bitcoin Core's -signer protocol, BDK inside) signs sov's
    /// PSBT without sov seeing a key; the transaction passes the consensus engine. A device with another
    /// fingerprint is refused with exit 69.
    @Test func anExternalSignerSigns() async throws {
        guard let python = BDKWalletTests.python else {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "CI must have the peers venv (.ci/setup)")
            return
        }
        let (server, serverDir) = try await WalletCommandTests.startServer()
        defer { _ = server.stop(); try? FileManager.default.removeItem(at: serverDir) }
        let wallets = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: wallets) }
        let fixture = try SharedData.json("fixtures/regtest/wallet.json")
        let pair = try #require(fixture["descriptors"]?.arrayValue).compactMap { $0["private"]?.stringValue }
            .filter { $0.hasPrefix("tr(") }.map { String($0.split(separator: "#")[0]) }
        let exported = try #require(fixture["core_listdescriptors"])
        let document = JSONValue.object(JSONObject([("descriptors", exported)])).compact
        #expect(try await Self.sov(["wallet", "import", "hw", "--type", "tr"], dataDir: wallets, input: document).status == 0, "watch-only")
        #expect(try await Self.sov(["wallet", "sync", "--server", try #require(server.tcpAddress) + ":t"], dataDir: wallets).status == 0)
        let spendable = try await Self.spendable(wallet: "hw", dataDir: wallets)
        let recipient = try #require(fixture["multisig_p2wsh"]?["address"]?.stringValue)
        let created = try await Self.sov(["tx", "create", "--to", "\(recipient):0.05", "--fee-rate", "2"], dataDir: wallets)
        let signer = python + " " + Fixtures.repositoryRoot.appendingPathComponent("Tests/SovCLITests/Peers/bdk_signer.py").path
        func sign(fingerprint: String) async throws -> SovResult {
            try await SovProcess.run(["tx", "sign", created.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--signer", signer, "--json",
                                      "--network", "regtest", "--data-dir", wallets.path],
                                     environment: ["SOV_TEST_SIGNER_FINGERPRINT": fingerprint, "SOV_TEST_SIGNER_DESCRIPTORS": pair.joined(separator: " ")])
        }
        // The master fingerprint Core recorded in its key origins ("[73c5da0a/86h/…").
        let origin = try #require(exported[0]?["desc"]?.stringValue?.split(separator: "[").dropFirst().first)
        let fingerprint = String(origin.prefix(8))
        let signed = try await sign(fingerprint: fingerprint)
        #expect(signed.status == 0, "\(signed.stderr)")
        let answer = try JSONParser.parse(signed.stdout)
        #expect(answer["complete"]?.boolValue == true && !(answer["signed_inputs"]?.arrayValue?.isEmpty ?? true))
        let hex = try await Self.extractedHex(try #require(answer["psbt"]?.stringValue), dataDir: wallets)
        let transaction = try Transaction(bytes: try Hex.decode(hex))
        let spent = try transaction.inputs.map { try #require(spendable["\($0.previousOutput.txid.hex):\($0.previousOutput.index)"]) }
        #expect(try await Self.verifyWithKernel(hex, spent: spent)["verified"]?.intValue == transaction.inputs.count)

        let elsewhere = try await sign(fingerprint: "deadbeef")
        #expect(elsewhere.status == 69 && elsewhere.stderr.contains("no device with the wallet's fingerprint \(fingerprint)"), "\(elsewhere.stderr)")
    }

    /// `--psbt-version 2` writes a BIP370 PSBT: no unsigned transaction, the same transaction in fields; it signs,
    /// finalizes and extracts to a transaction the consensus engine accepts.
    @Test func version2PSBTsSignAndExtract() async throws {
        if BDKWalletTests.python == nil {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "CI must have the peers venv (.ci/setup)")
            return
        }
        let bed = try await WalletTestBed(wallets: [("wpkh", "wpkh"), ("tr", "tr")])
        let (wallets, mnemonic, recipient) = (bed.wallets, bed.mnemonic, try WalletTestBed.recipient())
        for type in ["wpkh", "tr"] {
            let spendable = try await Self.spendable(wallet: type, dataDir: wallets)
            let created = try JSONParser.parse(try await Self.sov(["tx", "create", "-w", type, "--to", "\(recipient):0.1", "--fee-rate", "2",
                                                                   "--psbt-version", "2", "--json"], dataDir: wallets).stdout)
            let psbt = try #require(created["psbt"]?.stringValue)
            let decoded = try JSONParser.parse(try await SovProcess.run(["decode", "psbt", psbt, "--network", "regtest"]).stdout)
            #expect(decoded["psbt_version"]?.intValue == 2 && decoded["tx"] == nil, "\(type): BIP370, no unsigned transaction")
            let signed = try JSONParser.parse(try await Self.sov(["tx", "sign", "-w", type, psbt, "--mnemonic-fd", "0", "--json"],
                                                                 dataDir: wallets, input: mnemonic).stdout)
            #expect(signed["complete"]?.boolValue == true, "\(type)")
            let hex = try await Self.extractedHex(try #require(signed["psbt"]?.stringValue), dataDir: wallets)
            let transaction = try Transaction(bytes: try Hex.decode(hex))
            let spent = try transaction.inputs.map { try #require(spendable["\($0.previousOutput.txid.hex):\($0.previousOutput.index)"]) }
            #expect(try await Self.verifyWithKernel(hex, spent: spent)["verified"]?.intValue == transaction.inputs.count, "\(type)")
        }
    }
}

extension TxCommandTests {
    /// `--subtract-fee-from`: the recipients named pay the fee in equal parts (the first any odd satoshi), the
    /// inputs cover exactly the amounts asked less what change returns, the rate is met, and the signed
    /// transaction passes Bitcoin Core's consensus engine.
    @Test func feeSubtractedFromTheRecipientsNamed() async throws {
        guard BDKWalletTests.python != nil else {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "CI must have the peers venv (.ci/setup)")
            return
        }
        let bed = try await WalletTestBed(wallets: [("w", "wpkh")])
        let first = try WalletTestBed.recipient()
        let second = try #require(try SharedData.json("fixtures/regtest/wallet.json")["multisig_p2sh"]?["address"]?.stringValue)
        let created = try await bed.sov(["tx", "create", "-w", "w", "--to", "\(first):0.5", "--to", "\(second):0.25", "--to", "\(first):0.1",
                                         "--subtract-fee-from", "0", "--subtract-fee-from", "1", "--fee-rate", "4", "--json"])
        #expect(created.status == 0, "\(created.stderr)")
        let proposal = try JSONParser.parse(created.stdout)
        let fee = try #require(proposal["fee"]?.int64Value)
        let signed = try JSONParser.parse(try await bed.sov(["tx", "sign", "-w", "w", try #require(proposal["psbt"]?.stringValue), "--mnemonic-fd", "0", "--json"],
                                                            input: bed.mnemonic).stdout)
        let hex = try await Self.extractedHex(try #require(signed["psbt"]?.stringValue), dataDir: bed.wallets)
        let transaction = try Transaction(bytes: try Hex.decode(hex))
        let changeIndex = proposal["change_index"]?.intValue
        let paid = transaction.outputs.enumerated().filter { $0.offset != changeIndex }.map(\.element.value)
        #expect(paid.count == 3)
        let share = fee / 2
        #expect(paid == [50_000_000 - share - fee % 2, 25_000_000 - share, 10_000_000], "the named recipients paid the fee: \(paid), fee \(fee)")
        #expect(Double(fee) >= 4 * Double(transaction.virtualSize), "at least the rate asked")
        let spendable = try await Self.spendable(wallet: "w", dataDir: bed.wallets)
        let spent = try transaction.inputs.map { try #require(spendable["\($0.previousOutput.txid.hex):\($0.previousOutput.index)"]) }
        #expect(spent.reduce(Int64(0)) { $0 + $1.1 } == transaction.outputs.reduce(Int64(0)) { $0 + $1.value } + fee)
        let verdict = try await Self.verifyWithKernel(hex, spent: spent)
        #expect(verdict["verified"]?.intValue == transaction.inputs.count)

        let wrong = try await bed.sov(["tx", "create", "-w", "w", "--to", "\(first):0.5", "--subtract-fee-from", "1", "--fee-rate", "4"])
        #expect(wrong.status == 64, "\(wrong.stderr)")
    }
}
