import Foundation
import SovPrimitives

/// Why the index cannot be used as asked.
public enum IndexError: Error, CustomStringConvertible, Sendable {
    case store(String)
    case incompatible(String)
    case data(String)
    case source(String)
    /// A script's history is longer than the limit asked for.
    case historyTooLarge(String)

    public var description: String {
        switch self {
        case .store(let m), .incompatible(let m), .data(let m), .source(let m), .historyTooLarge(let m): return m
        }
    }
}

/// The address index: for every script, which transactions funded and spent it; for every transaction,
/// where it is; for every block, where its bytes are. Kept in RocksDB next to the node.
///
/// One writer at a time (RocksDB's lock file enforces it across processes). Every change is one atomic
/// batch that also moves the stored tip, so the index survives the process being killed at any moment.
public final class AddressIndex: @unchecked Sendable {
    public let store: RocksDBStore
    public let network: Network
    public let path: String
    /// Where block and transaction bytes are read back from.
    public var blockSource: (any BlockBytesSource)?

    let lock = NSLock()
    private var cachedTip: (height: Int, hash: [UInt8])?
    private var recordCache: [Int: BlockRecord] = [:]
    private var blockCache: [Int: ParsedBlock] = [:]
    /// Heights in the order they entered the cache (oldest first), and the raw bytes the cache holds.
    private var blockCacheOrder: [Int] = []
    private var blockCacheBytes = 0
    /// Raw block bytes kept parsed; older blocks leave one at a time as new ones come. Parsed, a block takes
    /// several times its raw size, so this costs about 100 MB of memory at most.
    static let blockCacheLimit = 16 << 20
    /// txids this process has written, to resolve spends without reading the store. While a batch is
    /// being written it also holds the batch's transactions, which readers ignore until the tip reaches them.
    var txidCache = TxidTable()
    static let txidCacheLimit = 8_000_000

