import Dispatch
import FoundationEssentials
import SovPrimitives
import NIOConcurrencyHelpers

/// Keeps the device onions (`DeviceOnion`) Tor publishes equal to the credential store's: every onion
/// credential not revoked, whose key is kept, is added through the server's control connection; a revoked
/// one is removed (`DEL_ONION`) within a second of `sov serve auth revoke`. The store is read again only when
/// its file changes (one `stat` a second otherwise).
///
/// `@unchecked`: the only member not `Sendable` is the dispatch timer, which is safe to resume and cancel
/// from any thread; refreshes run on its serial queue (and once in `start`, before it is resumed).
final class DeviceOnionPublisher: @unchecked Sendable {
    private struct State: Sendable {
        var stamp: FileStamp?
        var checked = false
        /// Service id → device name, as published now (or not yet withdrawn).
        var published: [String: String] = [:]
        /// Failures already logged: a failure is retried every second, and said once.
        var reported: Set<String> = []
    }

    private let controller: TorController
    private let ports: [(virtual: Int, target: String)]
    private let store: ClientCredentialStore
    private let log: @Sendable (String) -> Void
    private let state = NIOLockedValueBox(State())
    private let timer: any DispatchSourceTimer

    init(controller: TorController, ports: [(virtual: Int, target: String)], store: ClientCredentialStore, log: @escaping @Sendable (String) -> Void) {
        self.controller = controller
        self.ports = ports
        self.store = store
        self.log = log
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "sov.tor.devices"))
    }

    /// Publishes the devices now, then follows the store every second.
    func start() {
        refresh()
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [weak self] in self?.refresh() }
        timer.resume()
    }

    func stop() {
        timer.cancel()
    }

    /// The names of the devices whose onions are published, sorted.
    var devices: [String] { state.withLockedValue { $0.published.values.sorted() } }

    /// Reads the store if it changed and adds or removes onions to match.
    func refresh() {
        let stamp = FileStamp(path: store.path)
        let previous = state.withLockedValue { $0 }
        guard !previous.checked || previous.stamp != stamp else { return }
        let credentials: [ClientCredential]
        do {
            credentials = try store.list()
        } catch {
            // Fail closed: an unreadable store publishes no device.
            log("device onions withdrawn: \(error)")
            credentials = []
        }
        var wanted: [String: ClientCredential] = [:]
        for credential in credentials where credential.kind == .onion && !credential.isRevoked {
            wanted[OnionAddress.serviceID(credential.identifier)] = credential
        }
        var published = previous.published
        var reported = previous.reported
        var failed = false
        func failure(_ line: String) {
            failed = true
            if reported.insert(line).inserted { log(line) }
        }
        for (serviceID, name) in previous.published where wanted[serviceID] == nil {
            do {
                try controller.deleteOnion(serviceID: serviceID)
                log("onion of device '\(name)' withdrawn")
                published[serviceID] = nil
            } catch {
                if case .refused(_, 552, _) = error {
                    published[serviceID] = nil  // tor no longer has it
                } else {
                    // Still reachable: keep it listed and try again in a second (fail closed, never forget it).
                    failure("onion of device '\(name)' not yet withdrawn: \(error)")
                }
            }
        }
        for (serviceID, credential) in wanted.sorted(by: { $0.value.name < $1.value.name }) where published[serviceID] == nil {
            let keyPath = DeviceOnion.keyPath(address: credential.identifier, serveDirectory: store.directory)
            guard let key = (try? String(contentsOfFile: keyPath, encoding: .utf8))?.trimmingWhitespace(),
                  DeviceOnion.isKey(key) else {
                failure("onion of device '\(credential.name)' not published: its key \(keyPath) is missing or not an ED25519-V3 key")
                continue
            }
            do {
                _ = try controller.addOnion(key: key, ports: ports, clientAuth: credential.clientAuthKey.map { [$0] } ?? [])
                published[serviceID] = credential.name
            } catch {
                failure("onion of device '\(credential.name)' not published: \(error)")
            }
        }
        // After a failure the store is read again at the next tick, so the step is retried.
        state.withLockedValue { $0 = State(stamp: failed ? nil : stamp, checked: !failed, published: published, reported: reported) }
    }
}
