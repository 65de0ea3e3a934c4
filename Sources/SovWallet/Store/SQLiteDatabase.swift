import CSQLite

/// A failure of the SQLite library, with its result code and message.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var description: String { message }
}

/// One SQLite connection (not shared between threads: a wallet is opened by one command at a time).
///
/// Opened in WAL mode with `synchronous = FULL`: a committed transaction survives `kill -9` and power loss, an
/// uncommitted one is rolled back at the next open.
final class SQLiteDatabase {
    private var handle: OpaquePointer?
    let path: String
    /// Prepared statements by their SQL, compiled once and reused: a sync inserts thousands of rows with
    /// the same few statements (a mainnet header chain is ~900,000 inserts).
    private var prepared: [String: SQLiteStatement] = [:]

    /// Opens `path`; creates it when `create`, else fails when it does not exist.
    init(path: String, create: Bool) throws(SQLiteError) {
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            handle = nil
            throw SQLiteError(code: status, message: message)
        }
        sqlite3_busy_timeout(handle, 5_000)
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = FULL")
        try execute("PRAGMA foreign_keys = ON")
    }

    deinit {
        prepared.removeAll()  // finalized before the connection closes
        sqlite3_close_v2(handle)
    }

    private var error: SQLiteError {
        SQLiteError(code: sqlite3_errcode(handle), message: String(cString: sqlite3_errmsg(handle)))
    }

    /// Runs statements that return no rows.
    func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        guard status == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "error \(status)"
            sqlite3_free(message)
            throw SQLiteError(code: status, message: text)
        }
    }

    /// A prepared statement for `sql` with `values` bound to its `?` parameters in order.
    /// The statement for `sql` (prepared on first use) with `values` bound to its parameters in order. Each
    /// use runs to completion before the next, and resets it after.
    private func statement(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> SQLiteStatement {
        let statement: SQLiteStatement
        if let known = prepared[sql] {
            statement = known
        } else {
            var pointer: OpaquePointer?
            guard sqlite3_prepare_v2(handle, sql, -1, &pointer, nil) == SQLITE_OK, let pointer else { throw error }
            statement = SQLiteStatement(pointer, database: self)
            prepared[sql] = statement
        }
        try statement.bind(values)
        return statement
    }

    /// Runs `sql` once with `values` (an insert, update or delete).
    func run(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) {
        let statement = try statement(sql, values)
        defer { statement.reset() }
        while try statement.step() {}
    }

    /// The rows of `sql` with `values`, each read by `row`.
    func rows<T>(_ sql: String, _ values: [SQLiteValue] = [], _ row: (SQLiteStatement) throws(SQLiteError) -> T) throws(SQLiteError) -> [T] {
        let statement = try statement(sql, values)
        defer { statement.reset() }
        var result: [T] = []
        while try statement.step() { result.append(try row(statement)) }
        return result
    }

    /// Runs `body` in one transaction: all of its writes commit together, or none do.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    fileprivate func failure() -> SQLiteError { error }
}

/// A value bound to a statement parameter.
enum SQLiteValue {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null

    static func int(_ value: Int) -> SQLiteValue { .integer(Int64(value)) }
}

/// A prepared statement; finalized when released.
final class SQLiteStatement {
    private let pointer: OpaquePointer
    /// The connection owns its statements (its cache), so the back reference is unowned.
    private unowned let database: SQLiteDatabase

    fileprivate init(_ pointer: OpaquePointer, database: SQLiteDatabase) {
        self.pointer = pointer
        self.database = database
    }

    deinit { sqlite3_finalize(pointer) }

    /// sqlite3's SQLITE_TRANSIENT: the library copies the bytes.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let v): status = sqlite3_bind_int64(pointer, index, v)
            case .text(let v): status = sqlite3_bind_text(pointer, index, v, -1, Self.transient)
            case .blob(let v):
                status = v.withUnsafeBytes { sqlite3_bind_blob(pointer, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count), Self.transient) }
            case .null: status = sqlite3_bind_null(pointer, index)
            }
            guard status == SQLITE_OK else { throw database.failure() }
        }
    }

    /// Ready for the next use: rewound, parameters cleared.
    func reset() {
        sqlite3_reset(pointer)
        sqlite3_clear_bindings(pointer)
    }

    /// Advances to the next row; false when done.
    func step() throws(SQLiteError) -> Bool {
        switch sqlite3_step(pointer) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.failure()
        }
    }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(pointer, column)) }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(pointer, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(pointer, column) == SQLITE_NULL }
    func text(_ column: Int32) -> String? {
        guard let c = sqlite3_column_text(pointer, column) else { return nil }
        return String(cString: c)
    }
    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(pointer, column))
        guard count > 0, let base = sqlite3_column_blob(pointer, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: count))
    }
}
