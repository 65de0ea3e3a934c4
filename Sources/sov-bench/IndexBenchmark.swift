import Foundation
import SovIndex
import SovPrimitives

// sov-bench index --dir DIR [--network NET] [--batch-blocks N] [--digest yes] [--rounds N]
//
// With --digest yes, also prints a SHA-256 over every key and value of the compacted index (to check that
// a change to the indexer leaves its contents byte for byte the same).
//
// With --bulk on, the store uses RocksDB's vector memtable for its write batches (index batches are ingested
// as table files either way); the default is the configuration `sov index build` runs with.
//
// Indexes the block files in DIR (e.g. a synthetic chain from `sov-bench chain`) into a fresh index in a
// temporary folder and prints blocks/s, tx/s, MB/s, index bytes per transaction and peak RSS, next to a
// floor measured in the same run: the same blocks read, parsed and hashed (txids and output script
// hashes) on every core in the same batches, without writing anything.
//
// Before it, in the same run, the same blocks are indexed with schema 2's rows (`AddressIndex.schemaTwoRows`:
// no transaction tables, spends keyed by the spent output alone): the baseline of the current schema's build time
// (target at most 1.15x) and bytes per transaction (target at most 1.3x). With --rounds N, both builds run N times in
// alternating order, and the build-time ratio is the median of the rounds' ratios (a 2-core machine's timings vary by
// 10-20% from one build to the next).

/// One build of an index from block files: how long it took and what it left.
struct IndexBuildFigures {
    var seconds: Double
    var processor: Double
    /// Compactions the build left running, waited for.
    var settleSeconds: Double
    var sizeBeforeCompaction: Int64
    var compactSeconds: Double
    /// Table files after a full compaction.
    var size: Int64
    var result: SyncResult
    var index: AddressIndex
}

