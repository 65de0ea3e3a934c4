import Foundation
import SovNodeRPC
import SovPrimitives

/// Reads the bytes of indexed blocks back: the whole block, or one transaction's slice of it.
public protocol BlockBytesSource: Sendable {
    func bytes(of record: BlockRecord, range: Range<Int>?) throws -> [UInt8]
}

/// Reads slices of blocks straight from Core's `blk*.dat` files, undoing the `xor.dat` obfuscation.
public final class BlockFileSlices: BlockBytesSource, @unchecked Sendable {
    public let directory: String
    let key: [UInt8]
    private let lock = NSLock()
    private var handles: [UInt32: FileHandle] = [:]

    public init(directory: String) {
        self.directory = directory
        let xor = FileManager.default.contents(atPath: directory + "/xor.dat").map(Array.init) ?? []
        key = xor.count == 8 && xor.contains(where: { $0 != 0 }) ? xor : []
    }

    public static func fileName(_ number: UInt32) -> String {
        let digits = String(number)
        return "blk" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".dat"
    }

    func handle(_ file: UInt32) throws -> FileHandle {
        if let h = handles[file] { return h }
        let path = directory + "/" + BlockFileSlices.fileName(file)
        guard let h = FileHandle(forReadingAtPath: path) else { throw StoreError("cannot open block file \(path)") }
        handles[file] = h
        return h
    }

    public func bytes(of record: BlockRecord, range: Range<Int>?) throws -> [UInt8] {
        let r = range ?? 0..<Int(record.size)
        let start = record.offset + UInt64(r.lowerBound)
        lock.lock()
        defer { lock.unlock() }
        let h = try handle(record.file)
        try h.seek(toOffset: start)
        guard let data = try h.read(upToCount: r.count), data.count == r.count else {
            throw StoreError("block file \(BlockFileSlices.fileName(record.file)) is shorter than the index expects")
        }
        var bytes = Array(data)
        if !key.isEmpty {
            for i in bytes.indices { bytes[i] ^= key[Int((start + UInt64(i)) % 8)] }
        }
        return bytes
    }
}

/// Reads indexed blocks from the node over RPC (`getblock HASH 0`), keeping the last few in memory.
public final class NodeBlockSource: BlockBytesSource, @unchecked Sendable {
    let client: NodeRPCClient
    private let lock = NSLock()
    private var cache: [[UInt8]: [UInt8]] = [:]
    private var order: [[UInt8]] = []
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
            let fetched = try client.rawBlock(hash: Hex.encodeReversed(record.hash))
            lock.lock()
            cache[record.hash] = fetched
            order.append(record.hash)
            if order.count > capacity { cache[order.removeFirst()] = nil }
            lock.unlock()
            block = fetched
        }
        guard let block, let r = range ?? Optional(0..<block.count), r.upperBound <= block.count else {
            throw StoreError("the node's block \(Hex.encodeReversed(record.hash)) is shorter than the index expects")
        }
        return Array(block[r])
    }
}
