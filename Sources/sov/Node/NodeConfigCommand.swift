import ArgumentParser
import FoundationEssentials
import SovJSON
import SovNodeRPC
import SovPrimitives

struct NodeConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print a bitcoin.conf fragment for running sov next to the node; --write appends it after a backup.",
        discussion: reflowed("""
            The fragment turns on the RPC server, adds an rpcauth= line for a new user with a generated password
            (Core's salted HMAC-SHA256 format; the password is printed once, on standard error, and is not
            stored anywhere), and the ZMQ block notification sov index uses to follow the tip at once. For
            networks other than main the lines go in the network's [section]. With --write the fragment is
            appended to the node's bitcoin.conf after copying it to bitcoin.conf.sov-backup-<time> (a block an
            earlier --write added is replaced, not repeated); restart bitcoind to apply. --json prints {"user", "password", "rpcauth", "fragment", "written_to"}.
            Exit status: 0 success, 64 usage error, 77 bitcoin.conf or its backup cannot be read or written
            (permissions: run as the node's user).
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var node: NodeOptions

    @Option(name: .long, help: ArgumentHelp("RPC user name to create.", valueName: "name"))
    var user: String = "sov"

    @Option(name: .customLong("zmq"), help: ArgumentHelp("Address for the node's hashblock notifications.", valueName: "tcp://host:port"))
    var zmq: String = "tcp://127.0.0.1:28332"

    @Flag(name: .long, help: "Append the fragment to the node's bitcoin.conf (after a backup).")
    var write = false

    @Option(name: .customLong("conf"), help: ArgumentHelp("The bitcoin.conf to write (default <node-datadir>/bitcoin.conf).", valueName: "path"), completion: .file(extensions: ["conf"]))
    var conf: String?

    mutating func validate() throws {
        guard !user.isEmpty, user.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw ValidationError("--user may only use letters, digits, '-', '_' and '.'")
        }
        guard zmq.hasPrefix("tcp://"), !zmq.contains(where: \.isWhitespace) else { throw ValidationError("--zmq must look like tcp://127.0.0.1:28332") }
    }

    static let beginMarker = "# Added by sov "
    static let endMarker = "# End of the lines sov added."

    /// `text` without a block an earlier `sov node config --write` appended (from its first line to its end
    /// marker, or, for blocks written before the marker existed, to its `zmqpubhashblock=` line); nil when
    /// there is none.
    static func removingEarlierBlock(_ text: String) -> String? {
        var lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix(beginMarker) }) else { return nil }
        let end = lines[start...].firstIndex(of: endMarker) ?? lines[start...].firstIndex { $0.hasPrefix("zmqpubhashblock=") } ?? start
        var first = start
        if first > 0, lines[first - 1].isEmpty { first -= 1 }
        lines.removeSubrange(first...end)
        return lines.joined(separator: "\n")
    }

    static func section(for network: Network) -> String? {
        switch network {
        case .main: return nil
        case .test: return "test"
        case .testnet4: return "testnet4"
        case .signet: return "signet"
        case .regtest: return "regtest"
        }
    }

    func run() throws {
        let network = try global.resolvedNetwork()
        let auth = RPCAuth.generate(user: user)
        var lines = ["", "# Added by sov \(Sov.version) (sov node config): RPC access for sov index and sov serve."]
        if let section = Self.section(for: network) { lines.append("[\(section)]") }
        lines += ["server=1", auth.configLine, "# sov index follows new blocks as soon as the node announces them:", "zmqpubhashblock=\(zmq)",
                  Self.endMarker]
        let fragment = lines.joined(separator: "\n") + "\n"
        var writtenTo: String?
        if write {
            let home = ProcessInfo.processInfo.environment["HOME"] ?? homeDirectory()
            let path = conf ?? (node.datadir ?? home + "/.bitcoin") + "/bitcoin.conf"
            writtenTo = try append(fragment, to: path)
        }
        if global.json {
            Output.write(JSONValue.object(JSONObject([
                ("user", .string(user)), ("password", .string(auth.password)), ("rpcauth", .string(auth.configLine)),
                ("fragment", .string(fragment)), ("written_to", writtenTo.map(JSONValue.string) ?? .null),
            ])).pretty + "\n")
            return
        }
        if writtenTo == nil { Output.write(fragment) }
        var note = "password for RPC user '\(user)' (shown once, keep it safe): \(auth.password)\n"
        note += "use it with: SOV_RPC_USER=\(user) SOV_RPC_PASSWORD=<password> sov ...\n"
        if let writtenTo { note += "appended to \(writtenTo); restart bitcoind to apply\n" }
        StandardStreams.writeError(note)
    }

    /// Backs up and appends; on any failure nothing is changed.
    func append(_ fragment: String, to path: String) throws -> String {
        let fm = FileManager.default
        let directory = FilePaths.directory(of: path)
        var isDirectory = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory else {
            throw fail("no such directory \(directory): give --node-datadir or --conf", status: ExitStatus.usage)
        }
        var existing = Data()
        if fm.fileExists(atPath: path) {
            guard let data = fm.contents(atPath: path) else { throw fail("cannot read \(path)", status: ExitStatus.noPermission) }
            existing = data
            // One backup per write, even two in the same second.
            let stamp = path + ".sov-backup-\(Int(Date().timeIntervalSince1970))"
            var backup = stamp
            var counter = 1
            while fm.fileExists(atPath: backup) {
                counter += 1
                backup = stamp + "-\(counter)"
            }
            do { try data.write(to: URL(fileURLWithPath: backup), options: .withoutOverwriting) } catch {
                throw fail("cannot write the backup \(backup): \(systemErrorText(error))", status: ExitStatus.noPermission)
            }
        }
        var updated = existing
        // Written before: the new block replaces the old one (whose RPC user stops working), not a second copy.
        if let text = String(data: existing, encoding: .utf8), let without = Self.removingEarlierBlock(text) {
            updated = Data(without.utf8)
            StandardStreams.writeError("sov: replaced the lines an earlier 'sov node config --write' added to \(path)\n")
        }
        if let last = updated.last, last != 0x0a { updated.append(0x0a) }
        updated.append(Data(fragment.utf8))
        do { try updated.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw fail("cannot write \(path): \(systemErrorText(error))", status: ExitStatus.noPermission)
        }
        return path
    }
}
