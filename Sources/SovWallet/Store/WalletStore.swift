import SovPrimitives

/// A script the wallet watches, as stored.
struct StoredScript {
    var keychain: Keychain
    var index: Int
    var script: Script
    var scriptHash: ScriptHash
    /// The last status the server announced and the wallet verified; nil when the script has no history.
    var status: String?
}

/// A transaction the wallet holds, as stored: its bytes, where it is, and whether its merkle proof was checked.
struct StoredTransaction {
    var txid: Txid
    var raw: [UInt8]
    /// The block height (verified by merkle proof), or 0 / -1 for the mempool (Electrum's wire heights).
    var height: Int
    /// The position in its block, from the verified proof; nil in the mempool.
    var position: Int?
}

/// The wallet's SQLite file: its tables and every read and write of them. Format 1:
///
/// - `meta(key, value)`: `format`, `network`, `created`, `gap_limit`, `origin`, `last_server`, `last_sync`.
/// - `keychains(keychain, descriptor)`: 0 receive, 1 change; public descriptors with checksums.
/// - `scripts(keychain, idx, script, scripthash, status)`: every derived script and its verified status.
/// - `headers(height, hash, raw)`: the validated header chain from the genesis block.
/// - `transactions(txid, raw, height, position)`: the wallet's transactions; confirmed ones proven in `headers`.
/// - `history(scripthash, txid, height)`: each script's history as last verified against its status.
/// - `locked(txid, vout)`: outputs the user locked against spending.
/// - `labels(type, ref, label, spendable)`: BIP329 labels, by type (`tx`, `addr`, `pubkey`, `input`, `output`,
///   `xpub`) and reference.
final class WalletStore {
    static let format = 1
    let database: SQLiteDatabase
    var path: String { database.path }

    private init(database: SQLiteDatabase) { self.database = database }

    /// Creates the file at `path` with the wallet's descriptors and settings (all in one transaction).
    static func create(path: String, keychains: WalletKeychains, gapLimit: Int, origin: String, created: Int) throws(WalletError) -> WalletStore {
        do {
            let database = try SQLiteDatabase(path: path, create: true)
            let store = WalletStore(database: database)
            try database.transaction {
                try database.execute("""
                    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE keychains(keychain INTEGER PRIMARY KEY, descriptor TEXT NOT NULL);
                    CREATE TABLE scripts(keychain INTEGER NOT NULL, idx INTEGER NOT NULL, script BLOB NOT NULL,
                                         scripthash BLOB NOT NULL UNIQUE, status TEXT, PRIMARY KEY(keychain, idx));
                    CREATE TABLE headers(height INTEGER PRIMARY KEY, hash BLOB NOT NULL, raw BLOB NOT NULL);
                    CREATE TABLE transactions(txid BLOB PRIMARY KEY, raw BLOB NOT NULL, height INTEGER NOT NULL, position INTEGER);
                    CREATE TABLE history(scripthash BLOB NOT NULL, txid BLOB NOT NULL, height INTEGER NOT NULL,
                                         PRIMARY KEY(scripthash, txid));
                    CREATE INDEX history_txid ON history(txid);
                    """)
                try store.addLaterTables()
                for (key, value) in [("format", "\(format)"), ("network", keychains.network.rawValue), ("created", "\(created)"),
                                     ("gap_limit", "\(gapLimit)"), ("origin", origin)] {
                    try database.run("INSERT INTO meta(key, value) VALUES(?, ?)", [.text(key), .text(value)])
                }
                try database.run("INSERT INTO keychains VALUES(0, ?)", [.text(keychains.external.description)])
                if let change = keychains.internal {
                    try database.run("INSERT INTO keychains VALUES(1, ?)", [.text(change.description)])
                }
            }
            return store
        } catch let error as SQLiteError {
            throw .storage(path: path, reason: error.message)
        } catch {
            throw .storage(path: path, reason: "\(error)")
        }
    }