    /// Opens the index in `directory` (created when `create`), refusing one of another schema or network.
    /// `readOnly` never writes and works while another process is writing the index.
    public init(directory: String, network: Network, create: Bool, bulkLoad: Bool = false, readOnly: Bool = false) throws(IndexError) {
        path = directory
        self.network = network
        if create {
            do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw .store("cannot create \(directory): \(error.localizedDescription)")
            }
        } else if !FileManager.default.fileExists(atPath: directory + "/CURRENT") {
            throw .store("no index at \(directory): build one with `sov index build`")
        }
        do { store = try RocksDBStore(path: directory, create: create && !readOnly, bulkLoad: bulkLoad, readOnly: readOnly) } catch {
            if error.message.contains("lock") {
                throw .store("the index at \(directory) is in use by another sov process")
            }
            throw .store(error.message)
        }
        try checkMetadata(create: create && !readOnly)
        loadTip()
    }

    private func checkMetadata(create: Bool) throws(IndexError) {
        do {
            let schema = try store.get(IndexSchema.metaSchema)
            let storedNetwork = try store.get(IndexSchema.metaNetwork).map { String(decoding: $0, as: UTF8.self) }
            if schema == nil && storedNetwork == nil {
                guard create else { throw IndexError.incompatible("the index at \(path) has no metadata: run `sov index drop` and build it again") }
                let batch = WriteBatch()
                var v: [UInt8] = []
                IndexSchema.appendUInt32(IndexSchema.version, to: &v)
                batch.put(IndexSchema.metaSchema, v)
                batch.put(IndexSchema.metaNetwork, Array(network.rawValue.utf8))
                try store.write(batch, sync: true)
                return
            }
            if let schema, IndexSchema.readUInt32(schema, at: 0) != IndexSchema.version {
                throw IndexError.incompatible("the index at \(path) has schema \(IndexSchema.readUInt32(schema, at: 0)), this sov uses \(IndexSchema.version): run `sov index drop` and build it again")
            }
            if let storedNetwork, storedNetwork != network.rawValue {
                throw IndexError.incompatible("the index at \(path) is for \(storedNetwork), not \(network.rawValue): pass --network \(storedNetwork) or another --data-dir")
            }
        } catch let error as IndexError {
            throw error
        } catch {
            throw .store("\(error)")
        }
    }

    /// The last block applied: height and hash (internal order); nil for an empty index.
    public var tip: (height: Int, hash: [UInt8])? {
        lock.lock(); defer { lock.unlock() }
        return cachedTip
    }

    /// Reads the stored tip (at open; afterwards every write keeps `cachedTip` in step).
    func loadTip() {
        let stored: (Int, [UInt8])?
        if let v = try? store.get(IndexSchema.metaTip), v.count == 36 {
            stored = (Int(IndexSchema.readUInt32(v, at: 0)), Array(v[4..<36]))
        } else {
            stored = nil
        }
        lock.lock(); cachedTip = stored; lock.unlock()
    }

    func setTip(_ tip: (height: Int, hash: [UInt8])?) {
        lock.lock(); cachedTip = tip; lock.unlock()
    }

    static func tipValue(height: Int, hash: [UInt8]) -> [UInt8] {
        var v: [UInt8] = []
        IndexSchema.appendUInt32(UInt32(height), to: &v)
        return v + hash
    }

    /// The stored record of the block at `height` of the indexed chain.
    public func blockRecord(height: Int) throws(IndexError) -> BlockRecord? {
        lock.lock()
        if let cached = recordCache[height] { lock.unlock(); return cached }
        lock.unlock()
        let value: [UInt8]?
        do { value = try store.get(IndexSchema.blockKey(height: height)) } catch { throw .store(error.message) }
        guard let value else { return nil }
        do {
            let record = try BlockRecord(encoded: value)
            lock.lock()
            if recordCache.count > 4096 { recordCache.removeAll(keepingCapacity: true) }
            recordCache[height] = record
            lock.unlock()
            return record
        } catch { throw .data("corrupt block record at height \(height): \(error)") }
    }

    func forgetRecord(height: Int) {
        lock.lock()
        recordCache[height] = nil
        if let gone = blockCache.removeValue(forKey: height) { blockCacheBytes -= gone.size }
        lock.unlock()
    }

    /// The header at `height` of the indexed chain.
    public func header(height: Int) throws(IndexError) -> BlockHeader? { try blockRecord(height: height)?.header }

    /// The transaction at `position` and its txid.
    public func transaction(at position: TxPosition) throws(IndexError) -> (tx: Transaction, txid: [UInt8]) {
        let block = try parsedBlock(height: Int(position.height))
        let i = Int(position.index)
        guard i < block.transactions.count else { throw .data("no transaction at height \(position.height) position \(position.index)") }
        return (block.transactions[i], block.txid(at: i))
    }

    /// The block at `height`, parsed, from a cache of recently used blocks (queries touch a few blocks
    /// many times). Txids are computed when first asked for, not for the whole block.
    func parsedBlock(height: Int) throws(IndexError) -> ParsedBlock {
        lock.lock()
        if let cached = blockCache[height] { lock.unlock(); return cached }
        lock.unlock()
        let raw = try rawBlock(height: height)
        let block: Block
        do { block = try Block(bytes: raw) } catch { throw .data("indexed block \(height) does not parse: \(error)") }
        let parsed = ParsedBlock(transactions: block.transactions, size: raw.count)
        lock.lock()
        if blockCache[height] == nil {
            blockCache[height] = parsed
            blockCacheOrder.append(height)
            blockCacheBytes += parsed.size
            while blockCacheBytes > Self.blockCacheLimit, blockCacheOrder.count > 1 {
                let oldest = blockCacheOrder.removeFirst()
                if let gone = blockCache.removeValue(forKey: oldest) { blockCacheBytes -= gone.size }
            }
        }
        lock.unlock()
        return parsed
    }

    /// The whole raw block at `height`.
    public func rawBlock(height: Int) throws(IndexError) -> [UInt8] {
        guard let record = try blockRecord(height: height) else { throw .data("no block at height \(height)") }
        guard let source = blockSource else { throw .source("no block source to read blocks from") }
        do { return try source.bytes(of: record, range: nil) } catch { throw .source("\(error)") }
    }

    /// Where the transaction `txid` (internal order) is confirmed, if it is.
    public func position(ofTxid txid: [UInt8]) throws(IndexError) -> TxPosition? {
        let key = TxidKey(txid)
        lock.lock()
        if let cached = txidCache[key], Int(cached.height) <= cachedTip?.height ?? -1 { lock.unlock(); return cached }
        lock.unlock()
        var candidates: [TxPosition] = []
        store.scan(prefix: IndexSchema.txidPrefix(txid)) { k, _ in
            candidates.append(IndexSchema.position(suffixOf: Array(k)))
            return true
        }
        if candidates.count <= 1 { return candidates.first }
        for candidate in candidates where try transaction(at: candidate).txid == txid { return candidate }
        return nil
    }
}

/// A txid as a hashable value without heap allocation.
struct TxidKey: Hashable {
    let a: UInt64, b: UInt64, c: UInt64, d: UInt64
    init(_ bytes: [UInt8]) {
        precondition(bytes.count == 32, "a txid is 32 bytes")
        (a, b, c, d) = bytes.withUnsafeBytes { raw in
            (UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
             UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
             UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
             UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
        }
    }

    init(words a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) {
        (self.a, self.b, self.c, self.d) = (a, b, c, d)
    }

    /// A txid's bytes are a hash already: one word of them, through the seeded hasher, spreads txids as
    /// well as all four (equality still compares every byte).
    func hash(into hasher: inout Hasher) { hasher.combine(a) }
}

/// A block's transactions, parsed once and shared by queries; each txid is hashed when first needed.
final class ParsedBlock: @unchecked Sendable {
    let transactions: [Transaction]
    let size: Int
    private var txids: [[UInt8]?]
    private let lock = NSLock()

    init(transactions: [Transaction], size: Int) {
        self.transactions = transactions
        self.size = size
        self.txids = Array(repeating: nil, count: transactions.count)
    }

    func txid(at index: Int) -> [UInt8] {
        lock.lock()
        if let known = txids[index] { lock.unlock(); return known }
        lock.unlock()
        let id = transactions[index].txid
        lock.lock(); txids[index] = id; lock.unlock()
        return id
    }
}
