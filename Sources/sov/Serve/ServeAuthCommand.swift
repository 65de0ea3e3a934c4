import ArgumentParser
import FoundationEssentials
import SovPrimitives
import SovJSON
import SovServer

struct ServeAuthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth",
        abstract: "Issue and revoke what lets clients not on this machine use the server.",
        discussion: reflowed("""
            Credentials live in <data-dir>/serve/credentials.json (default data dir ~/.sov/<network>); a running
            server sees changes at the next connection. Kinds:
              token        for sov's own client: sent with server.authenticate, or as
                           "Authorization: Bearer TOKEN" on a WebSocket. Shown once; only its hash is kept.
              certificate  a TLS client certificate signed by the server's own client CA, for wallets that
                           can present one (the certificate and key are written to --out).
              ip           an address or CIDR range whose clients are served as they are (for standard
                           Electrum wallets on your own network).
              enrolment    a single-use pairing token in a 'sov pair --device' code; redeemed once, before
                           it expires, for a token of the same name (the device's own credential).
              onion        an onion address of the device's own ('sov pair --onion'), published by 'sov serve
                           --tor'; revoking it withdraws the address and deletes its key.
            Exit status: 0 success, 64 usage error, 65 unreadable or inconsistent credential store.
            """),
        subcommands: [ServeAuthTokenCommand.self, ServeAuthCertificateCommand.self, ServeAuthAllowIPCommand.self,
                      ServeAuthListCommand.self, ServeAuthRevokeCommand.self]
    )
}

/// Where the credential store is: `<data-dir>/serve`. The options are the same properties as `sov serve`'s
/// own (`global`, `index`), so they are understood before or after the subcommand's name.
struct ServeAuthOptions {
    let global: GlobalOptions
    let index: IndexOptions

    func store() throws -> ClientCredentialStore {
        let network = try global.resolvedNetwork()
        return ClientCredentialStore(directory: index.location(network: network).dataDirectory + "/serve")
    }

    func run<T>(_ body: (ClientCredentialStore) throws -> T) throws -> T {
        do {
            return try body(try store())
        } catch let e as CredentialStoreError {
            throw fail("\(e)", status: ExitStatus.dataError)
        }
    }

    func print(_ credential: ClientCredential, extra: [(String, JSONValue)] = []) {
        if global.json {
            Output.write(JSONValue.object(JSONObject([("name", .string(credential.name)), ("kind", .string(credential.kind.rawValue)),
                                                      ("id", .string(credential.fingerprintPrefix)),
                                                      ("created", .string(InternetTime.format(secondsSince1970: credential.created.timeIntervalSince1970)))] + extra)).pretty + "\n")
        }
    }
}

struct ServeAuthTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Issue a token for a client (printed once).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var index: IndexOptions
    var options: ServeAuthOptions { ServeAuthOptions(global: global, index: index) }
    @Argument(help: ArgumentHelp("A name for the client (letters, digits, - _ .).", valueName: "name")) var name: String

    func run() throws {
        let issued = try options.run { try $0.issueToken(name: name) }
        if options.global.json { options.print(issued.credential, extra: [("token", .string(issued.token))]); return }
        Output.write(issued.token + "\n")
        if !options.global.quiet {
            StandardStreams.writeError("sov: token '\(name)' issued; it is shown only now. Revoke it with: sov serve auth revoke \(name)\n")
        }
    }
}

struct ServeAuthCertificateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "certificate", abstract: "Issue a TLS client certificate signed by the server's client CA.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var index: IndexOptions
    var options: ServeAuthOptions { ServeAuthOptions(global: global, index: index) }
    @Argument(help: ArgumentHelp("A name for the client.", valueName: "name")) var name: String
    @Option(name: .long, help: ArgumentHelp("Where to write NAME.crt, NAME.key and NAME.pem (default: the current directory).", valueName: "dir"))
    var out: String = "."

    func run() throws {
        let issued = try options.run { try $0.issueCertificate(name: name, outputDirectory: out) }
        if options.global.json {
            options.print(issued.credential, extra: [("certificate", .string(issued.certificatePath)), ("key", .string(issued.privateKeyPath)),
                                                     ("combined", .string(issued.combinedPath))])
            return
        }
        Output.write("certificate \(issued.certificatePath)\nkey         \(issued.privateKeyPath)\ncombined    \(issued.combinedPath)\n")
    }
}

struct ServeAuthAllowIPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "allow-ip", abstract: "Serve clients from an address or CIDR range.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var index: IndexOptions
    var options: ServeAuthOptions { ServeAuthOptions(global: global, index: index) }
    @Argument(help: ArgumentHelp("An address or CIDR range, e.g. 192.168.1.0/24.", valueName: "cidr")) var cidr: String
    @Option(name: .long, help: ArgumentHelp("A name for the entry (default: the range).", valueName: "name")) var name: String?

    func run() throws {
        let entryName = name ?? cidr.replacing("/", with: "_").replacing(":", with: "-")
        let credential = try options.run { try $0.allowIP(cidr: cidr, name: entryName) }
        if options.global.json { options.print(credential); return }
        if !options.global.quiet { Output.write("allowed \(cidr) as '\(credential.name)'\n") }
    }
}

struct ServeAuthListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the credentials issued (revoked ones marked).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var index: IndexOptions
    var options: ServeAuthOptions { ServeAuthOptions(global: global, index: index) }

    func run() throws {
        let list = try options.run { try $0.list() }
        let formatter = { (date: Date) in InternetTime.format(secondsSince1970: date.timeIntervalSince1970) }
        if options.global.json {
            Output.write(JSONValue.array(list.map { c in
                .object(JSONObject([("name", .string(c.name)), ("kind", .string(c.kind.rawValue)), ("id", .string(c.fingerprintPrefix)),
                                    ("created", .string(formatter(c.created))),
                                    ("revoked", c.revoked.map { .string(formatter($0)) } ?? .null),
                                    ("expires", c.expires.map { .string(formatter($0)) } ?? .null),
                                    ("onion", c.kind == .onion ? .string(c.identifier) : .null),
                                    ("client_auth", c.kind == .onion ? .bool(c.clientAuthKey != nil) : .null)]))
            }).pretty + "\n")
            return
        }
        for c in list {
            Output.write("\(c.name.fixedWidth(20)) \(c.kind.rawValue.fixedWidth(12)) \(c.fingerprintPrefix.fixedWidth(24)) \(formatter(c.created))\(c.revoked.map { "  \(c.kind == .enrolment ? "used" : "revoked") \(formatter($0))" } ?? "")\(c.revoked == nil ? c.expires.map { "  expires \(formatter($0))" } ?? "" : "")\n")
        }
    }
}

struct ServeAuthRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a credential by name.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var index: IndexOptions
    var options: ServeAuthOptions { ServeAuthOptions(global: global, index: index) }
    @Argument(help: ArgumentHelp("The credential's name.", valueName: "name")) var name: String

    func run() throws {
        let credential = try options.run { try $0.revoke(name: name) }
        if options.global.json { options.print(credential); return }
        if !options.global.quiet { Output.write("revoked '\(credential.name)' (\(credential.kind.rawValue))\n") }
    }
}
