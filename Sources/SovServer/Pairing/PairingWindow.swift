import FoundationEssentials
import SovJSON
import SovPrimitives
import Glibc

/// A pairing window for wallets that cannot carry a credential (Electrum, BlueWallet, Sparrow…): while it is
/// open, a remote address the server does not know that connects and speaks first is recorded as waiting,
/// and refused; the owner confirms it at the terminal of `sov pair --window`, which allows exactly that
/// address under the device's name, so the wallet's next attempt is served.
///
/// It lives in `<data-dir>/serve/pairing-window.json` (0600), rewritten atomically under a lock, so the
/// server and `sov pair` (two processes) share it. At most `maximumWaiting` addresses are kept: strangers
/// knocking during the window cannot grow it.
public struct PairingWindow: Sendable, Equatable {
    public struct Waiting: Sendable, Equatable {
        public var address: String
        public var firstSeen: Date
    }

    /// The device name the confirmed address is allowed under.
    public var name: String
    public var expires: Date
    public var waiting: [Waiting]

    public static let maximumWaiting = 8
    public static let fileName = "pairing-window.json"

    public static func path(serveDirectory: String) -> String { serveDirectory + "/" + fileName }

    /// Opens (or replaces) the window.
    public static func open(serveDirectory: String, name: String, lifetime: TimeInterval, now: Date = Date()) throws(CredentialStoreError) -> PairingWindow {
        let window = PairingWindow(name: name, expires: now.addingTimeInterval(lifetime), waiting: [])
        try locked(serveDirectory) { () throws(CredentialStoreError) in try window.write(serveDirectory: serveDirectory) }
        return window
    }

    /// The open window, nil when there is none (or it has expired).
    public static func current(serveDirectory: String, now: Date = Date()) -> PairingWindow? {
        let path = path(serveDirectory: serveDirectory)
        guard let data = FileManager.default.contents(atPath: path), data.count < 64 << 10,
              let root = try? JSONParser.parse(String(decoding: data, as: UTF8.self)).objectValue,
              let name = root["name"]?.stringValue, let expiresAt = root["expires"]?.intValue else { return nil }
        let expires = Date(timeIntervalSince1970: TimeInterval(expiresAt))
        guard now < expires else { return nil }
        let waiting = (root["waiting"]?.arrayValue ?? []).compactMap { entry -> Waiting? in
            guard let address = entry["address"]?.stringValue, let seen = entry["first_seen"]?.intValue else { return nil }
            return Waiting(address: address, firstSeen: Date(timeIntervalSince1970: TimeInterval(seen)))
        }
        return PairingWindow(name: name, expires: expires, waiting: waiting)
    }

    /// Records `address` as waiting when a window is open; false when none is (nothing is written). A cheap
    /// `stat` decides the common case, so refused strangers cost no file reads outside a window.
    public static func knock(serveDirectory: String, address: String, now: Date = Date()) -> Bool {
        guard FileManager.default.fileExists(atPath: path(serveDirectory: serveDirectory)) else { return false }
        return (try? locked(serveDirectory) { () throws(CredentialStoreError) -> Bool in
            guard var window = current(serveDirectory: serveDirectory, now: now) else { return false }
            if !window.waiting.contains(where: { $0.address == address }), window.waiting.count < maximumWaiting {
                window.waiting.append(Waiting(address: address, firstSeen: now))
                try window.write(serveDirectory: serveDirectory)
            }
            return true
        }) ?? false
    }

    /// Closes the window (after a confirmation, a refusal or its end).
    public static func close(serveDirectory: String) {
        try? locked(serveDirectory) { () throws(CredentialStoreError) in
            _ = unlink(path(serveDirectory: serveDirectory))
        }
    }

    private func write(serveDirectory: String) throws(CredentialStoreError) {
        let document = JSONValue.object(JSONObject([
            ("name", .string(name)), ("expires", .int(Int(expires.timeIntervalSince1970))),
            ("waiting", .array(waiting.map { .object(JSONObject([("address", .string($0.address)), ("first_seen", .int(Int($0.firstSeen.timeIntervalSince1970)))])) })),
        ]))
        do {
            try AtomicFile.createDirectory(serveDirectory)
            try AtomicFile.write(document.pretty + "\n", to: Self.path(serveDirectory: serveDirectory), mode: 0o600)
        } catch {
            throw CredentialStoreError("cannot write the pairing window: \(error)")
        }
    }

    private static func locked<T>(_ serveDirectory: String, _ body: () throws(CredentialStoreError) -> T) throws(CredentialStoreError) -> T {
        do {
            try AtomicFile.createDirectory(serveDirectory)
        } catch {
            throw CredentialStoreError("\(error)")
        }
        return try FileLock.withExclusiveLock(serveDirectory + "/.pairing.lock", body)
    }
}
