import Foundation
import SovJSON
import SovKeys
import SovPSBT
import SovPrimitives
import SovWallet

// sov-bench wallet --sov PATH [--fixture DIR] [--account-txs N] [--rounds N] [--python PATH] [--json]
//
// The Bitcoin Client as its user lives with it, each figure beside a baseline measured in the same run:
//   - sync: a synthetic chain (`sov-bench chain`'s generator) on which the fixture's BIP84 account has
//     ≥ --account-txs (default 5,000) transactions, served by one `sov serve` with default settings. A fresh
//     `sov wallet` (restored from the fixture's mnemonic) syncs it in full (`sov wallet sync`: headers from
//     genesis, every merkle proof) and BDK (bdkpython's full_scan, stop gap 20, as the BDK tests run it) scans
//     it, alternating for --rounds rounds (default 3); medians. Target: sov ≤ BDK's time.
//   - coin selection over 10,000 UTXOs (`CoinSelection.select`: Branch-and-Bound then Single-Random-Draw),
//     beside sorting the same candidates by value (the least any selection does). Target: under 50 ms.
//   - signing a PSBT of 1,000 P2WPKH inputs (`PSBTSigner`: derivation, BIP143 sighash, low-R ECDSA, verification,
//     PSBT rebuilt), beside 1,000 bare libsecp256k1 signatures.

