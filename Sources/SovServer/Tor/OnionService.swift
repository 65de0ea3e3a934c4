import FoundationEssentials
import SovPrimitives

/// The server's onion service: its listeners published through Tor's control port, under a key kept in
/// `<data-dir>/serve/tor` (mode 0600), so the address is the same after every restart. Tor removes the
/// service when this process's control connection closes.
///
/// A wallet reaching the server through Tor arrives from Tor on loopback, so it is served as the owner's:
/// the onion address itself is the credential. Give it only to your own devices, or give each device an
/// address of its own (`sov pair --onion`, `DeviceOnion`): those are published beside it, and withdrawn when
/// the device is revoked.
public final class OnionService: Sendable {
    /// `….onion`.
    public let address: String
    /// The onion ports: each listener's own port number, forwarded to where it listens.
    public let ports: [(transport: ConnectionOffer.Transport, port: Int)]
    private let controller: TorController
    private let deviceOnions: DeviceOnionPublisher?

    public static let keyFileName = "onion_v3_key"
    public static let hostnameFileName = "hostname"

    private init(address: String, ports: [(transport: ConnectionOffer.Transport, port: Int)], controller: TorController,
                 deviceOnions: DeviceOnionPublisher?) {
        self.address = address
        self.ports = ports
        self.controller = controller
        self.deviceOnions = deviceOnions
    }

    /// The devices whose own onions are published now, by name.
    public var devices: [String] { deviceOnions?.devices ?? [] }

    /// What wallets use over Tor: `address:port:t` and `:s`.
    public var offers: [ConnectionOffer] {
        ports.map { ConnectionOffer(transport: $0.transport, host: address, port: $0.port, loopbackOnly: false) }
    }

    /// Publishes `listeners` (TCP and TLS ones; bound ports) as one onion service; with `devices`, also the
    /// device onions of that credential store, followed while the server runs (`log` says what changed).
    public static func start(control: String, directory: String, listeners: [ServerListener], devices: ClientCredentialStore? = nil,
                             log: @escaping @Sendable (String) -> Void = { _ in }) throws(TorControlError) -> OnionService {
        let published = listeners.filter { $0.transport == .tcp || $0.transport == .tls }
        // The kept key goes back to tor as a command argument: only ever the form tor gave it. A damaged file is
        // an error, never replaced: a new key would be a new address, and every paired wallet would lose it.
        let keyPath = directory + "/" + keyFileName
        let existing = (try? String(contentsOfFile: keyPath, encoding: .utf8))?.trimmingWhitespace()
        if let existing, !existing.isEmpty, !DeviceOnion.isKey(existing) {
            throw .keyFile(path: keyPath, reason: "not an onion service key tor made (ED25519-V3:…); restore it from a backup, or move it away to get a new onion address (wallets paired with the old one must pair again)")
        }
        let controller = try TorController(endpoint: control)
        try controller.authenticate()
        let ports = published.map { listener -> (virtual: Int, target: String) in
            let host = IPAddress(listener.host).map { $0.isUnspecified ? ($0.family == .v4 ? "127.0.0.1" : "[::1]") : (listener.host.contains(":") ? "[\(listener.host)]" : listener.host) }
                ?? listener.host
            return (listener.port, "\(host):\(listener.port)")
        }
        let (serviceID, newKey) = try controller.addOnion(key: existing?.isEmpty == false ? existing : nil, ports: ports)
        let address = serviceID + ".onion"
        if let newKey {
            do {
                try AtomicFile.createDirectory(directory)
                try AtomicFile.write(newKey + "\n", to: keyPath, mode: 0o600)
                try AtomicFile.write(address + "\n", to: directory + "/" + hostnameFileName, mode: 0o600)
            } catch {
                throw .keyFile(path: keyPath, reason: "\(error)")
            }
        }
        let deviceOnions = devices.map { DeviceOnionPublisher(controller: controller, ports: ports, store: $0, log: log) }
        deviceOnions?.start()
        return OnionService(address: address, ports: published.map { ($0.transport == .tls ? .tls : .tcp, $0.port) }, controller: controller,
                            deviceOnions: deviceOnions)
    }

    /// The address kept from an earlier start (what `sov pair` offers without a running server).
    public static func knownAddress(directory: String) -> String? {
        (try? String(contentsOfFile: directory + "/" + hostnameFileName, encoding: .utf8))?.trimmingWhitespace()
    }

    /// Removes the service (closing the control connection).
    public func stop() {
        deviceOnions?.stop()
        _ = try? controller.deleteOnion(serviceID: String(address.dropLast(".onion".count)))
        controller.close()
    }
}
