import Foundation
import SovPrimitives

/// Why the index cannot be used as asked.
public enum IndexError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The store failed (or is held by another process: `.store(.locked)`).
    case store(StoreError)
    /// There is no index in the directory.
    case notFound(path: String)
    /// The index exists but is of another schema or network, or has no metadata.
    case incompatible(String)
    /// The index or the chain read into it is not as it should be.
    case data(String)
    /// The node or the block files cannot give what is needed.
    case source(String)
    /// A script's history has more than `limit` entries (the limit a caller asked for).
    case historyTooLarge(scriptHash: ScriptHash, limit: Int)

    public var description: String {
        switch self {
        case .store(let error): return error.description
        case .notFound(let path): return "no index at \(path): build one with `sov index build`"
        case .incompatible(let m), .data(let m), .source(let m): return m
        case .historyTooLarge(let scriptHash, let limit):
            return "history of \(scriptHash) has more than \(limit) entries (the server's history limit)"
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
    private var cachedTip: ChainTip?
    private var recordCache: [Int: BlockRecord] = [:]
    /// Where each transaction starts in recently used blocks (and where the last one ends), by height, and
    /// the heights in the order they came in: a transaction is then read and parsed alone.
    private var layoutCache: [Int: [UInt32]] = [:]
    private var layoutOrder: [Int] = []
    /// Blocks whose layout is kept (a few kB each).
    static let layoutCacheBlocks = 4096
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
                throw .store(.failed("cannot create \(directory): \(error.localizedDescription)"))
            }
        } else if !FileManager.default.fileExists(atPath: directory + "/CURRENT") {
            throw .notFound(path: directory)
        }
        do { store = try RocksDBStore(path: directory, create: create && !readOnly, bulkLoad: bulkLoad, readOnly: readOnly) } catch {
            throw .store(error)
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
            throw .store(error as? StoreError ?? .failed("\(error)"))
        }
    }

    /// The last block applied; nil for an empty index.
    public var tip: ChainTip? {
        lock.lock(); defer { lock.unlock() }
        return cachedTip
    }

    /// Reads the stored tip (at open; afterwards every write keeps `cachedTip` in step).
    func loadTip() {
        var stored: ChainTip?
        if let v = try? store.get(IndexSchema.metaTip), v.count == 36, let hash = BlockHash(bytes: v[4..<36]) {
            stored = ChainTip(height: Int(IndexSchema.readUInt32(v, at: 0)), hash: hash)
        }
        lock.lock(); cachedTip = stored; lock.unlock()
    }

    func setTip(_ tip: ChainTip?) {
        lock.lock(); cachedTip = tip; lock.unlock()
    }

    static func tipValue(height: Int, hash: BlockHash) -> [UInt8] {
        var v: [UInt8] = []
        IndexSchema.appendUInt32(UInt32(height), to: &v)
        return v + hash.bytes
    }

    /// The stored record of the block at `height` of the indexed chain.
    public func blockRecord(height: Int) throws(IndexError) -> BlockRecord? {
        // Heights are stored as 32 bits: anything outside is no block (never a trap on a client's number).
        guard height >= 0, height <= Int(UInt32.max) else { return nil }
        lock.lock()
        if let cached = recordCache[height] { lock.unlock(); return cached }
        lock.unlock()
        let value: [UInt8]?
        do { value = try store.get(IndexSchema.blockKey(height: height)) } catch { throw .store(error) }
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
        layoutCache[height] = nil
        lock.unlock()
    }

    /// The header at `height` of the indexed chain.
    public func header(height: Int) throws(IndexError) -> BlockHeader? { try blockRecord(height: height)?.header }

    /// The transaction at `position` and its txid. Only that transaction's bytes are read and parsed: where
    /// it lies in its block comes from the block's layout, found once by skipping through the block.
    public func transaction(at position: TxPosition) throws(IndexError) -> (tx: Transaction, txid: Txid) {
        let height = Int(position.height)
        let offsets = try layout(height: height)
        let i = Int(position.index)
        guard i + 1 < offsets.count else { throw .data("no transaction at height \(position.height) position \(position.index)") }
        guard let record = try blockRecord(height: height) else { throw .data("no block at height \(height)") }
        guard let source = blockSource else { throw .source("no block source to read blocks from") }
        let bytes: [UInt8]
        do { bytes = try source.bytes(of: record, range: Int(offsets[i])..<Int(offsets[i + 1])) } catch { throw .source("\(error)") }
        do {
            var r = ByteReader(bytes)
            let tx = try Transaction(from: &r, allowWitness: true)
            return (tx, tx.txid)
        } catch {
            throw .data("transaction \(i) of indexed block \(height) does not parse: \(error)")
        }
    }

    /// Where each transaction of the block at `height` starts, then where the last one ends.
    func layout(height: Int) throws(IndexError) -> [UInt32] {
        lock.lock()
        if let cached = layoutCache[height] { lock.unlock(); return cached }
        lock.unlock()
        let raw = try rawBlock(height: height)
        var offsets: [UInt32] = []
        do {
            var r = ByteReader(raw)
            try r.skip(80, "block header")
            let count = try r.readCount("transaction count", minimumItemSize: 10)
            offsets.reserveCapacity(count + 1)
            for _ in 0..<count {
                offsets.append(UInt32(r.position))
                try Transaction.skip(&r)
            }
            offsets.append(UInt32(r.position))
        } catch {
            throw .data("indexed block \(height) does not parse: \(error)")
        }
        lock.lock()
        if layoutCache.updateValue(offsets, forKey: height) == nil {
            layoutOrder.append(height)
            if layoutOrder.count > Self.layoutCacheBlocks {
                layoutCache[layoutOrder.removeFirst()] = nil
            }
        }
        lock.unlock()
        return offsets
    }

    /// The whole raw block at `height`.
    public func rawBlock(height: Int) throws(IndexError) -> [UInt8] {
        guard let record = try blockRecord(height: height) else { throw .data("no block at height \(height)") }
        guard let source = blockSource else { throw .source("no block source to read blocks from") }
        do { return try source.bytes(of: record, range: nil) } catch { throw .source("\(error)") }
    }

    /// Where the transaction `txid` is confirmed, if it is.
    public func position(ofTxid txid: Txid) throws(IndexError) -> TxPosition? {
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
    init(_ txid: Txid) {
        (a, b, c, d) = txid.hash32.withUnsafeBytes { raw in
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
