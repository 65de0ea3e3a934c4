import Crypto
import FoundationEssentials
import SovPrimitives

/// An onion address of one device's own (`sov pair --onion`): a wallet that cannot carry a credential is
/// admitted by the address alone, and revoking the device (`sov serve auth revoke NAME`) withdraws it, so
/// the device is shut out while every other device keeps its own. With client authorization (Tor v3
/// `ClientAuthV3`) the address is not enough: only the holder of the x25519 key shown once can reach it.
///
/// The key is made by Tor (an `ADD_ONION NEW:ED25519-V3` removed at once) and kept in
/// `<serve>/tor/devices/<service id>.key` (mode 0600); the credential store records the address and the
/// client authorization's public key. `sov serve --tor` publishes every device onion that is not revoked.
public struct DeviceOnion: Sendable {
    public let credential: ClientCredential
    /// The line a wallet's Tor needs in its `ClientOnionAuthDir` (a file ending `.auth_private`):
    /// `<service id>:descriptor:x25519:<private key>`. Shown once, stored nowhere; nil without client authorization.
    public let clientAuthLine: String?

    /// `<serve>/tor/devices`.
    public static func directory(serveDirectory: String) -> String { serveDirectory + "/tor/devices" }

    /// Where the key of the onion `address` is kept.
    public static func keyPath(address: String, serveDirectory: String) -> String {
        directory(serveDirectory: serveDirectory) + "/" + OnionAddress.serviceID(address) + ".key"
    }

    /// Whether `text` has the form of the key tor gave (`ED25519-V3:` and Base64): what may be sent back to tor.
    static func isKey(_ text: String) -> Bool {
        guard text.hasPrefix("ED25519-V3:") else { return false }
        let body = text.dropFirst("ED25519-V3:".count)
        return !body.isEmpty && body.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "+" || $0 == "/" || $0 == "="
        }
    }

    /// Makes a new onion address for the device `name` through Tor at `control`, keeps its key and records it
    /// in `store`. `clientAuthorization`: also a client authorization key pair, the private half returned once.
    public static func issue(name: String, clientAuthorization: Bool, control: String,
                             store: ClientCredentialStore) throws(DeviceOnionError) -> DeviceOnion {
        do {
            try store.checkAvailable(name: name)
        } catch {
            throw .store(error)
        }
        let created: (serviceID: String, key: String?)
        do {
            let controller = try TorController(endpoint: control)
            defer { controller.close() }
            try controller.authenticate()
            // Tor makes the key; the service it starts is removed at once (sov serve publishes it).
            created = try controller.addOnion(key: nil, ports: [(virtual: 1, target: "127.0.0.1:1")])
            try controller.deleteOnion(serviceID: created.serviceID)
        } catch {
            throw .tor(error)
        }
        guard let key = created.key else { throw .tor(.protocolError("ADD_ONION NEW answered without PrivateKey")) }
        let address = created.serviceID + ".onion"
        let keyPath = keyPath(address: address, serveDirectory: store.directory)
        var authorization: (publicKey: String, line: String)?
        if clientAuthorization {
            let secret = Curve25519.KeyAgreement.PrivateKey()
            authorization = (Base32.encode(secret.publicKey.rawRepresentation),
                             "\(created.serviceID):descriptor:x25519:\(Base32.encode(secret.rawRepresentation))")
        }
        do {
            try AtomicFile.createDirectory(directory(serveDirectory: store.directory))
            try AtomicFile.write(key + "\n", to: keyPath, mode: 0o600)
        } catch {
            throw .keyFile(path: keyPath, reason: "\(error)")
        }
        do {
            let credential = try store.addOnion(name: name, address: address, clientAuthKey: authorization?.publicKey)
            return DeviceOnion(credential: credential, clientAuthLine: authorization?.line)
        } catch {
            try? FileManager.default.removeItem(atPath: keyPath)
            throw .store(error)
        }
    }
}

/// Why a device onion could not be made.
public enum DeviceOnionError: Error, Sendable, CustomStringConvertible {
    /// Tor could not be reached or refused.
    case tor(TorControlError)
    /// The name is taken or the credential store is unusable.
    case store(CredentialStoreError)
    /// The key could not be kept.
    case keyFile(path: String, reason: String)

    public var description: String {
        switch self {
        case let .tor(error): "tor: \(error)"
        case let .store(error): "credentials: \(error)"
        case let .keyFile(path, reason): "\(path): \(reason)"
        }
    }
}
