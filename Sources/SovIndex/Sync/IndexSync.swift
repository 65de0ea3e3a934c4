import FoundationEssentials
import SovNodeRPC
import SovPrimitives
import Dispatch

/// Progress of a build or catch-up, reported after every batch.
public struct IndexProgress: Sendable {
    public var height: Int
    public var targetHeight: Int
    public var blocks: Int
    public var transactions: Int
    public var bytes: Int
    public var elapsed: Double

    public var blocksPerSecond: Double { elapsed > 0 ? Double(blocks) / elapsed : 0 }
    public var transactionsPerSecond: Double { elapsed > 0 ? Double(transactions) / elapsed : 0 }
    public var megabytesPerSecond: Double { elapsed > 0 ? Double(bytes) / elapsed / 1e6 : 0 }
    /// Seconds left at the current block rate.
    public var eta: Double? { blocksPerSecond > 0 ? Double(targetHeight - height) / blocksPerSecond : nil }
}

/// One block of the chain the index should follow, and where to get its bytes.
public struct ChainEntry: Sendable {
    public var height: Int
    public var hash: BlockHash
    /// Where the block is in the block files, when it is there.
    public var fileLocation: (file: UInt32, offset: UInt64, size: Int)?

    public init(height: Int, hash: BlockHash, fileLocation: (file: UInt32, offset: UInt64, size: Int)? = nil) {
        self.height = height
        self.hash = hash
        self.fileLocation = fileLocation
    }
}

/// What a sync did.
public struct SyncResult: Sendable {
    public var rolledBack: Int
    public var applied: Int
    public var tipHeight: Int

    public init(rolledBack: Int, applied: Int, tipHeight: Int) {
        (self.rolledBack, self.applied, self.tipHeight) = (rolledBack, applied, tipHeight)
    }
}

/// Brings the index to a target chain: undoes blocks the chain no longer has, then applies the rest in
/// batches, parsing each batch on every core.
public final class IndexSync: @unchecked Sendable {
    public let index: AddressIndex
    public let files: BlockFileSlices?
    public let node: NodeRPCClient?
    /// Blocks per atomic write batch.
    public var batchBlocks = 64
    /// Raw bytes per batch before it is written, whatever the block count.
    public var batchBytes = 64 << 20

    public init(index: AddressIndex, files: BlockFileSlices?, node: NodeRPCClient?) {
        self.index = index
        self.files = files
        self.node = node
        index.blockSource = CompositeBlockSource(files: files, node: node.map { NodeBlockSource(client: $0) })
    }

    /// The node's active chain, from the index's tip region up (hashes by height, fetched in batches).
    public func nodeChain(from start: Int) throws -> [ChainEntry] {
        guard let node else { throw IndexError.source("no node to follow") }
        let info = try node.blockchainInfo()
        var entries: [ChainEntry] = []
        var height = max(0, start)
        while height <= info.blocks {
            let end = min(info.blocks, height + 1999)
            let results = try node.batch((height...end).map { RPCRequest("getblockhash", [.int($0)]) })
            for (offset, r) in results.enumerated() {
                guard let hex = try r.get().stringValue, let hash = BlockHash(hex) else { throw IndexError.source("bad getblockhash answer") }
                entries.append(ChainEntry(height: height + offset, hash: hash))
            }
            height = end + 1
        }
        return entries
    }

    /// The highest height at which the index and `chain` (entries from `chain.first.height` up) agree.
    public func forkHeight(chain: [ChainEntry]) throws -> Int {
        guard let tip = index.tip else { return -1 }
        guard let first = chain.first else { return -1 }
        var h = min(tip.height, first.height + chain.count - 1)
        while h >= first.height {
            if try index.blockRecord(height: h)?.hash == chain[h - first.height].hash { return h }
            h -= 1
        }
        return first.height - 1
    }

