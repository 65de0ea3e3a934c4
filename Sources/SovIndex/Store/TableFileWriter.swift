import CRocksDB
import FoundationEssentials
import Glibc

/// A RocksDB table file being written outside the store, in strictly increasing key order, to be added to
/// the store whole by `RocksDBStore.ingest` (one atomic step: all of its keys appear at once or none do).
public final class TableFileWriter {
    let handle: OpaquePointer
    private let environment: OpaquePointer
    public let path: String
    /// The first failure of `put`, reported by `finish`.
    private var failure: StoreError?

    /// A writer with the store's table options; `open` creates the file.
    init(path: String, options: OpaquePointer) {
        self.path = path
        environment = rocksdb_envoptions_create()
        handle = rocksdb_sstfilewriter_create(environment, options)
    }

    /// Creates the file (replacing any file at `path`).
    func open() throws(StoreError) {
        var error: UnsafeMutablePointer<CChar>?
        rocksdb_sstfilewriter_open(handle, path, &error)
        if let error { defer { free(error) }; throw StoreError("cannot create the table file \(path): \(String(cString: error))") }
    }

    deinit {
        rocksdb_sstfilewriter_destroy(handle)
        rocksdb_envoptions_destroy(environment)
    }

    /// Adds a key, which must sort after every key added before it. A failure stops the file and is
    /// reported by `finish`; the result says whether the key was added.
    @discardableResult
    public func put(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Bool {
        guard failure == nil else { return false }
        let zero: CChar = 0
        var error: UnsafeMutablePointer<CChar>?
        withUnsafePointer(to: zero) { empty in
            rocksdb_sstfilewriter_put(handle, key.baseAddress?.assumingMemoryBound(to: CChar.self) ?? empty, key.count,
                                      value.baseAddress?.assumingMemoryBound(to: CChar.self) ?? empty, value.count, &error)
        }
        guard let error else { return true }
        failure = StoreError("cannot write the table file \(path): \(String(cString: error))")
        free(error)
        return false
    }

    /// Completes the file (and syncs it to disk), or reports why it could not be written.
    func finish() throws(StoreError) {
        if let failure { throw failure }
        var error: UnsafeMutablePointer<CChar>?
        rocksdb_sstfilewriter_finish(handle, &error)
        if let error { defer { free(error) }; throw StoreError("cannot finish the table file \(path): \(String(cString: error))") }
    }
}