    /// Opens an existing wallet file, checking that it is one this sov can read.
    static func open(path: String) throws(WalletError) -> WalletStore {
        let store: WalletStore
        do { store = WalletStore(database: try SQLiteDatabase(path: path, create: false)) } catch {
            throw .storage(path: path, reason: error.message)
        }
        let format: String?
        do { format = try store.meta("format") } catch {
            throw .unsupportedFile(path: path, reason: "not a sov wallet (\(error.message))")
        }
        guard let format, let number = Int(format) else { throw .unsupportedFile(path: path, reason: "not a sov wallet") }
        guard number <= Self.format else {
            throw .unsupportedFile(path: path, reason: "written by a newer sov (wallet format \(number), this sov reads \(Self.format))")
        }
        do { try store.addLaterTables() } catch { throw .storage(path: path, reason: error.message) }
        return store
    }

    /// Runs `body` in one transaction, mapping storage failures.
    func write<T>(_ body: () throws -> T) throws(WalletError) -> T {
        do { return try database.transaction(body) } catch let error as WalletError {
            throw error
        } catch let error as SQLiteError {
            throw .storage(path: path, reason: error.message)
        } catch {
            throw .storage(path: path, reason: "\(error)")
        }
    }

    /// Runs a read, mapping storage failures.
    func read<T>(_ body: () throws -> T) throws(WalletError) -> T {
        do { return try body() } catch let error as WalletError {
            throw error
        } catch let error as SQLiteError {
            throw .storage(path: path, reason: error.message)
        } catch {
            throw .storage(path: path, reason: "\(error)")
        }
    }

    /// Tables added after format 1's first release, made on open when missing (an older file gains them).
    func addLaterTables() throws(SQLiteError) {
        try database.execute("""
            CREATE TABLE IF NOT EXISTS locked(txid BLOB NOT NULL, vout INTEGER NOT NULL, PRIMARY KEY(txid, vout));
            CREATE TABLE IF NOT EXISTS labels(type TEXT NOT NULL, ref TEXT NOT NULL, label TEXT, spendable INTEGER,
                                              PRIMARY KEY(type, ref));
            """)
    }

    // MARK: locks and labels

    func lockedOutputs() throws(SQLiteError) -> Set<OutPoint> {
        Set(try database.rows("SELECT txid, vout FROM locked") { OutPoint(txid: Txid(bytes: $0.blob(0)) ?? Txid(.zero), index: UInt32($0.int(1))) })
    }

    func setLocked(_ outpoint: OutPoint, _ locked: Bool) throws(SQLiteError) {
        if locked {
            try database.run("INSERT OR IGNORE INTO locked(txid, vout) VALUES(?, ?)", [.blob(outpoint.txid.bytes), .int(Int(outpoint.index))])
        } else {
            try database.run("DELETE FROM locked WHERE txid = ? AND vout = ?", [.blob(outpoint.txid.bytes), .int(Int(outpoint.index))])
        }
    }

    func labels() throws(SQLiteError) -> [WalletLabel] {
        try database.rows("SELECT type, ref, label, spendable FROM labels ORDER BY type, ref") { row in
            WalletLabel(type: WalletLabel.Kind(rawValue: row.text(0) ?? "") ?? .tx, reference: row.text(1) ?? "", label: row.text(2),
                        spendable: row.isNull(3) ? nil : row.int(3) != 0)
        }
    }

    func save(label: WalletLabel) throws(SQLiteError) {
        try database.run("INSERT OR REPLACE INTO labels(type, ref, label, spendable) VALUES(?, ?, ?, ?)",
                         [.text(label.type.rawValue), .text(label.reference), label.label.map(SQLiteValue.text) ?? .null,
                          label.spendable.map { .int($0 ? 1 : 0) } ?? .null])
    }

    // MARK: meta

    func meta(_ key: String) throws(SQLiteError) -> String? {
        try database.rows("SELECT value FROM meta WHERE key = ?", [.text(key)]) { $0.text(0) }.first ?? nil
    }

