import FoundationEssentials
import SovIndex
import SovPrimitives
import SovTOML

/// Every setting of `sov serve`, with its default, and where each effective value came from.
///
/// `load` merges four layers, later ones winning setting by setting: the defaults, the TOML file
/// (`--config PATH`, else `<data-dir>/sov.toml` when it exists), the `SOV_*` environment variables and the
/// command-line flags. The file looks like this (every key is optional):
///
/// ```toml
/// network = "main"            # SOV_NETWORK
/// data_dir = "~/.sov/main"    # SOV_DATA_DIR
/// blocks_dir = ""             # SOV_BLOCKS_DIR
/// node = ""                   # SOV_NODE (RPC URL)
/// no_node = false             # SOV_NO_NODE
/// banner = ""                 # SOV_BANNER
/// donation_address = ""       # SOV_DONATION_ADDRESS
///
/// [listen]
/// tcp = ["127.0.0.1:50001"]   # SOV_TCP (comma-separated)
/// tls = []                    # SOV_TLS
/// ws = []                     # SOV_WS
/// wss = []                    # SOV_WSS
/// metrics = ""                # SOV_METRICS ("" = off)
/// status = "127.0.0.1:60410"  # SOV_STATUS: the status page ("" = off; default: loopback, TCP port + 9)
///
/// [tls]
/// cert = ""                   # SOV_TLS_CERT (PEM; "" = generated in <data_dir>/serve/tls)
/// key = ""                    # SOV_TLS_KEY
/// hostnames = []              # SOV_TLS_HOSTNAMES (extra names in the generated certificate)
///
/// [limits]
/// max_connections = 1000      # SOV_MAX_CONNECTIONS (or SOV_LIMITS_MAX_CONNECTIONS), likewise for each limit
///
/// [limits.trusted]            # the owner's clients: loopback, allowed addresses, certificates, tokens
/// cost_budget = false         # SOV_TRUSTED_COST_BUDGET, and likewise SOV_TRUSTED_<KEY>
/// concurrent_requests = 32
///
/// [limits.public]             # anonymous remote clients (only with authentication off)
/// cost_budget = true          # SOV_PUBLIC_COST_BUDGET, and likewise SOV_PUBLIC_<KEY>
/// concurrent_requests = 4
///
/// [auth]
/// required_for_remote = true  # SOV_AUTH_REQUIRED_FOR_REMOTE
/// allow_ips = []              # SOV_AUTH_ALLOW_IPS (CIDR ranges)
///
/// [discovery]
/// mdns = true                 # SOV_MDNS: announce non-loopback listeners on the LAN (_electrum._tcp, _sov._tcp; Avahi)
///
/// [tor]
/// enabled = false             # SOV_TOR: publish the listeners as an onion service (ADD_ONION)
/// control = "/run/tor/control"  # SOV_TOR_CONTROL: tor's ControlSocket path or ControlPort HOST:PORT
/// ```
///
/// Unknown keys, values of the wrong type and bad addresses are errors of one line naming the setting
/// and where it was given. Paths in the file may start with `~/`; relative ones are relative to the
/// file's folder. An empty environment variable counts as not set. `network` and `data_dir` given in the
/// file do not change which default file is read.
public struct ServerConfiguration: Sendable, Equatable {
    // Top level: the network, the index and the node.
    public var network: Network
    /// Where sov keeps its index and the server's files (`<data_dir>/serve`).
    public var dataDirectory: String
    /// Core's blocks folder; nil: `<node-datadir>/<network>/blocks` when readable.
    public var blocksDirectory: String?
    /// The node's RPC URL; nil: `http://127.0.0.1:<the network's RPC port>`.
    public var node: String?
    /// Do not contact a node.
    public var noNode = false
    /// The text `server.banner` answers; nil: sov's own.
    public var banner: String?
    /// What `server.donation_address` answers; nil: none.
    public var donationAddress: String?

    // [listen]
    /// Plain TCP listeners.
    public var tcp: [ListenAddress]
    /// TLS listeners.
    public var tls: [ListenAddress] = []
    /// WebSocket listeners.
    public var ws: [ListenAddress] = []
    /// WebSocket-over-TLS listeners.
    public var wss: [ListenAddress] = []
    /// The Prometheus metrics listener; nil: none.
    public var metrics: ListenAddress?
    /// The status page (`/`, `/status.json`); nil: none. On loopback by default.
    public var status: ListenAddress?

    // [tls]
    /// The server certificate (PEM, may hold a chain); nil: generated in `tlsDirectory`.
    public var tlsCertificatePath: String?
    /// The server's private key (PEM); nil: generated in `tlsDirectory`.
    public var tlsKeyPath: String?
    /// Names besides localhost, 127.0.0.1 and ::1 to put in a generated certificate.
    public var tlsHostnames: [String] = []

