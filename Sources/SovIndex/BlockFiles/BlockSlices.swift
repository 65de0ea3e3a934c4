import FoundationEssentials
import SovNodeRPC
import SovPrimitives

/// Reads the bytes of indexed blocks back: the whole block, or one transaction's slice of it.
public protocol BlockBytesSource: Sendable {
    func bytes(of record: BlockRecord, range: Range<Int>?) throws -> [UInt8]
    /// Bytes `range` of the block into `buffer`, replacing what it held: many reads into one buffer.
    func read(of record: BlockRecord, range: Range<Int>, into buffer: inout [UInt8]) throws
}

extension BlockBytesSource {
    public func read(of record: BlockRecord, range: Range<Int>, into buffer: inout [UInt8]) throws {
        buffer = try bytes(of: record, range: range)
    }
}

/// Reads blocks, or slices of them, straight from Core's `blk*.dat` files (the `xor.dat` obfuscation undone
/// by `BlockFileKey`), keeping the files open between reads. Reads are `pread`s: the lock guards only the
/// table of open files, so concurrent reads do not wait for each other.
public final class BlockFileSlices: BlockBytesSource, @unchecked Sendable {
    public let directory: String
    let key: BlockFileKey
    private let lock = Lock()
    private var handles: [UInt32: BlockFileHandle] = [:]

    public init(directory: String) {
        self.directory = directory
        let xor = FileManager.default.contents(atPath: directory + "/xor.dat").map(Array.init) ?? []
        key = BlockFileKey(xor) ?? .none
    }

    func handle(_ file: UInt32) throws(BlockSourceError) -> BlockFileHandle {
        lock.lock()
        defer { lock.unlock() }
        if let h = handles[file] { return h }
        let h = try BlockFileHandle(path: directory + "/" + BlockFileReader.fileName(Int(file)))
        handles[file] = h
        return h
    }

    /// `count` bytes at `offset` of file `file`, de-obfuscated.
    public func bytes(file: UInt32, offset: UInt64, count: Int) throws -> [UInt8] {
        try handle(file).read(at: Int64(offset), count: count, key: key)
    }

    public func bytes(of record: BlockRecord, range: Range<Int>?) throws -> [UInt8] {
        let r = range ?? 0..<Int(record.size)
        return try bytes(file: record.file, offset: record.offset + UInt64(r.lowerBound), count: r.count)
    }

    public func read(of record: BlockRecord, range: Range<Int>, into buffer: inout [UInt8]) throws {
        try handle(record.file).read(at: Int64(record.offset) + Int64(range.lowerBound), count: range.count, key: key, into: &buffer)
    }
}

/// Reads indexed blocks from the node over RPC (`getblock HASH 0`), keeping the last few in memory.
public final class NodeBlockSource: BlockBytesSource, @unchecked Sendable {
    let client: NodeRPCClient
    private let lock = Lock()
    private var cache: [BlockHash: [UInt8]] = [:]
    private var order: [BlockHash] = []
    let capacity: Int

    public init(client: NodeRPCClient, capacity: Int = 16) {
        self.client = client
        self.capacity = capacity
    }

    public func bytes(of record: BlockRecord, range: Range<Int>?) throws -> [UInt8] {
        lock.lock()
        var block = cache[record.hash]
        lock.unlock()
        if block == nil {
            let fetched = try client.rawBlock(hash: record.hash.hex)
            lock.lock()
            cache[record.hash] = fetched
            order.append(record.hash)
            if order.count > capacity { cache[order.removeFirst()] = nil }
            lock.unlock()
            block = fetched
        }
        guard let block, let r = range ?? Optional(0..<block.count), r.upperBound <= block.count else {
            throw StoreError("the node's block \(record.hash) is shorter than the index expects")
        }
        return Array(block[r])
    }
}