    func setMeta(_ key: String, _ value: String) throws(SQLiteError) {
        try database.run("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                         [.text(key), .text(value)])
    }

    func descriptors() throws(SQLiteError) -> [(Keychain, String)] {
        try database.rows("SELECT keychain, descriptor FROM keychains ORDER BY keychain") { row in
            (Keychain(rawValue: row.int(0)) ?? .external, row.text(1) ?? "")
        }
    }

    // MARK: scripts

    func scripts() throws(SQLiteError) -> [StoredScript] {
        try database.rows("SELECT keychain, idx, script, scripthash, status FROM scripts ORDER BY keychain, idx") { row in
            StoredScript(keychain: Keychain(rawValue: row.int(0)) ?? .external, index: row.int(1), script: Script(row.blob(2)),
                         scriptHash: ScriptHash(bytes: row.blob(3)) ?? ScriptHash(script: row.blob(2)), status: row.text(4))
        }
    }

    func insert(script: StoredScript) throws(SQLiteError) {
        try database.run("INSERT OR IGNORE INTO scripts(keychain, idx, script, scripthash, status) VALUES(?, ?, ?, ?, NULL)",
                         [.int(script.keychain.rawValue), .int(script.index), .blob(script.script.bytes), .blob(script.scriptHash.bytes)])
    }

    /// Records a script's verified status and the history it hashes.
    func replaceHistory(of scriptHash: ScriptHash, status: String?, entries: [(txid: Txid, height: Int)]) throws(SQLiteError) {
        try database.run("UPDATE scripts SET status = ? WHERE scripthash = ?", [status.map(SQLiteValue.text) ?? .null, .blob(scriptHash.bytes)])
        try database.run("DELETE FROM history WHERE scripthash = ?", [.blob(scriptHash.bytes)])
        for entry in entries {
            try database.run("INSERT OR REPLACE INTO history(scripthash, txid, height) VALUES(?, ?, ?)",
                             [.blob(scriptHash.bytes), .blob(entry.txid.bytes), .int(entry.height)])
        }
    }

    /// Forgets every script's status, so that the next sync fetches every history again (after a reorg).
    func forgetStatuses() throws(SQLiteError) {
        try database.run("UPDATE scripts SET status = NULL WHERE status IS NOT NULL")
    }

    // MARK: headers

    func tipHeight() throws(SQLiteError) -> Int? {
        try database.rows("SELECT MAX(height) FROM headers") { $0.isNull(0) ? nil : $0.int(0) }.first ?? nil
    }

    func header(at height: Int) throws(SQLiteError) -> BlockHeader? {
        try database.rows("SELECT raw FROM headers WHERE height = ?", [.int(height)]) { try? BlockHeader(bytes: $0.blob(0)) }.first ?? nil
    }

    func insert(header: BlockHeader, height: Int) throws(SQLiteError) {
        try database.run("INSERT OR REPLACE INTO headers(height, hash, raw) VALUES(?, ?, ?)",
                         [.int(height), .blob(header.hash.bytes), .blob(header.serialized)])
    }

    /// Drops the headers above `height` and what they confirmed: those transactions go back to unproven.
    func rollBack(above height: Int) throws(SQLiteError) {
        try database.run("DELETE FROM headers WHERE height > ?", [.int(height)])
        try database.run("DELETE FROM transactions WHERE height > ?", [.int(height)])
        try database.run("DELETE FROM history WHERE height > ?", [.int(height)])
        try forgetStatuses()
    }

    // MARK: transactions

    func transaction(_ txid: Txid) throws(SQLiteError) -> StoredTransaction? {
        try database.rows("SELECT raw, height, position FROM transactions WHERE txid = ?", [.blob(txid.bytes)]) { row in
            StoredTransaction(txid: txid, raw: row.blob(0), height: row.int(1), position: row.isNull(2) ? nil : row.int(2))
        }.first
    }

    func transactions() throws(SQLiteError) -> [StoredTransaction] {
        try database.rows("SELECT txid, raw, height, position FROM transactions") { row in
            StoredTransaction(txid: Txid(bytes: row.blob(0)) ?? Txid(.zero), raw: row.blob(1), height: row.int(2),
                              position: row.isNull(3) ? nil : row.int(3))
        }
    }

    func save(_ transaction: StoredTransaction) throws(SQLiteError) {
        try database.run("INSERT OR REPLACE INTO transactions(txid, raw, height, position) VALUES(?, ?, ?, ?)",
                         [.blob(transaction.txid.bytes), .blob(transaction.raw), .int(transaction.height),
                          transaction.position.map(SQLiteValue.int) ?? .null])
    }

    /// Drops transactions no history lists any more (replaced or evicted from the mempool, or reorganized away).
    func dropUnlistedTransactions() throws(SQLiteError) {
        try database.run("DELETE FROM transactions WHERE txid NOT IN (SELECT txid FROM history)")
    }
}
