import FoundationEssentials
import SovJSON
import SovPrimitives

/// The credentials sov issues to remote clients (`sov serve auth …`), kept in
/// `<data_dir>/serve/credentials.json` (mode 0600, replaced atomically with fsync, changes serialised by a
/// lock file). Only what identifies a client is stored: a token's SHA-256, a certificate's fingerprint,
/// an IP range. Revoked credentials stay in the file, marked with the time, so `list` shows them.
///
/// The file:
/// ```json
/// {
///   "version": 1,
///   "credentials": [
///     { "name": "phone", "kind": "token", "created": "2026-11-25T10:00:00Z", "token_sha256": "9f86…" },
///     { "name": "laptop", "kind": "certificate", "created": "…", "fingerprint_sha256": "AB:CD:…" },
///     { "name": "lan", "kind": "ip", "created": "…", "cidr": "192.168.1.0/24", "revoked": "…" },
///     { "name": "tablet", "kind": "onion", "created": "…", "onion": "….onion", "client_auth_x25519": "…" }
///   ]
/// }
/// ```
public struct ClientCredentialStore: Sendable {
    /// The server's folder, `<data_dir>/serve`.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The store of a server with `configuration`: in its `serveDirectory`.
    public init(configuration: ServerConfiguration) {
        self.init(directory: configuration.serveDirectory)
    }

    /// `<serve>/credentials.json`.
    public var path: String { directory + "/credentials.json" }
    /// `<serve>/client-ca`: the client certificate authority.
    public var certificateAuthorityDirectory: String { directory + "/client-ca" }
    private var lockPath: String { directory + "/.credentials.lock" }

    /// The prefix of every token sov issues.
    public static let tokenPrefix = "sov_"

    /// The SHA-256 of a token's text, lowercase hex: what the store keeps.
    public static func tokenDigest(_ token: String) -> String {
        Hashes.sha256(Array(token.utf8)).hex
    }

    // MARK: Reading

    /// Every credential, revoked ones included, in the order issued; none when the file does not exist.
    public func list() throws(CredentialStoreError) -> [ClientCredential] {
        try Self.read(path)
    }

