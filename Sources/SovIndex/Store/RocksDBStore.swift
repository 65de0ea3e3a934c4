import CRocksDB
import FoundationEssentials
import Synchronization
import Glibc

/// A failure from the embedded store.
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Another process has the store open for writing (RocksDB's `LOCK` file is held).
    case locked(path: String)
    /// RocksDB refused an operation; `message` is its own words, with what was being done.
    case failed(String)

    init(_ message: String) { self = .failed(message) }

    public var description: String {
        switch self {
        case .locked(let path): return "the index at \(path) is in use by another sov process"
        case .failed(let message): return message
        }
    }

    public var message: String { description }
}

/// A thin, safe wrapper over RocksDB's C API: point reads, atomic write batches, whole table files added
/// atomically, ordered prefix scans.
///
/// Write batches go through the write-ahead log, so a batch that `write` returned from survives the process
/// being killed at any moment; a batch is applied entirely or not at all. A table file given to `ingest`
/// is synced and recorded in the store's manifest in one step: after a crash, all of it or none of it is
/// in the store.
public final class RocksDBStore: @unchecked Sendable {
    private let db: OpaquePointer
    private let options: OpaquePointer
    private let readOptions: OpaquePointer
    private let writeOptions: OpaquePointer
    private let tableOptions: OpaquePointer
    private let cache: OpaquePointer
    /// The options table files for `ingest` are written with.
    private let tableFileOptions: OpaquePointer
    public let path: String

