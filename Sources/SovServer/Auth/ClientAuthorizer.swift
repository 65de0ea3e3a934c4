import FoundationEssentials
import NIOConcurrencyHelpers

/// Decides whether a connection may use the server, once per connection, from any event loop thread.
///
/// Loopback clients are always allowed; when `auth.required_for_remote` is false everyone is (a remote client
/// then as an anonymous, `public` client). Otherwise a
/// remote client is allowed by an `auth.allow_ips` range, by an IP range in the credential store, by a
/// valid token, or by a client certificate whose fingerprint the store holds (the TLS layer has already
/// checked that the certificate chains to sov's client CA and that the client holds its key). Revoked
/// credentials are refused.
///
/// The store is read again whenever its file changes (device, inode, size or modification time differ),
/// so `sov serve auth revoke` takes effect on a running server from the next connection. A store that
/// cannot be read grants nothing until it is fixed (loopback and `allow_ips` still work): it fails closed.
/// A decision costs one `stat` and a few hash lookups.
public final class ClientAuthorizer: Sendable {
    /// What the store granted when it was last read.
    private struct Snapshot: Sendable {
        var stamp: FileStamp?
        var tokens: [String: String] = [:]
        var certificates: [String: String] = [:]
        var networks: [(network: IPNetwork, name: String)] = []
        var failure: String?
        var loaded = false
    }

    /// Whether remote clients need a credential.
    public let requiredForRemote: Bool
    /// Ranges allowed by the configuration (`auth.allow_ips`).
    public let allowedNetworks: [IPNetwork]
    /// The credential store; nil: configuration ranges only.
    public let store: ClientCredentialStore?
    private let snapshot = NIOLockedValueBox(Snapshot())

    public init(requiredForRemote: Bool, allowedNetworks: [IPNetwork], store: ClientCredentialStore?) {
        self.requiredForRemote = requiredForRemote
        self.allowedNetworks = allowedNetworks
        self.store = store
    }

    /// The authorizer of a server with `configuration`: its `[auth]` settings and its credential store.
    public convenience init(configuration: ServerConfiguration) {
        self.init(requiredForRemote: configuration.authRequiredForRemote, allowedNetworks: configuration.authAllowIPs,
                  store: ClientCredentialStore(configuration: configuration))
    }

    /// Decides about a connection from `remoteIP` (textual, IPv4, IPv6 or IPv4-mapped IPv6).
    /// `isLoopback` is what the transport knows; a loopback `remoteIP` counts as loopback too.
    /// `clientCertificateFingerprint` is the SHA-256 fingerprint of the certificate the client presented
    /// over TLS (any common hex form), `token` what it sent as its token.
    public func decide(remoteIP: String, isLoopback: Bool, clientCertificateFingerprint: String?, token: String?) -> ClientAuthorization {
        let address = IPAddress(remoteIP)
        if isLoopback || address?.isLoopback == true { return .allowed(reason: "loopback client") }
        guard requiredForRemote else { return .anonymous(reason: "authentication is not required (auth.required_for_remote = false)") }
        if let address, let network = allowedNetworks.first(where: { $0.contains(address) }) {
            return .allowed(reason: "\(address.unmapped) is in auth.allow_ips \(network)")
        }
        guard store != nil else { return .refused(reason: "authentication required for remote clients: \(remoteIP) is not in auth.allow_ips") }

        let current = currentSnapshot()
        if let failure = current.failure {
            return .refused(reason: "authentication required for remote clients, and the credential store is unusable: \(failure)")
        }
        if let address, let entry = current.networks.first(where: { $0.network.contains(address) }) {
            return .allowed(reason: "\(address.unmapped) is in the allowed range \(entry.name) (\(entry.network))")
        }
        var problems: [String] = []
        if let token, !token.isEmpty {
            if let name = current.tokens[ClientCredentialStore.tokenDigest(token)] { return .allowed(reason: "token \(name)") }
            problems.append("unknown or revoked token")
        }
        if let presented = clientCertificateFingerprint {
            if let fingerprint = CertificateFingerprint.normalized(presented), let name = current.certificates[fingerprint] {
                return .allowed(reason: "client certificate \(name)")
            }
            problems.append("unknown or revoked client certificate")
        }
        if problems.isEmpty { problems.append("no token or client certificate presented, and \(remoteIP) is not an allowed address") }
        return .refused(reason: "authentication required for remote clients: " + problems.joined(separator: ", "))
    }

    /// The store as of its file's current version, read again if the file changed since last time.
    private func currentSnapshot() -> Snapshot {
        guard let store else { return Snapshot() }
        let stamp = FileStamp(path: store.path)
        let cached = snapshot.withLockedValue { $0 }
        if cached.loaded && cached.stamp == stamp { return cached }
        // Read outside the lock; a change racing with the read is seen at the next call (new stamp).
        var fresh = Snapshot(stamp: stamp, loaded: true)
        do {
            for credential in try ClientCredentialStore.read(store.path) where !credential.isRevoked {
                switch credential.kind {
                case .token: fresh.tokens[credential.identifier] = credential.name
                case .certificate: fresh.certificates[credential.identifier] = credential.name
                case .ip:
                    if let network = try? IPNetwork(parsing: credential.identifier) { fresh.networks.append((network, credential.name)) }
                case .enrolment:
                    break  // admits nobody: it is only redeemed (sov.pair.redeem)
                case .onion:
                    break  // admits by being reachable: its clients arrive from Tor on loopback
                }
            }
        } catch {
            fresh = Snapshot(stamp: stamp, failure: error.message, loaded: true)
        }
        snapshot.withLockedValue { $0 = fresh }
        return fresh
    }

    /// Reads the store now if its file changed (the server may call it at start to report a bad store).
    /// Returns the problem with the store, if any.
    @discardableResult
    public func reload() -> String? {
        currentSnapshot().failure
    }
}