    /// `[limits]`.
    public var limits = ServerLimits()

    // [auth]
    /// Whether clients not on loopback must be authorised (allowed IP range, token or client certificate).
    public var authRequiredForRemote = true
    /// IP ranges allowed without credentials.
    public var authAllowIPs: [IPNetwork] = []

    /// Whether to announce listeners that other machines can reach on the LAN (DNS-SD over mDNS, via Avahi).
    public var mdnsEnabled = true

    /// Whether to publish the TCP and TLS listeners as an onion service through Tor's control port.
    public var torEnabled = false
    /// Tor's control socket (a path) or port (`HOST:PORT`).
    public var torControl = "/run/tor/control"
    /// Where the onion service's key and address are kept (so the address survives restarts).
    public var torDirectory: String { serveDirectory + "/tor" }

    /// The configuration file that was read, if any.
    public private(set) var file: String?
    /// Where each setting's value came from, by dotted name (`listen.tcp`); absent means the default.
    public private(set) var sources: [String: ServerConfigurationSource] = [:]

    /// The defaults for `network`, with the data directory under `home`.
    public init(network: Network = .main, home: String) {
        self.network = network
        dataDirectory = IndexLocation.defaultDataDirectory(network: network, home: home)
        tcp = [ListenAddress(host: "127.0.0.1", port: Self.defaultTCPPort(for: network))]
        tls = [ListenAddress(host: "127.0.0.1", port: Self.defaultTCPPort(for: network) + 1)]
        status = ListenAddress(host: "127.0.0.1", port: Self.defaultStatusPort(for: network))
    }

    /// Every Electrum listener configured: TCP, TLS, WebSocket and secure WebSocket, in that order.
    public var listeners: [ServerListener] {
        tcp.map { ServerListener(.tcp, $0) } + tls.map { ServerListener(.tls, $0) }
            + ws.map { ServerListener(.ws, $0) } + wss.map { ServerListener(.wss, $0) }
    }

    /// The status page's default port: the network's Electrum TCP port + 9 (50010 on main, 60410 on regtest).
    public static func defaultStatusPort(for network: Network) -> Int { defaultTCPPort(for: network) + 9 }

    /// Electrum's customary TCP port for each network: 50001 main, 60001 testnet, 40001 testnet4,
    /// 60601 signet, 60401 regtest. TLS listens on the next port by default (50002 on main).
    public static func defaultTCPPort(for network: Network) -> Int {
        switch network {
        case .main: return 50001
        case .test: return 60001
        case .testnet4: return 40001
        case .signet: return 60601
        case .regtest: return 60401
        }
    }


    /// `<data_dir>/sov.toml`: the file read when no `--config` is given (if it exists).
    public static func defaultFile(dataDirectory: String) -> String { dataDirectory + "/sov.toml" }

    /// `<data_dir>/serve`: the server's own files.
    public var serveDirectory: String { dataDirectory + "/serve" }
    /// `<data_dir>/serve/tls`: the generated server certificate and key.
    public var tlsDirectory: String { serveDirectory + "/tls" }

    /// Where a setting's value came from.
    public func source(of name: String) -> ServerConfigurationSource { sources[name] ?? .defaultValue }

    /// The dotted names of every setting, in `--print-config` order.
    public static var settingNames: [String] { ServerSetting.all.map(\.name) }

    /// The environment variable of each setting, by dotted name.
    public static var environmentVariables: [String: String] {
        Dictionary(uniqueKeysWithValues: ServerSetting.all.map { ($0.name, $0.environment) })
    }

    /// `SOV_` and the dotted TOML name in capitals with `_` for `.`: `limits.max_batch` → `SOV_LIMITS_MAX_BATCH`,
    /// accepted beside each setting's documented variable.
    static func spelledEnvironmentName(_ name: String) -> String {
        "SOV_" + name.uppercased().replacing(".", with: "_")
    }

    /// `SOV_*` variables sov reads outside the server's settings (node credentials, test and setup helpers).
    public static let otherEnvironmentVariables: Set<String> = ["SOV_RPC_USER", "SOV_RPC_PASSWORD", "SOV_BITCOIND", "SOV_PEERS_VENV"]