    /// Opens (creating if asked) the store at `path`. `bulkLoad` uses a vector memtable, which only write
    /// batches go through (index batches are ingested as table files). `readOnly` opens without taking
    /// RocksDB's lock, so a reader can look at an index another process is writing (it sees the state as of
    /// opening).
    public init(path: String, create: Bool, cacheBytes: Int = 256 << 20, bulkLoad: Bool = false, readOnly: Bool = false) throws(StoreError) {
        self.path = path
        options = rocksdb_options_create()
        rocksdb_options_set_create_if_missing(options, create ? 1 : 0)
        rocksdb_options_increase_parallelism(options, Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
        rocksdb_options_set_max_open_files(options, 256)
        rocksdb_options_set_compression(options, Int32(rocksdb_lz4_compression))
        rocksdb_options_set_bottommost_compression(options, Int32(rocksdb_zstd_compression))
        rocksdb_options_set_write_buffer_size(options, 64 << 20)
        rocksdb_options_set_max_write_buffer_number(options, 3)
        if bulkLoad {
            // Appending to a vector and sorting once at flush beats a skip list for a large initial build,
            // whose reads are served by the indexer's own cache.
            rocksdb_options_set_memtable_vector_rep(options)
            rocksdb_options_set_allow_concurrent_memtable_write(options, 0)
        }
        rocksdb_options_set_target_file_size_base(options, 128 << 20)
        // RocksDB's own diagnostic logs: a few, not one more per open.
        rocksdb_options_set_keep_log_file_num(options, 2)
        rocksdb_options_set_max_log_file_size(options, 1 << 20)
        tableOptions = rocksdb_block_based_options_create()
        cache = rocksdb_cache_create_lru(cacheBytes)
        rocksdb_block_based_options_set_block_cache(tableOptions, cache)
        rocksdb_block_based_options_set_block_size(tableOptions, 16 << 10)
        // No bloom filters: lookups are prefix scans and point reads of recent keys, and filters would
        // cost more than a byte per key.
        rocksdb_options_set_block_based_table_factory(options, tableOptions)
        var error: UnsafeMutablePointer<CChar>?
        let opened = readOnly ? rocksdb_open_for_read_only(options, path, 0, &error) : rocksdb_open(options, path, &error)
        guard let handle = opened else {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            free(error)
            rocksdb_options_destroy(options)
            rocksdb_block_based_options_destroy(tableOptions)
            rocksdb_cache_destroy(cache)
            // RocksDB's C API reports failures only as text; this is the one place it is read, and it becomes
            // a case here. A held lock reads "IO error: While lock file: …/LOCK: Resource temporarily unavailable".
            if message.contains("lock file") { throw StoreError.locked(path: path) }
            throw StoreError("cannot open the index at \(path): \(message)")
        }
        db = handle
        // Ingested files land in level 0 and are soon compacted: LZ4, as for flushed memtables (a table
        // file writer would otherwise take the bottommost level's slower zstd).
        tableFileOptions = rocksdb_options_create_copy(options)
        rocksdb_options_set_compression(tableFileOptions, Int32(rocksdb_lz4_compression))
        rocksdb_options_set_bottommost_compression(tableFileOptions, 0xff)  // kDisableCompressionOption
        readOptions = rocksdb_readoptions_create()
        writeOptions = rocksdb_writeoptions_create()
        // A table file left by a write that was interrupted before it reached the store (a reader must not
        // touch it: it may be a running writer's batch in progress).
        if !readOnly { unlink(ingestPath) }
    }

    /// Set once `close()` has run: every operation after it fails (or reads nothing) instead of touching a
    /// closed database.
    private let closed = Atomic<Bool>(false)

    /// Closes the database now rather than whenever the last reference goes. A command calls it before it
    /// exits: RocksDB left open while the process exits can abort in its background threads. Idempotent.
    public func close() {
        guard closed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        rocksdb_close(db)
    }

    public var isClosed: Bool { closed.load(ordering: .acquiring) }

    deinit {
        if !isClosed { rocksdb_close(db) }
        rocksdb_readoptions_destroy(readOptions)
        rocksdb_writeoptions_destroy(writeOptions)
        rocksdb_options_destroy(options)
        rocksdb_options_destroy(tableFileOptions)
        rocksdb_block_based_options_destroy(tableOptions)
        rocksdb_cache_destroy(cache)
    }

    public func get(_ key: [UInt8]) throws(StoreError) -> [UInt8]? {
        guard !isClosed else { throw StoreError.failed("the index was closed") }
        var length = 0
        var error: UnsafeMutablePointer<CChar>?
        let value = key.withUnsafeBufferPointer { k in
            k.withMemoryRebound(to: CChar.self) { rocksdb_get(db, readOptions, $0.baseAddress, k.count, &length, &error) }
        }
        if let error { defer { free(error) }; throw StoreError("index read failed: \(String(cString: error))") }
        guard let value else { return nil }
        defer { free(value) }
        return value.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    /// Applies `batch` atomically. `sync` also waits for the log to reach the disk (survives power loss).
    public func write(_ batch: WriteBatch, sync: Bool = false) throws(StoreError) {
        guard !isClosed else { throw StoreError.failed("the index was closed") }
        rocksdb_writeoptions_set_sync(writeOptions, sync ? 1 : 0)
        var error: UnsafeMutablePointer<CChar>?
        rocksdb_write(db, writeOptions, batch.handle, &error)
        if let error { defer { free(error) }; throw StoreError("index write failed: \(String(cString: error))") }
    }

    /// Where `ingest` writes its table file before handing it to RocksDB (a name RocksDB ignores).
    var ingestPath: String { path + "/sov-ingest.tmp" }

    /// A new table file to fill (keys in strictly increasing order) and hand to `ingest`.
    public func makeTableFile() throws(StoreError) -> TableFileWriter {
        let writer = TableFileWriter(path: ingestPath, options: tableFileOptions)
        try writer.open()
        return writer
    }

    /// Completes `file` (from `makeTableFile`) and adds it to the store in one atomic step: after a crash at
    /// any moment, either every key of the file is in the store or none is. The file's keys take precedence
    /// over every earlier write.
    public func ingest(_ file: TableFileWriter) throws(StoreError) {
        guard !isClosed else { throw StoreError.failed("the index was closed") }
        defer { unlink(file.path) }
        try file.finish()
        waitForLevelZeroCompactions()
        let ingestOptions = rocksdb_ingestexternalfileoptions_create()
        defer { rocksdb_ingestexternalfileoptions_destroy(ingestOptions) }
        // The file is linked into the store, not copied.
        rocksdb_ingestexternalfileoptions_set_move_files(ingestOptions, 1)
        var error: UnsafeMutablePointer<CChar>?
        file.path.withCString { name in
            var names: [UnsafePointer<CChar>?] = [name]
            rocksdb_ingest_external_file(db, &names, 1, ingestOptions, &error)
        }
        if let error { defer { free(error) }; throw StoreError("index write failed: \(String(cString: error))") }
    }

    /// Ingested files land in level 0 without RocksDB's write stalls (which only hold back memtable writes):
    /// like a stall, this waits while level 0 has as many files as slow writes down and a compaction is
    /// on its way to shrink it, so that compactions keep up and reads do not go through ever more files.
    private func waitForLevelZeroCompactions() {
        let limit = Int(rocksdb_options_get_level0_slowdown_writes_trigger(options))
        while let files = property("rocksdb.num-files-at-level0").flatMap({ Int($0) }), files >= limit,
              property("rocksdb.compaction-pending") == "1" || property("rocksdb.num-running-compactions") != "0" {
            usleep(10_000)
        }
    }

    /// Calls `body` for every key starting with `prefix`, in key order, until it returns false.
    public func scan(prefix: [UInt8], from start: [UInt8]? = nil, _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool) rethrows {
        guard !isClosed else { return }
        let iterator = rocksdb_create_iterator(db, readOptions)!
        defer { rocksdb_iter_destroy(iterator) }
        let seekKey = start ?? prefix
        seekKey.withUnsafeBufferPointer { k in
            k.withMemoryRebound(to: CChar.self) { rocksdb_iter_seek(iterator, $0.baseAddress, k.count) }
        }
        while rocksdb_iter_valid(iterator) != 0 {
            var keyLength = 0
            var valueLength = 0
            let keyPointer = rocksdb_iter_key(iterator, &keyLength)!
            let key = UnsafeRawBufferPointer(start: keyPointer, count: keyLength)
            guard key.starts(with: prefix) else { return }
            let valuePointer = rocksdb_iter_value(iterator, &valueLength)
            let value = UnsafeRawBufferPointer(start: valuePointer, count: valueLength)
            guard try body(key, value) else { return }
            rocksdb_iter_next(iterator)
        }
    }

    /// `body` with a cursor over the whole store, for many nearby lookups in key order at the cost of one
    /// iterator (a `get` per key would search every level afresh). Nil when the store is closed.
    public func withCursor<T, E: Error>(_ body: (StoreCursor) throws(E) -> T) throws(E) -> T? {
        guard !isClosed else { return nil }
        let cursor = StoreCursor(rocksdb_create_iterator(db, readOptions)!)
        defer { rocksdb_iter_destroy(cursor.iterator) }
        return try body(cursor)
    }

    /// The last key with `prefix` (and its value), if any.
    public func last(prefix: [UInt8]) -> (key: [UInt8], value: [UInt8])? {
        guard !isClosed else { return nil }
        let iterator = rocksdb_create_iterator(db, readOptions)!
        defer { rocksdb_iter_destroy(iterator) }
        var upper = prefix
        // Seek to just past the prefix range, then step back.
        var i = upper.count - 1
        while i >= 0 { if upper[i] == 0xff { upper[i] = 0; i -= 1 } else { upper[i] += 1; break } }
        if i < 0 { rocksdb_iter_seek_to_last(iterator) } else {
            upper.withUnsafeBufferPointer { k in k.withMemoryRebound(to: CChar.self) { rocksdb_iter_seek(iterator, $0.baseAddress, k.count) } }
            if rocksdb_iter_valid(iterator) != 0 { rocksdb_iter_prev(iterator) } else { rocksdb_iter_seek_to_last(iterator) }
        }
        guard rocksdb_iter_valid(iterator) != 0 else { return nil }
        var keyLength = 0, valueLength = 0
        let key = Array(UnsafeRawBufferPointer(start: rocksdb_iter_key(iterator, &keyLength), count: keyLength))
        guard key.starts(with: prefix) else { return nil }
        let value = Array(UnsafeRawBufferPointer(start: rocksdb_iter_value(iterator, &valueLength), count: valueLength))
        return (key, value)
    }

    /// Compacts the whole key space into the last level, rewriting every file (which also drops sequence
    /// numbers, so the table files shrink to their steady-state size) once: files this compaction wrote
    /// into the last level are not rewritten again.
    public func compact() {
        guard !isClosed else { return }
        let options = rocksdb_compactoptions_create()!
        rocksdb_compactoptions_set_bottommost_level_compaction(options, 3)  // kForceOptimized
        rocksdb_compact_range_opt(db, options, nil, 0, nil, 0)
        rocksdb_compactoptions_destroy(options)
    }

    /// Waits until no compaction is running or pending: the store as a server that has been running for a
    /// while finds it (a benchmark's starting point).
    public func waitForCompactions() {
        while !isClosed, property("rocksdb.num-running-compactions") != "0" || property("rocksdb.compaction-pending") == "1" {
            usleep(10_000)
        }
    }

    /// Flushes memtables to table files (so size figures are meaningful).
    public func flush() {
        guard !isClosed else { return }
        let options = rocksdb_flushoptions_create()!
        rocksdb_flushoptions_set_wait(options, 1)
        var error: UnsafeMutablePointer<CChar>?
        rocksdb_flush(db, options, &error)
        free(error)
        rocksdb_flushoptions_destroy(options)
    }

    /// A RocksDB property such as `rocksdb.estimate-num-keys`.
    public func property(_ name: String) -> String? {
        guard !isClosed else { return nil }
        guard let value = rocksdb_property_value(db, name) else { return nil }
        defer { free(value) }
        return String(cString: value)
    }

    /// Bytes the store's files take on disk.
    public var sizeOnDisk: Int64 { size { _ in true } }

    /// Bytes of the table files alone (the data, without the write-ahead log and metadata).
    public var tableFileSize: Int64 { size { $0.hasSuffix(".sst") } }

    private func size(_ include: (String) -> Bool) -> Int64 {
        let fm = FileManager.default
        guard let files = try? fm.contentsOfDirectory(atPath: path) else { return 0 }
        return files.filter(include).reduce(Int64(0)) { total, file in
            total + ((try? fm.attributesOfItem(atPath: path + "/" + file)[.size] as? Int64) ?? 0)
        }
    }
}

/// A set of puts and deletes applied atomically by `RocksDBStore.write`.
public final class WriteBatch {
    let handle: OpaquePointer

    public init() { handle = rocksdb_writebatch_create() }
    deinit { rocksdb_writebatch_destroy(handle) }

    public func put(_ key: [UInt8], _ value: [UInt8]) {
        let empty: [CChar] = [0]
        key.withUnsafeBufferPointer { k in
            value.withUnsafeBufferPointer { v in
                k.withMemoryRebound(to: CChar.self) { kp in
                    v.withMemoryRebound(to: CChar.self) { vp in
                        empty.withUnsafeBufferPointer { e in
                            rocksdb_writebatch_put(handle, kp.baseAddress, k.count, vp.baseAddress ?? e.baseAddress, v.count)
                        }
                    }
                }
            }
        }
    }

    public func delete(_ key: [UInt8]) {
        key.withUnsafeBufferPointer { k in
            k.withMemoryRebound(to: CChar.self) { rocksdb_writebatch_delete(handle, $0.baseAddress, k.count) }
        }
    }

    public var count: Int { Int(rocksdb_writebatch_count(handle)) }
    public func clear() { rocksdb_writebatch_clear(handle) }
}

/// A position in the store's keys, valid only inside `RocksDBStore.withCursor`.
public struct StoreCursor {
    fileprivate let iterator: OpaquePointer

    fileprivate init(_ iterator: OpaquePointer) { self.iterator = iterator }

    /// Moves to the first key at or after `key`.
    public func seek(_ key: [UInt8]) {
        key.withUnsafeBufferPointer { k in
            k.withMemoryRebound(to: CChar.self) { rocksdb_iter_seek(iterator, $0.baseAddress, k.count) }
        }
    }

    public func next() { rocksdb_iter_next(iterator) }

    /// The key and value here, nil past the last key. Valid until the cursor moves.
    public var row: (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)? {
        guard rocksdb_iter_valid(iterator) != 0 else { return nil }
        var keyLength = 0, valueLength = 0
        let key = rocksdb_iter_key(iterator, &keyLength)!
        let value = rocksdb_iter_value(iterator, &valueLength)
        return (UnsafeRawBufferPointer(start: key, count: keyLength), UnsafeRawBufferPointer(start: value, count: valueLength))
    }
}