func runIndexBenchmark() {
    guard let directory = option("--dir") else { fail("usage: sov-bench index --dir DIR [--network NET] [--batch-blocks N]") }
    let network = option("--network").flatMap { Network(rawValue: $0) } ?? .regtest
    let batchBlocks = Int(option("--batch-blocks") ?? "64") ?? 64
    do {
        let reader = try BlockFileReader(directory: directory, network: network)
        let chain = BestChainSelector(try reader.scanAll()).bestChain.map {
            ChainEntry(height: $0.height, hash: $0.hash, fileLocation: (UInt32($0.location.file), UInt64($0.location.offset), $0.location.size))
        }
        let files = BlockFileSlices(directory: directory)
        let blockBytes = chain.reduce(0) { $0 + ($1.fileLocation?.size ?? 0) }
        print("block files: \(directory): \(chain.count) blocks, \(String(format: "%.1f", Double(blockBytes) / 1e6)) MB")

        // Floor: read, parse and hash in the indexer's batches, on every core, writing nothing.
        var start = DispatchTime.now().uptimeNanoseconds
        var processorStart = processorSeconds()
        var floorTransactions = 0
        var cursor = 0
        while cursor < chain.count {
            let batch = Array(chain[cursor..<min(chain.count, cursor + batchBlocks)])
            cursor += batch.count
            let raws = try batch.map { e in
                try files.bytes(file: e.fileLocation!.file, offset: e.fileLocation!.offset, count: e.fileLocation!.size)
            }
            let prepared = try PreparedBlock.prepareAll(zip(batch, raws).map { ($0.height, $1, .blockFile, $0.fileLocation!.file, $0.fileLocation!.offset) })
            floorTransactions += prepared.reduce(0) { $0 + $1.transactions.count }
        }
        let floorSeconds = seconds(since: start)
        let floorProcessor = processorSeconds() - processorStart
        if let rss = peakResidentMiB() { print(String(format: "  peak RSS after the floor: %.0f MiB", rss)) }

        // The index itself, with schema 2's rows first (the baseline), then as `sov index build` writes it.
        func build(schemaTwo: Bool) throws -> (IndexBuildFigures, String) {
            let indexDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("sov-bench-index-\(UUID().uuidString)").path
            let start = DispatchTime.now().uptimeNanoseconds
            let processorStart = processorSeconds()
            let index = try AddressIndex(directory: indexDirectory, network: network, create: true, bulkLoad: option("--bulk") == "on")
            index.schemaTwoRows = schemaTwo
            let sync = IndexSync(index: index, files: files, node: nil)
            sync.batchBlocks = batchBlocks
            let result = try sync.sync(to: chain)
            index.store.flush()
            let indexSeconds = seconds(since: start)
            let indexProcessor = processorSeconds() - processorStart
            // Compactions the build started may still be running: RocksDB finishes them in the background (or,
            // when the store is closed first, once it is opened again).
            var settleStart = DispatchTime.now().uptimeNanoseconds
            index.store.waitForCompactions()
            let settleSeconds = seconds(since: settleStart)
            let sizeBeforeCompaction = index.store.sizeOnDisk
            settleStart = DispatchTime.now().uptimeNanoseconds
            index.store.compact()
            let compactSeconds = seconds(since: settleStart)
            return (IndexBuildFigures(seconds: indexSeconds, processor: indexProcessor, settleSeconds: settleSeconds,
                                      sizeBeforeCompaction: sizeBeforeCompaction, compactSeconds: compactSeconds,
                                      size: index.store.tableFileSize, result: result, index: index), indexDirectory)
        }
        // With --rounds N, both builds N times, in alternating order (so that neither always runs first, on a
        // page cache the other warmed): the build-time ratio is the median of the rounds' ratios.
        let rounds = max(1, Int(option("--rounds") ?? "1") ?? 1)
        var ratios: [Double] = []
        var kept: (baseline: IndexBuildFigures, built: IndexBuildFigures, directory: String)?
        for round in 0..<rounds {
            // The last round's index of this schema stays, for the figures below; every other closes before the next build.
            func baselineBuild() throws -> IndexBuildFigures {
                let (figures, directory) = try build(schemaTwo: true)
                figures.index.store.close()
                try? FileManager.default.removeItem(atPath: directory)
                return figures
            }
            func currentBuild() throws -> (IndexBuildFigures, String) {
                let (figures, directory) = try build(schemaTwo: false)
                if round < rounds - 1 {
                    figures.index.store.close()
                    try? FileManager.default.removeItem(atPath: directory)
                }
                return (figures, directory)
            }
            let baselineRound: IndexBuildFigures, builtRound: (IndexBuildFigures, String)
            if round % 2 == 0 {
                baselineRound = try baselineBuild()
                builtRound = try currentBuild()
            } else {
                builtRound = try currentBuild()
                baselineRound = try baselineBuild()
            }
            ratios.append(builtRound.0.seconds / baselineRound.seconds)
            if rounds > 1 {
                print(String(format: "  round %d: schema 2's rows %.2f s, this schema %.2f s: %.2fx", round + 1, baselineRound.seconds,
                             builtRound.0.seconds, ratios[round]))
            }
            kept = (baselineRound, builtRound.0, builtRound.1)
        }
        let (baseline, built, indexDirectory) = kept!
        defer { try? FileManager.default.removeItem(atPath: indexDirectory) }
        print("  files after compaction: \(built.index.store.sizeOnDisk) bytes in all, \(built.size) in table files")
        if option("--digest") == "yes" {
            var all: [UInt8] = []
            var rows = 0
            built.index.store.scan(prefix: []) { k, v in
                // Lengths as 4 bytes: a transaction-table chunk can be longer than 255 bytes.
                withUnsafeBytes(of: UInt32(k.count).littleEndian) { all.append(contentsOf: $0) }
                all.append(contentsOf: k)
                withUnsafeBytes(of: UInt32(v.count).littleEndian) { all.append(contentsOf: $0) }
                all.append(contentsOf: v)
                rows += 1
                return true
            }
            print("  digest of \(rows) rows: \(Hex.encode(Hashes.sha256(all)))")
        }

        let mb = Double(blockBytes) / 1e6
        func row(_ name: String, _ s: Double, _ processor: Double, _ txs: Int) {
            print(String(format: "  %-40@ %7.2f s %8.1f blocks/s %9.0f tx/s %7.1f MB/s (CPU %.2f s)", name as NSString, s,
                         Double(chain.count) / s, Double(txs) / s, mb / s, processor))
        }
        row("floor: read + parse + hash (all cores)", floorSeconds, floorProcessor, floorTransactions)
        row("index, schema 2's rows (baseline)", baseline.seconds, baseline.processor, floorTransactions)
        row("index: build from the files", built.seconds, built.processor, floorTransactions)
        let buildRatio = ratios.sorted()[ratios.count / 2]
        let bytesRatio = Double(built.size) / Double(max(baseline.size, 1))
        let spread = rounds > 1 ? String(format: " (median of %d rounds, %.2f-%.2f)", rounds, ratios.min()!, ratios.max()!) : ""
        print(String(format: "  against schema 2 in this run: build time %.2fx%@ (target at most 1.15x): %@; bytes per transaction %.1f -> %.1f, %.2fx (target at most 1.3x): %@",
                     buildRatio, spread, buildRatio <= 1.15 ? "met" : "NOT met", Double(baseline.size) / Double(max(floorTransactions, 1)),
                     Double(built.size) / Double(max(floorTransactions, 1)), bytesRatio, bytesRatio <= 1.3 ? "met" : "NOT met"))
        let ratio = floorSeconds / built.seconds
        print(String(format: "  indexing throughput: %.2fx the floor (target at least 0.40x): %@", ratio, ratio >= 0.4 ? "met" : "NOT met"))
        print(String(format: "  compactions the build left running: %.2f s more (%.2fx the floor counting them)", built.settleSeconds,
                     floorSeconds / (built.seconds + built.settleSeconds)))
        print(String(format: "  compaction: %.2f s; index %.1f MB (%.1f MB before compaction) for %d transactions",
                     built.compactSeconds, Double(built.size) / 1e6, Double(built.sizeBeforeCompaction) / 1e6, floorTransactions))
        let perTx = Double(built.size) / Double(max(floorTransactions, 1))
        let share = Double(built.size) / Double(blockBytes)
        // electrs's published mainnet figure: 39 GB of index for 509 GB of blocks in May 2023
        // (romanz/electrs#255), when the chain held about 830 million transactions: ~47 bytes per transaction.
        let electrsBytesPerTransaction = 39e9 / 830e6
        print(String(format: "  index bytes per transaction: %.1f (electrs mainnet: ~%.0f): %@; index / block data: %.1f%%",
                     perTx, electrsBytesPerTransaction, perTx <= electrsBytesPerTransaction ? "met" : "NOT met", share * 100))
        if let rss = peakResidentMiB() { print(String(format: "  peak RSS: %.0f MiB (target under 2048 MiB): %@", rss, rss < 2048 ? "met" : "NOT met")) }
        print("  applied \(built.result.applied) blocks; tip \(built.result.tipHeight)")
    } catch {
        fail("\(error)")
    }
}
