import FoundationEssentials
import SovDescriptors
import SovKeys
import SovElectrumClient
import SovPrimitives
import Glibc

/// A descriptor wallet kept in one SQLite file, `<directory>/<name>.sqlite`.
///
/// ```swift
/// let keychains = try WalletKeychains.account(mnemonic: try Mnemonic(phrase), passphrase: "", type: .wpkh,
///                                             account: 0, network: .regtest)
/// let wallet = try Wallet.create(name: "alice", in: directory, keychains: keychains)
/// let client = try await ElectrumClient.connect(to: ElectrumServerAddress(parsing: "127.0.0.1:60401:t"))
/// let report = try await wallet.sync(client: client, server: "127.0.0.1:60401:t")
/// print(try wallet.balance().confirmed, report.proofsVerified)
/// ```
///
/// A wallet is used by one task at a time (it is not `Sendable`); its file may be opened by several processes,
/// SQLite serializing their writes.
public final class Wallet {
    public let name: String
    public let keychains: WalletKeychains
    /// Unused scripts that must follow the last used one on each keychain before a sync stops deriving.
    public let gapLimit: Int
    /// How the wallet was made: `descriptor`, or `mnemonic <type> account <n>`.
    public let origin: String
    let store: WalletStore

    public var network: Network { keychains.network }
    public var path: String { store.path }

    /// The default gap limit (BIP44's, and Electrum's and BDK's).
    public static let defaultGapLimit = 20

    private init(name: String, store: WalletStore) throws(WalletError) {
        self.name = name
        self.store = store
        let (descriptors, network, gap, origin) = try store.read {
            (try store.descriptors(), try store.meta("network"), try store.meta("gap_limit"), try store.meta("origin"))
        }
        guard let network = network.flatMap(Network.init(rawValue:)), let external = descriptors.first(where: { $0.0 == .external }) else {
            throw .unsupportedFile(path: store.path, reason: "no network or descriptor recorded")
        }
        do {
            keychains = try WalletKeychains(external: try Descriptor(external.1, network: network),
                                            internal: try descriptors.first { $0.0 == .internal }.map { try Descriptor($0.1, network: network) })
        } catch let error as WalletError {
            throw error
        } catch {
            throw .unsupportedFile(path: store.path, reason: "unreadable descriptor: \(error)")
        }
        gapLimit = gap.flatMap(Int.init) ?? Self.defaultGapLimit
        self.origin = origin ?? "descriptor"
    }

