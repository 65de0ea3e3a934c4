import Foundation
import SovIndex
import SovPrimitives

// sov-bench chain --out DIR --txs N [--seed S] [--hot-script-share P]: writes a synthetic chain and checks it
// reads back; P percent of the paying outputs go to the hottest script on top of the usual reuse (for a
// history of 100,000+ entries: `sov-bench serve-history`).
// sov-bench blockfiles --dir DIR [--network NET]: the floor for indexing a blocks/ folder.

func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

/// CPU time (user and system, all threads) the process has used so far, in seconds.
func processorSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Peak resident set size in MiB (`VmHWM` of /proc/self/status), when the system reports it.
func peakResidentMiB() -> Double? {
    BenchmarkProcess.status(pid: "self", field: "VmHWM").map { $0 / 1024 }
}

func runChainCommand() {
    guard let out = option("--out"), let target = option("--txs").flatMap({ Int($0.replacingOccurrences(of: "_", with: "")) }), target > 0 else {
        fail("usage: sov-bench chain --out DIR --txs N [--seed S] [--hot-script-share P]")
    }
    let seed = option("--seed").flatMap { UInt64($0) } ?? 1
    let hotShare = option("--hot-script-share").map { Double($0) ?? -1 }
    if let hotShare, !(0...100).contains(hotShare) { fail("--hot-script-share takes a percentage (0–100)") }
    let start = DispatchTime.now().uptimeNanoseconds
    let stats: SyntheticChainStats
    do { stats = try SyntheticChain(transactionTarget: target, seed: seed, hotScriptShare: hotShare).write(to: out) } catch {
        fail("\(error)")
    }
    let elapsed = seconds(since: start)
    print("synthetic regtest chain in \(out) (seed \(seed))")
    print(String(format: "  %d blocks, %d transactions (%d inputs, %d outputs), %.1f MB in %d files",
                 stats.blocks, stats.transactions, stats.inputs, stats.outputs, Double(stats.blockBytes) / 1e6, stats.files))
    print(String(format: "  written in %.1f s: %.0f tx/s, %.1f MB/s", elapsed, Double(stats.transactions) / elapsed,
                 Double(stats.blockBytes) / 1e6 / elapsed))
    let counted = stats.outputsByKind.values.reduce(0, +)
    let mix = SyntheticOutput.allCases.map { kind in
        "\(kind) " + String(format: "%.1f%%", 100 * Double(stats.outputsByKind[kind] ?? 0) / Double(max(counted, 1)))
    }
    print("  outputs (coinbases aside): " + mix.joined(separator: ", "))
    print(String(format: "  %.1f%% of outputs pay a script paid before", 100 * Double(stats.reusedOutputs) / Double(max(counted, 1))))
    print("  hottest scripts (outputs paying them): " + zip(stats.hotScripts, stats.hotScriptOutputs).map {
        "\(Hex.encodeReversed(Hashes.sha256($0.0))) \($0.1)"
    }.joined(separator: ", ") + (hotShare.map { " (\($0)% of outputs to the first on top of the reuse)" } ?? ""))
    if let tip = stats.blockHashes.last { print("  tip \(tip) at height \(stats.blocks - 1)") }

    // Read it back as the indexer will.
    let verifyStart = DispatchTime.now().uptimeNanoseconds
    do {
        let reader = try BlockFileReader(directory: out, network: .regtest)
        var records: [(location: BlockLocation, header: BlockHeader)] = []
        for number in reader.fileNumbers {
            let scan = try reader.scanFile(number)
            guard scan.skippedRegions.isEmpty, scan.incompleteTailOffset == nil else { fail("file \(number) did not read cleanly") }
            records += scan.records
        }
        let chain = BestChainSelector(records).bestChain
        guard chain.map(\.hash) == stats.blockHashes, chain.map(\.location) == stats.locations else {
            fail("read back \(chain.count) blocks that differ from the \(stats.blocks) written")
        }
        // Every block in full: parses, merkle root and witness commitment hold, transactions all there.
        // With --check-spends, also that every input spends an output created earlier and not yet spent.
        let heights = Dictionary(uniqueKeysWithValues: stats.locations.enumerated().map { ($0.element, $0.offset) })
        let checkSpends = CommandLine.arguments.contains("--check-spends")
        var unspent = Set<OutPoint>()
        var transactions = 0
        var types: [ScriptType: Int] = [:]
        for number in reader.fileNumbers {
            try reader.forEachBlock(inFile: number) { location, raw in
                let block = try Block(bytes: raw)
                guard let height = heights[location], block.header.hash == stats.blockHashes[height],
                      block.computedMerkleRoot == block.header.merkleRoot, block.hasValidWitnessCommitment != false else {
                    fail("the block at \(location) does not read back intact")
                }
                transactions += block.transactions.count
                for tx in block.transactions.dropFirst() {
                    for output in tx.outputs { types[ScriptTemplate(output.scriptPubKey).type, default: 0] += 1 }
                }
                guard checkSpends else { return }
                for tx in block.transactions {
                    let txid = tx.txid
                    if !tx.isCoinbase {
                        for input in tx.inputs where unspent.remove(input.previousOutput) == nil {
                            fail("\(tx.txid.hex) in block \(height) spends \(input.previousOutput.txid.hex):\(input.previousOutput.index), which is not unspent")
                        }
                    }
                    for (vout, output) in tx.outputs.enumerated() where output.scriptPubKey.bytes.first != Opcode.opReturn && height > 0 {
                        unspent.insert(OutPoint(txid: txid, index: UInt32(vout)))
                    }
                }
            }
        }
        let typed = types.values.reduce(0, +)
        print("  output types as Core's Solver names them (coinbases aside): " + types.sorted { $0.value > $1.value }.map {
            "\($0.key.rawValue) " + String(format: "%.1f%%", 100 * Double($0.value) / Double(max(typed, 1)))
        }.joined(separator: ", "))
        if checkSpends { print("  every input spends an earlier unspent output; \(unspent.count) outputs left unspent") }
        guard transactions == stats.transactions else { fail("read back \(transactions) transactions of \(stats.transactions)") }
        print(String(format: "  read back in %.1f s: %d records in %d files; the best chain is the %d blocks written; every block parses with its merkle root and witness commitment; %d transactions",
                     seconds(since: verifyStart), records.count, reader.fileNumbers.count, chain.count, transactions))
    } catch {
        fail("reading the chain back: \(error)")
    }
}

