import ArgumentParser
import FoundationEssentials
import SovIndex
import SovJSON
import SovPrimitives
import SovServer
import Glibc

struct ServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Run sov serve as a system service.",
        subcommands: [ServiceInstallCommand.self]
    )
}

struct ServiceInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Write a systemd unit that runs 'sov serve' as a user, hardened, and say how to enable it.",
        discussion: reflowed("""
            The unit runs this sov binary (--binary) as --user with the network, data directory and
            configuration file given here (the server's other settings belong in that file, <data-dir>/sov.toml
            by default). It restarts sov after a failure, stops it with SIGTERM, and confines it: no new
            privileges, no capabilities, a private /tmp, the system read-only and home folders read-only except
            the data directory, only Unix and IP sockets, no namespaces or realtime scheduling. With --tor the
            user must be in the debian-tor group (to read tor's cookie); the unit orders sov after tor.

            The unit is written to --output (default /etc/systemd/system/sov.service, or sov-<network>.service
            for networks other than main); --output - prints it. Nothing is enabled or started: the command
            prints the systemctl lines to do it. --json prints {"unit", "path", "user", "commands"}.

            Exit status: 0 success, 64 usage error, 73 the unit file cannot be written (run as root for
            /etc/systemd/system, or give --output).
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var index: IndexOptions

    @Option(name: .long, help: ArgumentHelp("The user the service runs as (default: the invoking user, SUDO_USER when run with sudo).", valueName: "name"))
    var user: String?

    @Option(name: .long, help: ArgumentHelp("The configuration file the service reads (default <data-dir>/sov.toml when present).", valueName: "path"), completion: .file(extensions: ["toml"]))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("The sov executable the unit runs (default: this one).", valueName: "path"), completion: .file())
    var binary: String?

    @Flag(name: .long, help: "Publish the server as an onion service (adds --tor, orders the unit after tor).")
    var tor = false

    @Option(name: .long, help: ArgumentHelp("Where to write the unit (- for standard output).", valueName: "file"), completion: .file())
    var output: String?

    func run() throws {
        let network = try global.resolvedNetwork()
        let environment = ProcessInfo.processInfo.environment
        let account = user ?? environment["SUDO_USER"] ?? environment["USER"] ?? "root"
        guard !account.isEmpty, account.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw fail("--user '\(account)' is not a user name", status: ExitStatus.usage)
        }
        guard let entry = getpwnam(account) else {
            throw fail("no user named '\(account)' on this machine (create one, e.g. adduser --system --group sov)", status: ExitStatus.usage)
        }
        let home = String(cString: entry.pointee.pw_dir)
        let dataDirectory = index.dataDir.map { Self.absolute($0) } ?? IndexLocation.defaultDataDirectory(network: network, home: home)
        let executable = binary.map(Self.absolute) ?? Self.runningExecutable()
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw fail("\(executable) is not an executable: give --binary", status: ExitStatus.usage)
        }
        var command = [executable, "serve", "--network", network.rawValue, "--data-dir", dataDirectory]
        if let blocks = index.blocksDir { command += ["--blocks-dir", Self.absolute(blocks)] }
        if index.noNode { command.append("--no-node") }
        if let config { command += ["--config", Self.absolute(config)] }
        if tor { command.append("--tor") }
        let name = network == .main ? "sov" : "sov-\(network.rawValue)"
        let unit = Self.unit(description: "sov: Electrum server for your own Bitcoin node (\(network.rawValue))", user: account,
                             command: command, dataDirectory: dataDirectory, tor: tor)
        let path = output ?? "/etc/systemd/system/\(name).service"
        let commands = ["systemctl daemon-reload", "systemctl enable --now \(name)", "journalctl -u \(name) -f"]
        if path == "-" {
            Output.write(unit)
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(unit.utf8), attributes: [.posixPermissions: 0o644]) else {
            throw fail("cannot write \(path): \(String(cString: strerror(errno))) (run as root, or give --output)", status: ExitStatus.cannotCreate)
        }
        if global.json {
            Output.write(JSONValue.object(JSONObject([("unit", .string(name + ".service")), ("path", .string(path)), ("user", .string(account)),
                                                      ("commands", .array(commands.map(JSONValue.string)))])).compact + "\n")
        } else if !global.quiet {
            Output.write("wrote \(path) (runs as \(account), data in \(dataDirectory)); enable and start it with:\n"
                         + commands.map { "  " + $0 + "\n" }.joined())
        }
    }

    static func unit(description: String, user: String, command: [String], dataDirectory: String, tor: Bool) -> String {
        func quoted(_ word: String) -> String {
            word.contains(where: { $0 == " " || $0 == "\"" || $0 == "\\" || $0 == "%" || $0 == "$" })
                ? "\"" + word.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
                    .replacing("%", with: "%%").replacing("$", with: "$$") + "\""
                : word
        }
        return """
            # Written by sov service install. Enable with: systemctl daemon-reload && systemctl enable --now <this unit>
            [Unit]
            Description=\(description)
            Documentation=man:sov-serve(1)
            After=network-online.target bitcoind.service\(tor ? " tor.service" : "")
            Wants=network-online.target

            [Service]
            Type=simple
            User=\(user)
            ExecStart=\(command.map(quoted).joined(separator: " "))
            Restart=on-failure
            RestartSec=5
            KillSignal=SIGTERM
            TimeoutStopSec=60
            UMask=0077
            NoNewPrivileges=yes
            CapabilityBoundingSet=
            PrivateTmp=yes
            PrivateDevices=yes
            ProtectSystem=strict
            ProtectHome=read-only
            ReadWritePaths=\(quoted(dataDirectory))
            ProtectKernelTunables=yes
            ProtectKernelModules=yes
            ProtectKernelLogs=yes
            ProtectControlGroups=yes
            ProtectClock=yes
            ProtectHostname=yes
            RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
            RestrictNamespaces=yes
            RestrictRealtime=yes
            RestrictSUIDSGID=yes
            LockPersonality=yes
            MemoryDenyWriteExecute=yes
            SystemCallArchitectures=native

            [Install]
            WantedBy=multi-user.target

            """
    }

    static func absolute(_ path: String) -> String {
        let expanded = path.hasPrefix("~/") ? (ProcessInfo.processInfo.environment["HOME"] ?? "") + path.dropFirst(1) : path
        return expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
    }

    /// This process's executable, resolved (`/proc/self/exe`).
    static func runningExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : absolute(CommandLine.arguments[0])
    }
}
