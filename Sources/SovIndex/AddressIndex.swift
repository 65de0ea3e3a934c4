import FoundationEssentials
import SovPrimitives

/// Why the index cannot be used as asked.
public enum IndexError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The store failed (or is held by another process: `.store(.locked)`).
    case store(StoreError)
    /// There is no index in the directory.
    case notFound(path: String)
    /// The index exists but is of another schema or network, or has no metadata.
    case incompatible(String)
    /// The index is of an older schema that `sov index build` upgrades in place.
    case outdatedSchema(path: String, schema: UInt32)
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
        case .outdatedSchema(let path, let schema):
            return "the index at \(path) has schema \(schema), this sov reads \(IndexSchema.version): run `sov index build` to upgrade it in place"
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

    let lock = Lock()
    private var cachedTip: ChainTip?
    private var recordCache: [Int: BlockRecord] = [:]
    /// Recently read chunks of transaction tables, by height and chunk number, in the order they came in.
    private var chunkCache: [TxPosition: BlockTransactionTable] = [:]
    private var chunkOrder: [TxPosition] = []
    /// Chunks kept at most (64 transactions, about 2.3 kB, each).
    static let chunkCacheLimit = 16_384
    /// The schema the index was opened with: below `IndexSchema.version` until `upgradeSchema` has run.
    public internal(set) var storedSchema: UInt32 = IndexSchema.version
    /// True writes exactly the rows schema 2 wrote (no transaction tables; spends keyed by the spent output
    /// alone). The benchmark measures its baseline this way, and the upgrade's tests make a schema-2 index
    /// with it and `recordSchema(2)`. Never true on an index anything reads.
    public var schemaTwoRows = false
    /// txids this process has written, to resolve spends without reading the store. While a batch is
    /// being written it also holds the batch's transactions, which readers ignore until the tip reaches them.
    var txidCache = TxidTable()
    static let txidCacheLimit = 8_000_000
    /// The script-hash prefixes of recent blocks' outputs, for the spend rows of the blocks that spend them.
    var outputPrefixes = OutputPrefixCache(capacity: 8_000_000)

    /// Opens the index in `directory` (created when `create`), refusing one of another schema or network.
    /// `readOnly` never writes and works while another process is writing the index. An index of an older
    /// schema this sov can upgrade is refused (`.outdatedSchema`) unless `allowingUpgrade`: then it opens,
    /// `needsUpgrade` is true, and nothing may read it before `upgradeSchema` has run.
    public init(directory: String, network: Network, create: Bool, bulkLoad: Bool = false, readOnly: Bool = false,
                allowingUpgrade: Bool = false) throws(IndexError) {
        path = directory
        self.network = network
        if create {
            do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw .store(.failed("cannot create \(directory): \(systemErrorText(error))"))
            }
        } else if !FileManager.default.fileExists(atPath: directory + "/CURRENT") {
            throw .notFound(path: directory)
        }
        do { store = try RocksDBStore(path: directory, create: create && !readOnly, bulkLoad: bulkLoad, readOnly: readOnly) } catch {
            throw .store(error)
        }
        try checkMetadata(create: create && !readOnly, allowingUpgrade: allowingUpgrade && !readOnly)
        loadTip()
    }

    /// Where the blocks came from when the index was last built: whether a node was used, and the block
    /// files' folder (nil: none). Nil for an index built before sov recorded it.
    public var recordedSource: (useNode: Bool, blocksDirectory: String?)? {
        guard let value = try? store.get(IndexSchema.metaSource), let tab = value.firstIndex(of: 0x09) else { return nil }
        let folder = String(decoding: value[(tab + 1)...], as: UTF8.self)
        return (value[..<tab].elementsEqual(Array("1".utf8)), folder.isEmpty ? nil : folder)
    }

    /// Records where the blocks come from (a writer's `OpenedIndex` does it when it opens the index).
    public func recordSource(useNode: Bool, blocksDirectory: String?) throws(IndexError) {
        let value = Array((useNode ? "1" : "0").utf8) + [0x09] + Array((blocksDirectory ?? "").utf8)
        if let current = try? store.get(IndexSchema.metaSource), current == value { return }
        let batch = WriteBatch()
        batch.put(IndexSchema.metaSource, value)
        do { try store.write(batch, sync: true) } catch { throw IndexError.store(error) }
    }

    private func checkMetadata(create: Bool, allowingUpgrade: Bool) throws(IndexError) {
        do {
            let schema = try store.get(IndexSchema.metaSchema)
            let storedNetwork = try store.get(IndexSchema.metaNetwork).map { String(decoding: $0, as: UTF8.self) }
            if schema == nil && storedNetwork == nil {
                guard create else { throw IndexError.incompatible("the index at \(path) was never completed (its first build was interrupted): run `sov index build`, which starts it over") }
                let batch = WriteBatch()
                var v: [UInt8] = []
                IndexSchema.appendUInt32(IndexSchema.version, to: &v)
                batch.put(IndexSchema.metaSchema, v)
                batch.put(IndexSchema.metaNetwork, Array(network.rawValue.utf8))
                try store.write(batch, sync: true)
                return
            }
            if let schema, case let stored = schema.count == 4 ? IndexSchema.readUInt32(schema, at: 0) : 0, stored != IndexSchema.version {
                guard stored >= IndexSchema.oldestUpgradable, stored < IndexSchema.version else {
                    throw IndexError.incompatible("the index at \(path) has schema \(stored), this sov uses \(IndexSchema.version): run `sov index drop` and build it again")
                }
                guard allowingUpgrade else { throw IndexError.outdatedSchema(path: path, schema: stored) }
                storedSchema = stored
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
        for key in chunkCache.keys where Int(key.height) == height { chunkCache[key] = nil }
        lock.unlock()
    }

    /// The header at `height` of the indexed chain.
    public func header(height: Int) throws(IndexError) -> BlockHeader? { try blockRecord(height: height)?.header }

    /// The transaction at `position` and its txid. Only that transaction's bytes are read and parsed: where
    /// it lies in its block comes from the block's transaction table.
    public func transaction(at position: TxPosition) throws(IndexError) -> (tx: Transaction, txid: Txid) {
        let bytes = try rawTransaction(at: position)
        let tx: Transaction
        do {
            var r = ByteReader(bytes)
            tx = try Transaction(from: &r, allowWitness: true)
            guard r.isAtEnd else { throw DecodingError(offset: r.position, "bytes after the transaction") }
        } catch {
            throw .data("transaction \(position.index) of indexed block \(position.height) does not parse: \(error)")
        }
        return (tx, try Self.txid(ofTransaction: bytes, at: position))
    }

    /// The bytes of the transaction at `position`, as its block holds them.
    public func rawTransaction(at position: TxPosition) throws(IndexError) -> [UInt8] {
        try blockBytes(height: Int(position.height), range: try transactionChunk(containing: position).range(of: Int(position.index)))
    }

    /// The txid of `bytes`, the whole transaction at `position`.
    static func txid(ofTransaction bytes: [UInt8], at position: TxPosition) throws(IndexError) -> Txid {
        var r = ByteReader(bytes)
        do {
            let txid = try Transaction.txid(&r)
            guard r.isAtEnd else { throw DecodingError(offset: r.position, "bytes after the transaction") }
            return txid
        } catch {
            throw .data("transaction \(position.index) of indexed block \(position.height) does not parse: \(error)")
        }
    }

    /// The txids of the block at `height`, in order: its bytes, read once, each transaction hashed.
    public func blockTxids(height: Int) throws(IndexError) -> [Txid] {
        let raw = try rawBlock(height: height)
        var r = ByteReader(raw)
        do {
            try r.skip(80, "block header")
            let count = try r.readCount("transaction count", minimumItemSize: 10)
            var txids: [Txid] = []
            txids.reserveCapacity(count)
            for _ in 0..<count { txids.append(try Transaction.txid(&r)) }
            guard r.isAtEnd else { throw DecodingError(offset: r.position, "bytes after the last transaction") }
            return txids
        } catch {
            throw .data("indexed block \(height) does not parse: \(error)")
        }
    }

    /// The script-hash prefix of output `vout` of the transaction at `position` (what its spend row's key
    /// begins with): kept for recent blocks, otherwise read back from the block.
    func scriptPrefix(ofOutput vout: UInt32, of position: TxPosition) throws(IndexError) -> UInt64 {
        lock.lock()
        let cached = outputPrefixes.prefix(position, vout: vout)
        lock.unlock()
        if let cached { return cached }
        return try Self.scriptPrefix(ofOutput: vout, inTransaction: try rawTransaction(at: position), at: position)
    }

    /// The script-hash prefix of output `vout` of `bytes`, the transaction at `position`.
    static func scriptPrefix(ofOutput vout: UInt32, inTransaction bytes: [UInt8], at position: TxPosition) throws(IndexError) -> UInt64 {
        var found: UInt64?
        do {
            var r = ByteReader(bytes)
            try Transaction.forEachOutput(&r) { index, _, script in
                if index == Int(vout) { found = IndexSchema.prefix(of: bytes.withUnsafeBytes { ScriptHash(script: UnsafeRawBufferPointer(rebasing: $0[script])) }) }
            }
        } catch {
            throw .data("transaction \(position.index) of indexed block \(position.height) does not parse: \(error)")
        }
        guard let found else {
            throw .data("a spend of output \(vout) of transaction \(position.index) of block \(position.height), which has no such output")
        }
        return found
    }

    /// Bytes `range` of the block at `height`.
    func blockBytes(height: Int, range: Range<Int>) throws(IndexError) -> [UInt8] {
        var bytes: [UInt8] = []
        try BlockReader(index: self, height: height).read(range, into: &bytes)
        return bytes
    }

    /// Reads parts of one indexed block from the block source: its record looked up once.
    struct BlockReader {
        let height: Int
        let record: BlockRecord
        let source: any BlockBytesSource

        init(index: AddressIndex, height: Int) throws(IndexError) {
            guard let record = try index.blockRecord(height: height) else { throw .data("no block at height \(height)") }
            guard let source = index.blockSource else { throw .source("no block source to read blocks from") }
            (self.height, self.record, self.source) = (height, record, source)
        }

        /// Bytes `range` of the block into `buffer`, replacing what it held (its room is kept for the next).
        func read(_ range: Range<Int>, into buffer: inout [UInt8]) throws(IndexError) {
            guard range.upperBound <= Int(record.size) else { throw .data("the transaction table of block \(height) points past the block") }
            do { try source.read(of: record, range: range, into: &buffer) } catch { throw .source("\(error)") }
        }
    }

    /// The chunk of its block's transaction table that describes the transaction at `position`.
    public func transactionChunk(containing position: TxPosition) throws(IndexError) -> BlockTransactionTable {
        let number = Int(position.index) / BlockTransactionTable.chunkSize
        let key = TxPosition(height: Int(position.height), index: number)
        lock.lock()
        let cached = chunkCache[key]
        lock.unlock()
        let chunk: BlockTransactionTable
        if let cached {
            chunk = cached
        } else {
            let value: [UInt8]?
            do { value = try store.get(IndexSchema.transactionsKey(height: Int(position.height), chunk: number)) } catch { throw .store(error) }
            guard let value else { throw .data("no transaction at height \(position.height) position \(position.index)") }
            do { chunk = try BlockTransactionTable(encoded: value, first: number * BlockTransactionTable.chunkSize) } catch {
                throw .data("corrupt transaction table at height \(position.height): \(error)")
            }
            lock.lock()
            if chunkCache.updateValue(chunk, forKey: key) == nil {
                chunkOrder.append(key)
                if chunkOrder.count > Self.chunkCacheLimit { chunkCache[chunkOrder.removeFirst()] = nil }
            }
            lock.unlock()
        }
        guard chunk.positions.contains(Int(position.index)) else { throw .data("no transaction at height \(position.height) position \(position.index)") }
        return chunk
    }

    /// The whole raw block at `height`.
    public func rawBlock(height: Int) throws(IndexError) -> [UInt8] {
        guard let record = try blockRecord(height: height) else { throw .data("no block at height \(height)") }
        guard let source = blockSource else { throw .source("no block source to read blocks from") }
        do { return try source.bytes(of: record, range: nil) } catch { throw .source("\(error)") }
    }

    /// Where the transaction `txid` is confirmed, if it is.
    public func position(ofTxid txid: Txid) throws(IndexError) -> TxPosition? {
        if let cached = cachedPosition(of: txid) { return cached }
        return try located(txid)?.position
    }

    /// The bytes of the confirmed transaction `txid`, if it is confirmed.
    public func rawTransaction(ofTxid txid: Txid) throws(IndexError) -> [UInt8]? {
        if let cached = cachedPosition(of: txid) { return try rawTransaction(at: cached) }
        return try located(txid)?.bytes
    }

    /// Where `txid` is confirmed, when the txid cache knows it (and the stored tip covers it).
    private func cachedPosition(of txid: Txid) -> TxPosition? {
        lock.lock()
        defer { lock.unlock() }
        guard let cached = txidCache[TxidKey(txid)], Int(cached.height) <= cachedTip?.height ?? -1 else { return nil }
        return cached
    }

    /// Where `txid` is confirmed and its bytes: each candidate of its prefix rows is read and hashed.
    func located(_ txid: Txid) throws(IndexError) -> (position: TxPosition, bytes: [UInt8])? {
        var candidates: [TxPosition] = []
        store.scan(prefix: IndexSchema.txidPrefix(txid)) { k, _ in
            candidates.append(IndexSchema.position(suffixOf: Array(k)))
            return true
        }
        for candidate in candidates {
            let bytes = try rawTransaction(at: candidate)
            if try Self.txid(ofTransaction: bytes, at: candidate) == txid { return (candidate, bytes) }
        }
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