    /// The `SOV_*` variables in `environment` that name nothing sov reads, each with the variable it may have
    /// meant: a typo would otherwise be ignored without a word.
    public static func unknownEnvironmentVariables(in environment: [String: String]) -> [(name: String, suggestion: String?)] {
        let settings = ServerSetting.all
        let known = Set(settings.map(\.environment) + settings.map { spelledEnvironmentName($0.name) }).union(otherEnvironmentVariables)
        return environment.keys.filter { $0.hasPrefix("SOV_") && !known.contains($0) }.sorted().map { name in
            let tail = name.dropFirst(4)
            let guess = settings.map(\.environment).first { tail.hasSuffix($0.dropFirst(4)) || $0.dropFirst(4).hasSuffix(tail) }
            return (name, guess)
        }
    }

    /// Equal when every setting has the same value, wherever the values came from.
    public static func == (lhs: ServerConfiguration, rhs: ServerConfiguration) -> Bool {
        ServerSetting.all.allSatisfy { $0.get(lhs) == $0.get(rhs) }
    }

    // MARK: Loading

    /// The effective configuration: defaults < `file` (or `<data-dir>/sov.toml` when `file` is nil and it
    /// exists) < `environment` (`SOV_*`; `HOME` locates the default data directory) < `overrides`.
    public static func load(file: String?, environment: [String: String], overrides: ServerConfigurationOverrides) throws(ServerConfigurationError) -> ServerConfiguration {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? homeDirectory()
        let settings = ServerSetting.all
        let byName = Dictionary(uniqueKeysWithValues: settings.map { ($0.name, $0) })
        var upper: [String: (value: ServerSetting.Value, source: ServerConfigurationSource)] = [:]

        for setting in settings {
            // The documented name (SOV_MAX_BATCH), else the one spelled from the TOML name (SOV_LIMITS_MAX_BATCH).
            let names = [setting.environment, Self.spelledEnvironmentName(setting.name)]
            guard let name = names.first(where: { environment[$0].map { !$0.isEmpty } ?? false }), let text = environment[name] else { continue }
            do {
                upper[setting.name] = (try setting.parse(text: text, home: home), .environment(name))
            } catch {
                throw ServerConfigurationError("\(name): \(error.message)")
            }
        }
        for entry in overrides.entries {
            guard let setting = byName[entry.name] else {
                throw ServerConfigurationError("\(entry.flag): unknown setting \(entry.name)\(suggestion(for: entry.name, among: settings.map(\.name)))")
            }
            do {
                upper[setting.name] = (try setting.parse(text: entry.text, home: home), .flag(entry.flag))
            } catch {
                throw ServerConfigurationError("\(entry.flag): \(error.message)")
            }
        }

        // The file: the one named, else the default one of the data directory known so far.
        var path = file.map { ServerSetting.resolvePath($0, relativeTo: nil, home: home) }
        if path == nil {
            var network = Network.main
            if case .network(let n)? = upper["network"]?.value { network = n }
            var dataDirectory = IndexLocation.defaultDataDirectory(network: network, home: home)
            if case .text(let d)? = upper["data_dir"]?.value, !d.isEmpty { dataDirectory = d }
            let candidate = defaultFile(dataDirectory: dataDirectory)
            if FileManager.default.fileExists(atPath: candidate) { path = candidate }
        }
        var chosen = upper
        if let path {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ServerConfigurationError("\(path): no such configuration file")
            }
            for (name, entry) in try readFile(path, settings: settings, home: home) where chosen[name] == nil {
                chosen[name] = entry
            }
        }