func runWalletBenchmark() async {
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let fixture = option("--fixture") ?? repo.deletingLastPathComponent().appendingPathComponent("shared/fixtures/regtest").path
    let accountTransactions = Int(option("--account-txs") ?? "5000") ?? 5000
    let rounds = max(1, Int(option("--rounds") ?? "3") ?? 3)
    let json = CommandLine.arguments.contains("--json")
    guard let sov = option("--sov") else {
        fail("usage: sov-bench wallet --sov PATH-TO-SOV [--fixture DIR] [--account-txs N] [--rounds N] [--python PATH] [--json]")
    }
    let python = option("--python") ?? (ProcessInfo.processInfo.environment["HOME"] ?? "/root") + "/.cache/sov-peers/bin/python"
    let hasBDK = FileManager.default.isExecutableFile(atPath: python)
    if !hasBDK { note("no Python with bdkpython at \(python) (run .ci/setup): BDK's sync is left out") }
    guard let account = bip84Account(fixture: fixture),
          let walletData = FileManager.default.contents(atPath: fixture + "/wallet.json"),
          let mnemonic = (try? JSONParser.parse(String(decoding: walletData, as: UTF8.self)))?["mnemonic"]?.stringValue else {
        fail("no BIP84 account or mnemonic in \(fixture)/wallet.json")
    }
    func median(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.sorted()[values.count / 2] }

    // 1. Sync of a large account: sov wallet against BDK, alternating, on one default server.
    let chainDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("sov-bench-wallet-chain-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: chainDirectory) }
    note("writing a synthetic chain whose BIP84 account has about \(accountTransactions) transactions")
    writeAccountChain(fixture: fixture, account: account, transactions: accountTransactions, to: chainDirectory)
    let serverData = FileManager.default.temporaryDirectory.appendingPathComponent("sov-bench-wallet-server-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: serverData) }
    let server = startOrFail(sov, ["serve", "--network", "regtest", "--data-dir", serverData, "--blocks-dir", chainDirectory, "--no-node",
                                   "--tcp", "127.0.0.1:0", "--json"])
    defer { server.stop() }
    guard let ready = server.waitForLine({ $0["event"]?.stringValue == "listening" }), let port = listeningPort(ready) else {
        fail("sov serve did not start on the synthetic chain")
    }

    func run(_ executable: String, _ arguments: [String], input: String? = nil) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardInput = inPipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { fail("cannot run \(executable): \(error)") }
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
    func sovSync() -> (seconds: Double, transactions: Int) {
        let wallets = FileManager.default.temporaryDirectory.appendingPathComponent("sov-bench-wallets-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: wallets) }
        let common = ["--network", "regtest", "--data-dir", wallets]
        guard run(sov, ["wallet", "create", "bench", "--mnemonic-stdin"] + common, input: mnemonic).status == 0 else { fail("sov wallet create failed") }
        let start = DispatchTime.now().uptimeNanoseconds
        let (status, output) = run(sov, ["wallet", "sync", "--server", "127.0.0.1:\(port):t", "--json"] + common)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard status == 0 else { fail("sov wallet sync failed (exit \(status))") }
        let transactions = (try? JSONParser.parse(output))?["transactions_fetched"]?.intValue ?? 0
        return (seconds, transactions)
    }
    func bdkSync() -> (seconds: Double, transactions: Int)? {
        guard hasBDK else { return nil }
        let start = DispatchTime.now().uptimeNanoseconds
        let (status, output) = run(python, [repo.appendingPathComponent("Tests/SovCLITests/Peers/bdk_full_scan.py").path,
                                            "127.0.0.1:\(port)", account.receive, account.change])
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard status == 0 else { fail("the BDK sync failed (exit \(status))") }
        return (seconds, (try? JSONParser.parse(output))?["transactions"]?.arrayValue?.count ?? 0)
    }
    note("full sync of the account: sov wallet and BDK, alternating, \(rounds) rounds (first call warms the server)")
    _ = sovSync()
    var sovTimes: [Double] = [], bdkTimes: [Double] = []
    var sovTransactions = 0, bdkTransactions = 0
    for round in 0..<rounds {
        let bdkFirst = round % 2 == 1
        if bdkFirst, let b = bdkSync() { bdkTimes.append(b.seconds); bdkTransactions = b.transactions }
        let s = sovSync()
        sovTimes.append(s.seconds)
        sovTransactions = s.transactions
        if !bdkFirst, let b = bdkSync() { bdkTimes.append(b.seconds); bdkTransactions = b.transactions }
    }

    // 2. Coin selection over 10,000 UTXOs.
    var random = SeededRandom(seed: 7)
    let candidates = (0..<10_000).map { _ in
        CoinSelection.Candidate(value: Int64(random.next() % 10_000_000) + 10_000, fee: 68 * 5, longTermFee: 68 * 10)
    }
    let total = candidates.reduce(Int64(0)) { $0 + $1.value }
    var selectionTimes: [Double] = [], sortTimes: [Double] = []
    var algorithms: [String: Int] = [:]
    for k in 0..<20 {
        let target = Int64(random.next() % UInt64(total / 4)) + 50_000 + Int64(k)
        var start = DispatchTime.now().uptimeNanoseconds
        let sorted = candidates.sorted { $0.effectiveValue > $1.effectiveValue }
        sortTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        if sorted.isEmpty { print("") }
        start = DispatchTime.now().uptimeNanoseconds
        let selection = CoinSelection.select(candidates, target: target, costOfChange: 31 * 5 + 68 * 3, changeFee: 31 * 5, using: &random)
        selectionTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        algorithms[selection?.algorithm ?? "none", default: 0] += 1
    }

    // 3. Signing 1,000 inputs.
    let signing: (psbt: Double, bare: Double)
    do {
        let master = try ExtendedKey.master(seed: try Mnemonic(mnemonic).seed(), network: .regtest)
        let path = try DerivationPath("84h/1h/0h/0/0")
        let key = try master.derive(path: path)
        let script = Address.witness(version: 0, program: key.publicKey.hash160).scriptPubKey
        let funding = Transaction(inputs: [TxInput(previousOutput: OutPoint(txid: Txid(Hash32.zero), index: 0))],
                                  outputs: (0..<1000).map { _ in TxOutput(value: 100_000, scriptPubKey: script) })
        let spend = Transaction(inputs: (0..<1000).map { TxInput(previousOutput: OutPoint(txid: funding.txid, index: UInt32($0)), sequence: 0xffff_fffd) },
                                outputs: [TxOutput(value: 99_000_000, scriptPubKey: script)])
        var builder = try PSBTBuilder(unsignedTransaction: spend)
        for i in 0..<1000 {
            try builder.setWitnessUTXO(i, funding.outputs[i])
            try builder.setBIP32Derivation(.input(i), publicKey: key.publicKey.bytes,
                                           origin: PSBTKeyOrigin(fingerprint: master.fingerprint, path: path.components))
        }
        let psbt = try builder.build()
        var start = DispatchTime.now().uptimeNanoseconds
        let (signed, inputs) = try PSBTSigner.sign(psbt, with: master)
        let psbtSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard inputs.count == 1000, signed.inputs.allSatisfy({ $0.partialSignatures.count == 1 }) else { fail("signing missed inputs") }
        guard let secret = key.privateKey else { fail("no secret key") }
        start = DispatchTime.now().uptimeNanoseconds
        for i in 0..<1000 { _ = try secret.signECDSA(digest: Hashes.sha256([UInt8(i & 0xff), UInt8(i >> 8)])) }
        signing = (psbtSeconds, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    } catch {
        fail("signing benchmark: \(error)")
    }

    let sovMedian = median(sovTimes), bdkMedian = median(bdkTimes)
    let selection = median(selectionTimes) ?? 0, sort = median(sortTimes) ?? 0
    if json {
        Output.write(JSONValue.object(JSONObject([
            ("account_transactions", .int(sovTransactions)), ("bdk_transactions", .int(bdkTransactions)),
            ("sov_sync_seconds", sovMedian.map(number) ?? .null), ("bdk_sync_seconds", bdkMedian.map(number) ?? .null),
            ("coin_selection_ms", number(selection)), ("sort_ms", number(sort)),
            ("sign_1000_inputs_seconds", number(signing.psbt)), ("bare_1000_signatures_seconds", number(signing.bare)),
        ])).pretty + "\n")
        return
    }
    func seconds(_ value: Double?) -> String { value.map { String(format: "%.2f s", $0) } ?? "n/a" }
    print("""
        wallet (2 cores), same run:
        full sync of a BIP84 account of \(sovTransactions) transactions (BDK saw \(bdkTransactions)), median of \(rounds):
          sov wallet sync \(seconds(sovMedian)) (headers from genesis, \(sovTransactions) merkle proofs) vs BDK full_scan \(seconds(bdkMedian)): \
        \(sovMedian.flatMap { s in bdkMedian.map { String(format: "%.2f×", s / $0) } } ?? "n/a"); target ≤ 1× (\(sovMedian.flatMap { s in bdkMedian.map { s <= $0 ? "met" : "NOT met" } } ?? "not measured"))
        coin selection over 10,000 UTXOs: \(String(format: "%.1f ms", selection)) median of 20 (\(algorithms.map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", "))), \
        sorting them \(String(format: "%.2f ms", sort)) (\(String(format: "%.0f×", selection / max(sort, 0.001)))); target < 50 ms (\(selection < 50 ? "met" : "NOT met"))
        signing a PSBT of 1,000 P2WPKH inputs: \(String(format: "%.3f s", signing.psbt)) vs 1,000 bare signatures \(String(format: "%.3f s", signing.bare)) (\(String(format: "%.1f×", signing.psbt / signing.bare)))
        """)
}