func runBlockFilesBenchmark() {
    guard let directory = option("--dir") else { fail("usage: sov-bench blockfiles --dir DIR [--network regtest|main|…]") }
    let network = option("--network").flatMap { Network(rawValue: $0) } ?? .regtest
    do {
        let reader = try BlockFileReader(directory: directory, network: network)
        print("block files: \(directory) (\(reader.fileNumbers.count) files, \(network.rawValue), key \(reader.key.isActive ? "active" : "none"))")

        var start = DispatchTime.now().uptimeNanoseconds
        let records = try reader.scanAll()
        let selector = BestChainSelector(records)
        let chainLength = selector.bestChain.count
        let scanSeconds = seconds(since: start)
        print(String(format: "  headers + best chain: %d records, chain of %d blocks, %.2f s (%.0f headers/s)",
                     records.count, chainLength, scanSeconds, Double(records.count) / scanSeconds))

        start = DispatchTime.now().uptimeNanoseconds
        var bytes: Int64 = 0
        var blocks = 0
        for number in reader.fileNumbers {
            try reader.forEachBlock(inFile: number) { _, block in
                bytes += Int64(block.count)
                blocks += 1
            }
        }
        let readSeconds = seconds(since: start)

        start = DispatchTime.now().uptimeNanoseconds
        var transactions = 0, outputs = 0
        var sink: UInt8 = 0
        for number in reader.fileNumbers {
            try reader.forEachBlock(inFile: number) { location, raw in
                let block: Block
                do { block = try Block(bytes: raw) } catch { throw BlockSourceError(path: reader.path(ofFile: location.file), offset: location.offset, "\(error)") }
                for tx in block.transactions {
                    sink ^= tx.txid.hash32.withUnsafeBytes { $0[0] }
                    for output in tx.outputs { sink ^= Hashes.sha256(output.scriptPubKey.bytes)[0] }
                    outputs += tx.outputs.count
                }
                transactions += block.transactions.count
            }
        }
        let floorSeconds = seconds(since: start)
        let megabytes = Double(bytes) / 1e6
        func row(_ name: String, _ s: Double) {
            let label = name.padding(toLength: 48, withPad: " ", startingAt: 0)
            print("  " + label + String(format: "%7.2f s %9.0f blocks/s %10.0f tx/s %8.1f MB/s", s,
                                        Double(blocks) / s, Double(transactions) / s, megabytes / s))
        }
        print(String(format: "  %d blocks, %d transactions, %d outputs, %.1f MB", blocks, transactions, outputs, megabytes))
        row("read + de-XOR every block", readSeconds)
        row("floor: read, parse, txids, output scripthashes", floorSeconds)
        if let peak = peakResidentMiB() { print(String(format: "  peak RSS %.0f MiB", peak)) }
        if sink == 0x5a && transactions < 0 { print("") }
    } catch {
        fail("\(error)")
    }
}