        var network = Network.main
        if case .network(let n)? = chosen["network"]?.value { network = n }
        var configuration = ServerConfiguration(network: network, home: home)
        configuration.file = path
        for setting in settings {
            guard let entry = chosen[setting.name] else { continue }
            setting.set(&configuration, entry.value)
            configuration.sources[setting.name] = entry.source
        }
        try configuration.validate()
        return configuration
    }

    /// Reads the file's settings; unknown keys and wrong values are errors at their line.
    private static func readFile(_ path: String, settings: [ServerSetting], home: String) throws(ServerConfigurationError) -> [String: (value: ServerSetting.Value, source: ServerConfigurationSource)] {
        let document: TOMLDocument
        do {
            document = try TOMLDocument(contentsOfFile: path)
        } catch {
            throw ServerConfigurationError("\(path):\(error.location): \(error.reason)")
        }
        let directory = FilePaths.directory(of: path)
        let byName = Dictionary(uniqueKeysWithValues: settings.map { ($0.name, $0) })
        let tables = Set(settings.flatMap(\.tables))
        var out: [String: (value: ServerSetting.Value, source: ServerConfigurationSource)] = [:]

        func read(_ name: String, _ entry: TOMLTable.Entry) throws(ServerConfigurationError) {
            let at = entry.location ?? TOMLLocation(line: 1, column: 1)
            guard let setting = byName[name] else {
                throw ServerConfigurationError("\(path):\(at): unknown setting \(name)\(suggestion(for: name, among: settings.map(\.name)))")
            }
            do {
                out[name] = (try setting.parse(entry.value, directory: directory, home: home), .file(path: path, location: at))
            } catch {
                throw ServerConfigurationError("\(path):\(at): \(name): \(error.message)")
            }
        }

        /// Reads the entries of the table `prefix` (the root when empty), tables within tables included.
        func readTable(_ prefix: String, _ entries: [TOMLTable.Entry]) throws(ServerConfigurationError) {
            for entry in entries {
                let name = prefix.isEmpty ? entry.key : prefix + "." + entry.key
                guard tables.contains(name) else {
                    try read(name, entry)
                    continue
                }
                guard let table = entry.value.tableValue else {
                    let at = entry.location ?? TOMLLocation(line: 1, column: 1)
                    throw ServerConfigurationError("\(path):\(at): \(name) must be a table ([\(name)]), found \(entry.value.typeName == "integer" || entry.value.typeName == "array" ? "an" : "a") \(entry.value.typeName)")
                }
                try readTable(name, table.entries)
            }
        }

        try readTable("", document.root.entries)
        return out
    }

    /// ` (did you mean NAME?)` for the closest known name, when one is close.
    private static func suggestion(for name: String, among names: [String]) -> String {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var previous = Array(0...b.count)
            for (i, x) in a.enumerated() {
                var current = [i + 1]
                for (j, y) in b.enumerated() {
                    current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
                }
                previous = current
            }
            return previous[b.count]
        }
        let target = Array(name)
        let leaf = String(name.split(separator: ".").last ?? "")
        let scored = names.map { candidate -> (String, Int) in
            let whole = distance(target, Array(candidate))
            let candidateLeaf = String(candidate.split(separator: ".").last ?? "")
            return (candidate, min(whole, distance(Array(leaf), Array(candidateLeaf)) + (leaf == name ? 0 : 1)))
        }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, name.count / 4) else { return "" }
        return " (did you mean \(best.0)?)"
    }

    /// Checks the settings together: TLS files given in pairs, cost limits in order, no address used twice.
    private func validate() throws(ServerConfigurationError) {
        if (tlsCertificatePath == nil) != (tlsKeyPath == nil) {
            let given = tlsCertificatePath == nil ? "tls.key" : "tls.cert"
            throw ServerConfigurationError("\(given) (\(source(of: given))) needs \(given == "tls.key" ? "tls.cert" : "tls.key") too: give both the certificate and its key, or neither to use a generated certificate")
        }
        for c in ClientClass.allCases where limits[c].costSoftLimit > limits[c].costHardLimit {
            let soft = "limits.\(c.rawValue).cost_soft_limit", hard = "limits.\(c.rawValue).cost_hard_limit"
            throw ServerConfigurationError("\(soft) \(Int(limits[c].costSoftLimit)) (\(source(of: soft))) is above \(hard) \(Int(limits[c].costHardLimit)) (\(source(of: hard)))")
        }
        var used: [ListenAddress: String] = [:]
        let listeners: [(String, [ListenAddress])] = [("listen.tcp", tcp), ("listen.tls", tls), ("listen.ws", ws), ("listen.wss", wss), ("listen.metrics", metrics.map { [$0] } ?? []),
                                                     ("listen.status", status.map { [$0] } ?? [])]
        for (name, addresses) in listeners {
            for address in addresses where address.port != 0 {
                if let other = used[address] {
                    throw ServerConfigurationError("\(name) (\(source(of: name))): \(address) is already used by \(other) (\(source(of: other)))")
                }
                used[address] = name
            }
        }
    }

    // MARK: Printing

    /// The effective configuration as TOML (`sov serve --print-config`): every setting, each followed by
    /// a comment naming its source (`# default`, `# file PATH:LINE`, `# env SOV_TCP`, `# flag --tcp`) and,
    /// for unset optional settings, what unset means. Loading the text gives back the same settings.
    public func rendered() -> String {
        var lines = [
            "# sov serve: effective configuration",
            "# configuration file: \(file ?? "none")",
            "# after each value, where it came from: default, file, env (SOV_*) or flag",
        ]
        var table: String?? = .none
        for setting in ServerSetting.all {
            if table != .some(setting.table) {
                table = .some(setting.table)
                lines.append("")
                if let name = setting.table { lines.append("[\(name)]") }
            }
            let value = setting.get(self)
            var comment = source(of: setting.name).description
            if value.isUnset, let meaning = setting.unsetMeaning { comment += " (unset: \(meaning))" }
            lines.append("\(TOMLTable.keyText(setting.key)) = \(value.toml.tomlText)  # \(comment)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