    /// Whether `name` can name a wallet: 1–64 of `A–Z a–z 0–9 . _ -`, starting with a letter or digit.
    public static func isValidName(_ name: String) -> Bool {
        guard (1...64).contains(name.utf8.count), let first = name.unicodeScalars.first,
              first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    static func file(_ name: String, in directory: String) -> String { directory + "/" + name + ".sqlite" }

    /// The sealed key file beside the wallet file at `path` (`<name>.keys`; present only with `--keep-keys`).
    static func keyFile(forWalletAt path: String) -> String { String(path.dropLast(".sqlite".count)) + ".keys" }

    /// Creates the wallet `name` in `directory` (made if missing, mode 0700). The file appears whole or not at
    /// all: it is written under a temporary name and renamed.
    public static func create(name: String, in directory: String, keychains: WalletKeychains, gapLimit: Int = defaultGapLimit,
                              origin: String = "descriptor") throws(WalletError) -> Wallet {
        guard isValidName(name) else { throw .invalidName(name) }
        let path = file(name, in: directory)
        let manager = FileManager.default
        guard !manager.fileExists(atPath: path) else { throw .alreadyExists(name: name) }
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .storage(path: directory, reason: "cannot create the directory: \(systemErrorText(error))")
        }
        let temporary = directory + "/." + name + ".sqlite.creating-\(getpid())"
        for suffix in ["", "-wal", "-shm", "-journal"] { try? manager.removeItem(atPath: temporary + suffix) }
        do throws(WalletError) {
            _ = try WalletStore.create(path: temporary, keychains: keychains, gapLimit: gapLimit, origin: origin,
                                       created: Int(Date().timeIntervalSince1970))
        } catch {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? manager.removeItem(atPath: temporary + suffix) }
            throw error
        }
        chmod(temporary, 0o600)
        // link(2) fails when the name exists: two creations racing cannot overwrite each other.
        guard link(temporary, path) == 0 else {
            let code = errno
            try? manager.removeItem(atPath: temporary)
            if code == EEXIST { throw .alreadyExists(name: name) }
            throw .storage(path: path, reason: String(cString: strerror(code)))
        }
        try? manager.removeItem(atPath: temporary)
        return try open(name: name, in: directory)
    }

    /// Opens the wallet `name` in `directory`.
    public static func open(name: String, in directory: String) throws(WalletError) -> Wallet {
        guard isValidName(name) else { throw .invalidName(name) }
        let path = file(name, in: directory)
        guard FileManager.default.fileExists(atPath: path) else { throw .notFound(name: name) }
        return try Wallet(name: name, store: try WalletStore.open(path: path))
    }

    /// The names of the wallets in `directory`, sorted.
    public static func names(in directory: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".sqlite") && !$0.hasPrefix(".") }.map { String($0.dropLast(7)) }.filter(isValidName).sorted()
    }

    /// Deletes the wallet `name` (its file and SQLite's side files).
    public static func delete(name: String, in directory: String) throws(WalletError) {
        guard isValidName(name) else { throw .invalidName(name) }
        let path = file(name, in: directory)
        guard FileManager.default.fileExists(atPath: path) else { throw .notFound(name: name) }
        // The key file first: a wallet half deleted must not leave its keys behind.
        for file in [keyFile(forWalletAt: path)] + ["-wal", "-shm", "-journal", ""].map({ path + $0 }) {
            guard FileManager.default.fileExists(atPath: file) else { continue }
            do { try FileManager.default.removeItem(atPath: file) } catch {
                throw .storage(path: file, reason: systemErrorText(error))
            }
        }
    }

    // MARK: - Sync

    /// Syncs from the server behind `client` (see `WalletSynchronizer`); `server` names it in reports and errors.
    public func sync(client: ElectrumClient, server: String, now: Date = Date(),
                     progress: @escaping @Sendable (SyncProgress) -> Void = { _ in }) async throws(WalletError) -> SyncReport {
        let validator = HeaderValidator(parameters: .of(network), now: UInt32(clamping: Int(now.timeIntervalSince1970)))
        return try await WalletSynchronizer(store: store, keychains: keychains, gapLimit: gapLimit, calls: ServerCalls(client: client, server: server),
                                            validator: validator, progress: progress).run()
    }

    // MARK: - State

    /// The validated chain's tip, or nil before the first sync.
    public func tip() throws(WalletError) -> WalletTip? {
        try store.read {
            guard let height = try store.tipHeight(), let header = try store.header(at: height) else { return nil }
            return WalletTip(height: height, hash: header.hash)
        }
    }

    /// The server this wallet is paired with, if any.
    public func pairing() throws(WalletError) -> ServerPairing? {
        try store.read {
            guard let server = try store.meta("paired_server"), let fingerprint = try store.meta("paired_fingerprint"),
                  let device = try store.meta("paired_device"), let token = try store.meta("paired_token") else { return nil }
            return ServerPairing(server: server, fingerprint: fingerprint, device: device, token: token)
        }
    }

    /// Records the pairing (replacing an earlier one) in one transaction.
    public func setPairing(_ pairing: ServerPairing) throws(WalletError) {
        try store.write {
            try store.setMeta("paired_server", pairing.server)
            try store.setMeta("paired_fingerprint", pairing.fingerprint)
            try store.setMeta("paired_device", pairing.device)
            try store.setMeta("paired_token", pairing.token)
        }
    }

    /// The server of the last successful sync, and when it ended (seconds since 1970).
    public func lastSync() throws(WalletError) -> LastSync? {
        try store.read {
            guard let server = try store.meta("last_server"), let time = try store.meta("last_sync").flatMap(Int.init) else { return nil }
            return LastSync(server: server, time: time)
        }
    }

    /// The address (or, for scripts without one, nil) and script of `keychain` at `index`; without an index, the
    /// first script of that keychain the last sync saw unused.
    public func address(_ keychain: Keychain, index: Int? = nil) throws(WalletError) -> WalletAddress {
        let chosen: Int
        if let index {
            guard index >= 0, index < Int(DerivationPath.hardenedBit) else { throw .indexOutOfRange(index) }
            chosen = keychains.isRanged ? index : 0
        } else if keychains.isRanged {
            let scripts = try store.read { try store.scripts() }.filter { $0.keychain == keychain }
            chosen = scripts.first { $0.status == nil }?.index ?? ((scripts.map(\.index).max() ?? -1) + 1)
        } else {
            chosen = 0
        }
        let script = try keychains.script(keychain, index: UInt32(chosen))
        return WalletAddress(keychain: keychain, index: chosen, script: script, address: Address(script: script)?.encoded(for: network))
    }

    /// Counts of what the wallet holds: scripts derived and used, transactions.
    public func counts() throws(WalletError) -> WalletCounts {
        try store.read {
            let scripts = try store.scripts()
            return WalletCounts(scripts: scripts.count, usedScripts: scripts.filter { $0.status != nil }.count,
                                transactions: try store.transactions().count)
        }
    }

    /// The wallet's transactions, parsed, with what they did: computed from the verified transactions alone.
    func ledger() throws(WalletError) -> WalletLedger {
        let (scripts, stored) = try store.read { (try store.scripts(), try store.transactions()) }
        let tip = try tip()?.height ?? 0
        var headerTimes: [Int: UInt32] = [:]
        for height in Set(stored.map(\.height)) where height > 0 {
            if let header = try store.read({ try store.header(at: height) }) { headerTimes[height] = header.time }
        }
        return try WalletLedger(scripts: scripts, transactions: stored, tipHeight: tip, blockTimes: headerTimes, path: store.path)
    }

    public func balance() throws(WalletError) -> WalletBalance { try ledger().balance }
    public func unspentOutputs() throws(WalletError) -> [WalletOutput] { try ledger().unspent }
    public func history() throws(WalletError) -> [WalletTransaction] { try ledger().history }

    /// One of the wallet's transactions: what it did to the balance, its bytes, and which of its inputs spend
    /// and which of its outputs are the wallet's.
    public func transaction(_ txid: Txid) throws(WalletError) -> WalletTransactionDetail {
        let ledger = try ledger()
        guard let summary = ledger.history.first(where: { $0.txid == txid }), let (stored, transaction) = ledger.transactions[txid] else {
            throw .unknownTransaction(txid)
        }
        return WalletTransactionDetail(summary: summary, transaction: transaction, raw: stored.raw,
                                       spent: transaction.inputs.map { ledger.outputs[$0.previousOutput] },
                                       paid: transaction.outputs.indices.map { ledger.outputs[OutPoint(txid: txid, index: UInt32($0))] })
    }
}