    /// Reads a credential file; a missing file is an empty store, anything malformed an error naming it.
    static func read(_ path: String) throws(CredentialStoreError) -> [ClientCredential] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else { throw CredentialStoreError("\(path): cannot read the credential store") }
        func invalid(_ why: String) -> CredentialStoreError {
            CredentialStoreError("\(path): not a valid credential store: \(why) (fix or remove the file, then issue the credentials again)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw invalid("not UTF-8 text") }
        let root: JSONValue
        do {
            root = try JSONParser.parse(text)
        } catch {
            throw invalid(error.description)
        }
        guard let object = root.objectValue else { throw invalid("expected a JSON object") }
        guard object["version"]?.intValue == 1 else { throw invalid("expected \"version\": 1") }
        guard let entries = object["credentials"]?.arrayValue else { throw invalid("expected a \"credentials\" array") }
        var credentials: [ClientCredential] = []
        for (index, entry) in entries.enumerated() {
            let at = "credential \(index + 1)"
            guard let fields = entry.objectValue else { throw invalid("\(at) is not an object") }
            guard let name = fields["name"]?.stringValue, ClientCredential.isValidName(name) else { throw invalid("\(at) has no valid \"name\"") }
            guard let kindText = fields["kind"]?.stringValue, let kind = ClientCredential.Kind(rawValue: kindText) else {
                throw invalid("\(at) (\(name)) has no valid \"kind\" (token, certificate, ip, enrolment or onion)")
            }
            guard let created = fields["created"]?.stringValue.flatMap(parseDate) else { throw invalid("\(at) (\(name)) has no valid \"created\" time") }
            var revoked: Date?
            if let value = fields["revoked"], !value.isNull {
                guard let date = value.stringValue.flatMap(parseDate) else { throw invalid("\(at) (\(name)) has an invalid \"revoked\" time") }
                revoked = date
            }
            let identifier: String
            switch kind {
            case .token, .enrolment:
                guard let digest = fields["token_sha256"]?.stringValue, digest.count == 64, Hex.isHex(digest) else {
                    throw invalid("\(at) (\(name)) has no valid \"token_sha256\"")
                }
                identifier = digest.lowercased()
            case .certificate:
                guard let fingerprint = fields["fingerprint_sha256"]?.stringValue.flatMap(CertificateFingerprint.normalized) else {
                    throw invalid("\(at) (\(name)) has no valid \"fingerprint_sha256\"")
                }
                identifier = fingerprint
            case .ip:
                guard let cidr = fields["cidr"]?.stringValue, let network = try? IPNetwork(parsing: cidr) else {
                    throw invalid("\(at) (\(name)) has no valid \"cidr\"")
                }
                identifier = network.description
            case .onion:
                guard let address = fields["onion"]?.stringValue, OnionAddress.isValid(address) else {
                    throw invalid("\(at) (\(name)) has no valid \"onion\" address")
                }
                identifier = address.lowercased()
            }
            var clientAuthKey: String?
            if let value = fields["client_auth_x25519"], !value.isNull {
                guard let key = value.stringValue, key.count == 52, Base32.decode(key)?.count == 32 else {
                    throw invalid("\(at) (\(name)) has an invalid \"client_auth_x25519\" key")
                }
                clientAuthKey = key
            }
            var expires: Date?
            if let value = fields["expires"], !value.isNull {
                guard let date = value.stringValue.flatMap(parseDate) else { throw invalid("\(at) (\(name)) has an invalid \"expires\" time") }
                expires = date
            }
            if kind == .enrolment, expires == nil { throw invalid("\(at) (\(name)) is an enrolment without \"expires\"") }
            credentials.append(ClientCredential(name: name, kind: kind, identifier: identifier, created: created, revoked: revoked, expires: expires,
                                                clientAuthKey: clientAuthKey))
        }
        return credentials
    }

    private func write(_ credentials: [ClientCredential]) throws(CredentialStoreError) {
        let entries: [JSONValue] = credentials.map { credential in
            var fields: [(String, JSONValue)] = [
                ("name", .string(credential.name)),
                ("kind", .string(credential.kind.rawValue)),
                ("created", .string(Self.formatDate(credential.created))),
            ]
            switch credential.kind {
            case .token, .enrolment: fields.append(("token_sha256", .string(credential.identifier)))
            case .certificate: fields.append(("fingerprint_sha256", .string(credential.identifier)))
            case .ip: fields.append(("cidr", .string(credential.identifier)))
            case .onion: fields.append(("onion", .string(credential.identifier)))
            }
            if let key = credential.clientAuthKey { fields.append(("client_auth_x25519", .string(key))) }
            if let revoked = credential.revoked { fields.append(("revoked", .string(Self.formatDate(revoked)))) }
            if let expires = credential.expires { fields.append(("expires", .string(Self.formatDate(expires)))) }
            return .object(JSONObject(fields))
        }
        let document = JSONValue.object(JSONObject([("version", .int(1)), ("credentials", .array(entries))]))
        do {
            try AtomicFile.write(document.pretty + "\n", to: path, mode: 0o600)
        } catch {
            throw CredentialStoreError("cannot save the credential store: \(error)")
        }
    }

    /// Reads, changes and writes the store under the lock, so concurrent `sov serve auth` runs do not
    /// lose each other's changes.
    private func modify<T>(_ change: (inout [ClientCredential]) throws(CredentialStoreError) -> T) throws(CredentialStoreError) -> T {
        do {
            try AtomicFile.createDirectory(directory)
        } catch {
            throw CredentialStoreError("\(error)")
        }
        return try FileLock.withExclusiveLock(lockPath) { () throws(CredentialStoreError) -> T in
            var credentials = try Self.read(path)
            let result = try change(&credentials)
            try write(credentials)
            return result
        }
    }

    private static func checkNewName(_ name: String, in credentials: [ClientCredential]) throws(CredentialStoreError) {
        guard ClientCredential.isValidName(name) else {
            throw CredentialStoreError("\"\(name)\" is not a valid credential name: use 1 to 64 of A-Z a-z 0-9 . _ @ - (not starting with .)")
        }
        if let existing = credentials.first(where: { $0.name == name && !$0.isRevoked }) {
            throw CredentialStoreError("a credential named \(name) already exists (\(existing.kind.rawValue)); revoke it first or choose another name")
        }
    }

    // MARK: Issuing and revoking

    /// A new token for `name`: 32 random bytes shown once as `sov_` + base64url. Only its SHA-256 is kept.
    public func issueToken(name: String) throws(CredentialStoreError) -> IssuedToken {
        let token = Self.newToken()
        let credential = ClientCredential(name: name, kind: .token, identifier: Self.tokenDigest(token), created: Self.now())
        try modify { (credentials: inout [ClientCredential]) throws(CredentialStoreError) in
            try Self.checkNewName(name, in: credentials)
            credentials.append(credential)
        }
        return IssuedToken(credential: credential, token: token)
    }

    private static func newToken() -> String {
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
        return tokenPrefix + Base64.encode(bytes)
            .replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }

    /// A single-use enrolment token for the device `name`, valid for `lifetime` seconds: what a `sov:pair`
    /// URI carries. Only its SHA-256 is kept; it admits nobody until redeemed (`redeemEnrolment`).
    public func issueEnrolment(name: String, lifetime: TimeInterval) throws(CredentialStoreError) -> IssuedToken {
        let token = Self.newToken()
        let created = Self.now()
        let credential = ClientCredential(name: name, kind: .enrolment, identifier: Self.tokenDigest(token), created: created,
                                          expires: created.addingTimeInterval(lifetime.rounded(.up)))
        try modify { (credentials: inout [ClientCredential]) throws(CredentialStoreError) in
            try Self.checkNewName(name, in: credentials)
            credentials.append(credential)
        }
        return IssuedToken(credential: credential, token: token)
    }

    /// Redeems an enrolment token: once, before it expires. The enrolment is marked used and a token of the
    /// same name is issued in the same write (the device's lasting credential, which never appears in a QR
    /// code). A used, expired or unknown token is refused with the reason.
    public func redeemEnrolment(token: String, now: Date = Date()) throws(CredentialStoreError) -> IssuedToken {
        let digest = Self.tokenDigest(token)
        let issued = Self.newToken()
        return try modify { (credentials: inout [ClientCredential]) throws(CredentialStoreError) -> IssuedToken in
            guard let index = credentials.firstIndex(where: { $0.kind == .enrolment && $0.identifier == digest }) else {
                throw CredentialStoreError("unknown pairing token")
            }
            guard credentials[index].revoked == nil else { throw CredentialStoreError("this pairing token was already used") }
            guard let expires = credentials[index].expires, now < expires else { throw CredentialStoreError("this pairing token has expired") }
            credentials[index].revoked = Self.now()
            let credential = ClientCredential(name: credentials[index].name, kind: .token, identifier: Self.tokenDigest(issued), created: Self.now())
            credentials.append(credential)
            return IssuedToken(credential: credential, token: issued)
        }
    }

    /// A new client certificate for `name`, signed by the client CA (created on first use). Its
    /// certificate (`NAME.crt`), key (`NAME.key`, 0600) and both in one file (`NAME.pem`, 0600) are written
    /// to `outputDirectory`, which must not hold them already; its fingerprint is stored.
    public func issueCertificate(name: String, outputDirectory: String) throws(CredentialStoreError) -> IssuedClientCertificate {
        try Self.checkNewName(name, in: try list())
        let output = outputDirectory.hasSuffix("/") && outputDirectory.count > 1 ? String(outputDirectory.dropLast()) : outputDirectory
        let certificatePath = output + "/" + name + ".crt"
        let privateKeyPath = output + "/" + name + ".key"
        let combinedPath = output + "/" + name + ".pem"
        for file in [certificatePath, privateKeyPath, combinedPath] where FileManager.default.fileExists(atPath: file) {
            throw CredentialStoreError("\(file) already exists; choose another folder or remove it")
        }
        let authority = try certificateAuthority()
        let issued: CertificateFactory.Issued
        do {
            issued = try authority.issue(name: name)
        } catch {
            throw CredentialStoreError("cannot make a client certificate for \(name): \(error)")
        }
        do {
            try AtomicFile.createDirectory(output)
            try AtomicFile.write(issued.privateKeyPEM, to: privateKeyPath, mode: 0o600)
            try AtomicFile.write(issued.certificatePEM, to: certificatePath, mode: 0o644)
            try AtomicFile.write(issued.certificatePEM + issued.privateKeyPEM, to: combinedPath, mode: 0o600)
        } catch {
            throw CredentialStoreError("cannot write the client certificate for \(name): \(error)")
        }
        let credential = ClientCredential(name: name, kind: .certificate, identifier: issued.fingerprintSHA256, created: Self.now())
        try modify { (credentials: inout [ClientCredential]) throws(CredentialStoreError) in
            try Self.checkNewName(name, in: credentials)
            credentials.append(credential)
        }
        return IssuedClientCertificate(credential: credential, certificatePath: certificatePath, privateKeyPath: privateKeyPath,
                                       combinedPath: combinedPath, certificatePEM: issued.certificatePEM)
    }

    /// Allows an IP range (`192.168.1.0/24`, `2001:db8::/48`, or one address) under `name`.
    public func allowIP(cidr: String, name: String) throws(CredentialStoreError) -> ClientCredential {
        let network: IPNetwork
        do {
            network = try IPNetwork(parsing: cidr)
        } catch {
            throw CredentialStoreError(error.reason)
        }
        let credential = ClientCredential(name: name, kind: .ip, identifier: network.description, created: Self.now())
        try modify { (credentials: inout [ClientCredential]) throws(CredentialStoreError) in
            try Self.checkNewName(name, in: credentials)
            credentials.append(credential)
        }
        return credential
    }

    /// Revokes the valid credential named `name`; a running server refuses it from its next connection.
    @discardableResult
    public func revoke(name: String) throws(CredentialStoreError) -> ClientCredential {
        try modify { (credentials: inout [ClientCredential]) throws(CredentialStoreError) -> ClientCredential in
            guard let index = credentials.firstIndex(where: { $0.name == name && !$0.isRevoked }) else {
                throw CredentialStoreError("no valid credential named \(name)")
            }
            credentials[index].revoked = Self.now()
            if credentials[index].kind == .onion {
                // The address can never come back: its key goes with it (a running server withdraws it).
                try? FileManager.default.removeItem(atPath: DeviceOnion.keyPath(address: credentials[index].identifier, serveDirectory: directory))
            }
            return credentials[index]
        }
    }

    /// Records a device's own onion address (its key already kept by `DeviceOnion.issue`).
    func addOnion(name: String, address: String, clientAuthKey: String?) throws(CredentialStoreError) -> ClientCredential {
        let credential = ClientCredential(name: name, kind: .onion, identifier: address, created: Self.now(), clientAuthKey: clientAuthKey)
        try modify { (credentials: inout [ClientCredential]) throws(CredentialStoreError) in
            try Self.checkNewName(name, in: credentials)
            credentials.append(credential)
        }
        return credential
    }

    /// Fails if `name` cannot be issued now (invalid, or taken by a valid credential).
    public func checkAvailable(name: String) throws(CredentialStoreError) {
        try Self.checkNewName(name, in: try list())
    }

    /// The client certificate authority, created on first use.
    public func certificateAuthority() throws(CredentialStoreError) -> ClientCertificateAuthority {
        try ClientCertificateAuthority.loadOrCreate(directory: certificateAuthorityDirectory)
    }

    // MARK: Dates

    /// The current time to the second, as the file keeps it.
    static func now() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }

    /// RFC 3339 UTC with seconds: `2026-11-25T10:00:00Z`.
    static func formatDate(_ date: Date) -> String {
        InternetTime.format(secondsSince1970: date.timeIntervalSince1970)
    }

    static func parseDate(_ text: String) -> Date? {
        InternetTime.parse(text).map { Date(timeIntervalSince1970: $0) }
    }
}