    /// Syncs to `chain` (which must start at or below the index's fork point with it).
    public func sync(to chain: [ChainEntry], progress: ((IndexProgress) -> Void)? = nil,
                     shouldStop: () -> Bool = { false }) throws -> SyncResult {
        let start = Date()
        let fork = try forkHeight(chain: chain)
        let rolledBack = (index.tip?.height ?? -1) - fork
        if rolledBack > 0 { try index.rollback(to: fork) }
        guard let first = chain.first else { return SyncResult(rolledBack: max(0, rolledBack), applied: 0, tipHeight: index.tip?.height ?? -1) }
        let todo = chain.filter { $0.height > fork }
        let target = first.height + chain.count - 1
        var done = 0, transactions = 0, bytes = 0
        // Batches of consecutive blocks, bounded by count and bytes.
        var batches: [[ChainEntry]] = []
        var cursor = 0
        while cursor < todo.count {
            var batch: [ChainEntry] = []
            var size = 0
            while cursor < todo.count && batch.count < batchBlocks && size < batchBytes {
                batch.append(todo[cursor])
                size += todo[cursor].fileLocation?.size ?? 300_000
                cursor += 1
            }
            batches.append(batch)
        }
        // The next batch is read and parsed while the current one is written.
        let pipeline = PreparationPipeline(sync: self)
        if let first = batches.first { pipeline.start(first) }
        for (i, batch) in batches.enumerated() {
            let (raws, prepared) = try pipeline.result()
            if i + 1 < batches.count && !shouldStop() { pipeline.start(batches[i + 1]) }
            for (entry, block) in zip(batch, prepared) where block.hash != entry.hash {
                pipeline.drain()
                throw IndexError.data("block at height \(entry.height) hashes to \(block.hash), expected \(entry.hash)")
            }
            do { try index.apply(prepared) } catch {
                pipeline.drain()
                throw error
            }
            done += batch.count
            transactions += prepared.reduce(0) { $0 + $1.transactions.count }
            bytes += raws.reduce(0) { $0 + $1.count }
            pipeline.release(prepared, raws)
            progress?(IndexProgress(height: batch.last!.height, targetHeight: target, blocks: done, transactions: transactions,
                                    bytes: bytes, elapsed: Date().timeIntervalSince(start)))
            if shouldStop() { pipeline.drain(); break }
        }
        return SyncResult(rolledBack: max(0, rolledBack), applied: done, tipHeight: index.tip?.height ?? -1)
    }

    /// Raw blocks for `entries`: from the block files where located, else from the node in one batch.
    func fetch(_ entries: [ChainEntry]) throws -> [[UInt8]] {
        var raws = [[UInt8]?](repeating: nil, count: entries.count)
        var missing: [Int] = []
        for (i, e) in entries.enumerated() {
            if let location = e.fileLocation, let files {
                raws[i] = try files.bytes(file: location.file, offset: location.offset, count: location.size)
            } else {
                missing.append(i)
            }
        }
        if !missing.isEmpty {
            guard let node else { throw IndexError.source("block \(entries[missing[0]].height) is not in the block files and no node is reachable") }
            let fetched = try node.rawBlocks(hashes: missing.map { entries[$0].hash.hex })
            for (i, raw) in zip(missing, fetched) { raws[i] = raw }
        }
        return raws.map { $0! }
    }
}

/// Reads and parses one batch on a background thread while the caller writes the previous one.
final class PreparationPipeline: @unchecked Sendable {
    let sync: IndexSync
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<([[UInt8]], [PreparedBlock]), any Error>?
    private var running = false

    init(sync: IndexSync) { self.sync = sync }

    func start(_ batch: [ChainEntry]) {
        running = true
        DispatchQueue.global().async { [self] in
            outcome = Result {
                let raws = try sync.fetch(batch)
                let prepared = try PreparedBlock.prepareAll(zip(batch, raws).map { entry, raw in
                    (entry.height, raw, entry.fileLocation == nil ? .node : .blockFile,
                     entry.fileLocation?.file ?? 0, entry.fileLocation?.offset ?? 0)
                })
                return (raws, prepared)
            }
            done.signal()
        }
    }

    /// Waits for the batch started last.
    func result() throws -> ([[UInt8]], [PreparedBlock]) {
        done.wait()
        running = false
        defer { outcome = nil }
        return try outcome!.get()
    }

    /// Frees a written batch on another thread (a batch is millions of small allocations).
    func release(_ prepared: consuming [PreparedBlock], _ raws: consuming [[UInt8]]) {
        let batch = (prepared, raws)
        DispatchQueue.global(qos: .utility).async { _ = batch }
    }

    /// Waits for a batch still in flight and drops it.
    func drain() {
        if running { done.wait(); running = false; outcome = nil }
    }
}

/// Reads each block from where its record says it came from.
public final class CompositeBlockSource: BlockBytesSource, @unchecked Sendable {
    let files: BlockFileSlices?
    let node: NodeBlockSource?

    public init(files: BlockFileSlices?, node: NodeBlockSource?) {
        self.files = files
        self.node = node
    }

    public func bytes(of record: BlockRecord, range: Range<Int>?) throws -> [UInt8] {
        switch record.source {
        case .blockFile:
            if let files { return try files.bytes(of: record, range: range) }
            if let node { return try node.bytes(of: record, range: range) }
        case .node:
            if let node { return try node.bytes(of: record, range: range) }
        }
        throw IndexError.source("block \(record.hash) needs \(record.source == .blockFile ? "the block files (--blocks-dir)" : "the node"), which is not available")
    }

    public func read(of record: BlockRecord, range: Range<Int>, into buffer: inout [UInt8]) throws {
        if record.source == .blockFile, let files { return try files.read(of: record, range: range, into: &buffer) }
        buffer = try bytes(of: record, range: range)
    }
}
