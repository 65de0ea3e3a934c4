import FoundationEssentials
import SovPrimitives
import SovTOML

/// One setting of `sov serve`: its dotted name in the configuration file (`listen.tcp`), its environment
/// variable, how its value is read from TOML and from text (environment and flags), and where it lives in
/// `ServerConfiguration`. `all` lists every setting, in the order `--print-config` writes them.
struct ServerSetting: Sendable {
    /// How a value is written and checked.
    enum Kind: Sendable {
        /// Any string.
        case text
        /// A file system path: `~/` is the home folder; in a file, a relative path is relative to the
        /// file's folder. "" means unset where the setting is optional.
        case path
        case boolean
        /// An integer of at least `minimum`.
        case integer(minimum: Int)
        /// A list of `HOST:PORT`.
        case addresses
        /// One `HOST:PORT`, or "" for none.
        case optionalAddress
        /// A list of CIDR ranges.
        case networks
        /// A list of host names or IP addresses.
        case hostnames
        /// main, test, testnet4, signet or regtest.
        case network

        var expectation: String {
            switch self {
            case .text: return "a string"
            case .path: return "a path (string)"
            case .boolean: return "true or false"
            case .integer(let minimum): return "an integer of at least \(minimum)"
            case .addresses: return "an array of \"HOST:PORT\" strings"
            case .optionalAddress: return "a \"HOST:PORT\" string, or \"\" for none"
            case .networks: return "an array of CIDR strings (\"192.168.1.0/24\")"
            case .hostnames: return "an array of host names or IP addresses"
            case .network: return "one of \"main\", \"test\", \"testnet4\", \"signet\", \"regtest\""
            }
        }
    }

    /// A setting's value, whatever its kind.
    enum Value: Sendable, Equatable {
        case text(String)
        case boolean(Bool)
        case integer(Int)
        case addresses([ListenAddress])
        case optionalAddress(ListenAddress?)
        case networks([IPNetwork])
        case strings([String])
        case network(Network)

        /// The value as TOML writes it.
        var toml: TOMLValue {
            switch self {
            case .text(let s): return .string(s)
            case .boolean(let b): return .boolean(b)
            case .integer(let i): return .integer(Int64(i))
            case .addresses(let list): return .array(list.map { .string($0.description) })
            case .optionalAddress(let address): return .string(address?.description ?? "")
            case .networks(let list): return .array(list.map { .string($0.description) })
            case .strings(let list): return .array(list.map { .string($0) })
            case .network(let n): return .string(n.rawValue)
            }
        }

        /// An empty string or no address: an optional setting left unset.
        var isUnset: Bool {
            switch self {
            case .text(let s): return s.isEmpty
            case .optionalAddress(let a): return a == nil
            default: return false
            }
        }
    }

    /// The dotted name: `network`, `listen.tcp`, `limits.max_batch`.
    let name: String
    /// The environment variable that sets it.
    let environment: String
    let kind: Kind
    /// What an unset (empty) value means, written after its source by `--print-config`.
    let unsetMeaning: String?
    let get: @Sendable (ServerConfiguration) -> Value
    let set: @Sendable (inout ServerConfiguration, Value) -> Void

    /// The table the setting is in (`listen`, `limits.trusted`), nil for top-level settings.
    var table: String? { name.lastIndex(of: ".").map { String(name[..<$0]) } }
    /// The tables it is in, outermost first (`limits`, `limits.trusted`).
    var tables: [String] {
        let parts = name.split(separator: ".").dropLast()
        return parts.indices.map { parts[...$0].joined(separator: ".") }
    }
    /// The key within its table.
    var key: String { String(name.split(separator: ".").last ?? "") }

    // MARK: Reading values

    /// Reads the setting from its TOML value; `directory` is the configuration file's folder.
    func parse(_ toml: TOMLValue, directory: String, home: String) throws(ServerConfigurationError) -> Value {
        func wrongType() -> ServerConfigurationError {
            ServerConfigurationError("expected \(kind.expectation), found \(toml.typeName == "integer" ? "an" : "a") \(toml.typeName)")
        }
        switch kind {
        case .text:
            guard let s = toml.stringValue else { throw wrongType() }
            return .text(s)
        case .path:
            guard let s = toml.stringValue else { throw wrongType() }
            return .text(Self.resolvePath(s, relativeTo: directory, home: home))
        case .boolean:
            guard let b = toml.booleanValue else { throw wrongType() }
            return .boolean(b)
        case .integer(let minimum):
            guard let i = toml.integerValue else { throw wrongType() }
            guard let value = Int(exactly: i), value >= minimum else { throw ServerConfigurationError("\(i) is out of range: expected \(kind.expectation)") }
            return .integer(value)
        case .optionalAddress, .network:
            guard let s = toml.stringValue else { throw wrongType() }
            return try parse(text: s, home: home)
        case .addresses, .networks, .hostnames:
            guard let items = toml.arrayValue else { throw wrongType() }
            var strings: [String] = []
            for item in items {
                guard let s = item.stringValue else { throw ServerConfigurationError("expected \(kind.expectation), found an array holding \(item.typeName == "integer" ? "an" : "a") \(item.typeName)") }
                strings.append(s)
            }
            return try parse(list: strings)
        }
    }

    /// Reads the setting from text, as environment variables and flags give it: lists are
    /// comma-separated, booleans are true/false, 1/0, yes/no or on/off.
    func parse(text: String, home: String) throws(ServerConfigurationError) -> Value {
        let trimmed = text.trimmingSpaces()
        switch kind {
        case .text:
            return .text(text)
        case .path:
            return .text(Self.resolvePath(trimmed, relativeTo: nil, home: home))
        case .boolean:
            switch trimmed.lowercased() {
            case "true", "1", "yes", "on": return .boolean(true)
            case "false", "0", "no", "off": return .boolean(false)
            default: throw ServerConfigurationError("\"\(text)\" is not a boolean: expected true or false")
            }
        case .integer(let minimum):
            let digits = trimmed.replacing("_", with: "")
            guard let value = Int(digits) else { throw ServerConfigurationError("\"\(text)\" is not an integer") }
            guard value >= minimum else { throw ServerConfigurationError("\(value) is out of range: expected \(kind.expectation)") }
            return .integer(value)
        case .optionalAddress:
            if ["", "off", "none"].contains(trimmed.lowercased()) { return .optionalAddress(nil) }
            return .optionalAddress(try Self.checked { () throws(AddressError) in try ListenAddress(parsing: trimmed) })
        case .network:
            guard let network = Network(rawValue: trimmed) else {
                throw ServerConfigurationError("\"\(text)\" is not a network: expected \(kind.expectation)")
            }
            return .network(network)
        case .addresses, .networks, .hostnames:
            let items = trimmed.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
            return try parse(list: items)
        }
    }

    private func parse(list items: [String]) throws(ServerConfigurationError) -> Value {
        switch kind {
        case .addresses:
            var out: [ListenAddress] = []
            for item in items { out.append(try Self.checked { () throws(AddressError) in try ListenAddress(parsing: item) }) }
            return .addresses(out)
        case .networks:
            var out: [IPNetwork] = []
            for item in items { out.append(try Self.checked { () throws(AddressError) in try IPNetwork(parsing: item) }) }
            return .networks(out)
        default:
            for item in items where IPAddress(item) == nil && !ListenAddress.isHostName(item) {
                throw ServerConfigurationError("\"\(item)\" is neither a host name nor an IP address")
            }
            return .strings(items)
        }
    }

    /// Runs an address parser, its error becoming a configuration error with the same reason.
    private static func checked<T>(_ body: () throws(AddressError) -> T) throws(ServerConfigurationError) -> T {
        do { return try body() } catch { throw ServerConfigurationError(error.reason) }
    }

    /// `~/x` in the home folder; a relative path against `directory` when there is one.
    static func resolvePath(_ path: String, relativeTo directory: String?, home: String) -> String {
        if path.isEmpty { return path }
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst(1) }
        if path.hasPrefix("/") { return path }
        guard let directory else { return path }
        return (directory.hasSuffix("/") ? directory : directory + "/") + path
    }

    // MARK: The settings

    init(_ name: String, _ environment: String, _ kind: Kind, unset: String? = nil,
         get: @escaping @Sendable (ServerConfiguration) -> Value, set: @escaping @Sendable (inout ServerConfiguration, Value) -> Void) {
        self.name = name
        self.environment = environment
        self.kind = kind
        self.unsetMeaning = unset
        self.get = get
        self.set = set
    }

    private static func integer(_ name: String, _ environment: String, minimum: Int,
                                _ keyPath: any WritableKeyPath<ServerLimits, Int> & Sendable) -> ServerSetting {
        ServerSetting("limits." + name, environment, .integer(minimum: minimum),
                      get: { .integer($0.limits[keyPath: keyPath]) },
                      set: { if case .integer(let i) = $1 { $0.limits[keyPath: keyPath] = i } })
    }

    /// A whole-number setting kept as a `Double` (timeouts, costs: code and tests may use fractions).
    private static func integer(_ name: String, _ environment: String, minimum: Int,
                                _ keyPath: any WritableKeyPath<ServerLimits, Double> & Sendable) -> ServerSetting {
        ServerSetting("limits." + name, environment, .integer(minimum: minimum),
                      get: { .integer(Int($0.limits[keyPath: keyPath])) },
                      set: { if case .integer(let i) = $1 { $0.limits[keyPath: keyPath] = Double(i) } })
    }

    /// A whole-number setting of one client class (`limits.trusted.cost_soft_limit`, `SOV_TRUSTED_COST_SOFT_LIMIT`).
    private static func classInteger(_ c: ClientClass, _ key: String, minimum: Int,
                                     _ keyPath: any WritableKeyPath<ClientClassLimits, Double> & Sendable) -> ServerSetting {
        ServerSetting("limits.\(c.rawValue).\(key)", "SOV_\(c.rawValue.uppercased())_\(key.uppercased())", .integer(minimum: minimum),
                      get: { .integer(Int($0.limits[c][keyPath: keyPath])) },
                      set: { if case .integer(let i) = $1 { $0.limits[c][keyPath: keyPath] = Double(i) } })
    }

    private static func addresses(_ name: String, _ environment: String,
                                  _ keyPath: any WritableKeyPath<ServerConfiguration, [ListenAddress]> & Sendable) -> ServerSetting {
        ServerSetting(name, environment, .addresses,
                      get: { .addresses($0[keyPath: keyPath]) },
                      set: { if case .addresses(let list) = $1 { $0[keyPath: keyPath] = list } })
    }

    private static func optionalText(_ name: String, _ environment: String, _ kind: Kind, unset: String,
                                     _ keyPath: any WritableKeyPath<ServerConfiguration, String?> & Sendable) -> ServerSetting {
        ServerSetting(name, environment, kind, unset: unset,
                      get: { .text($0[keyPath: keyPath] ?? "") },
                      set: { if case .text(let s) = $1 { $0[keyPath: keyPath] = s.isEmpty ? nil : s } })
    }

    /// Every setting, in `--print-config` order: top-level ones first, then `[listen]`, `[tls]`,
    /// `[limits]`, `[auth]`.
    static var all: [ServerSetting] {
        [
            ServerSetting("network", "SOV_NETWORK", .network,
                          get: { .network($0.network) }, set: { if case .network(let n) = $1 { $0.network = n } }),
            ServerSetting("data_dir", "SOV_DATA_DIR", .path,
                          get: { .text($0.dataDirectory) }, set: { if case .text(let s) = $1, !s.isEmpty { $0.dataDirectory = s } }),
            optionalText("blocks_dir", "SOV_BLOCKS_DIR", .path, unset: "<node-datadir>/<network>/blocks when readable", \.blocksDirectory),
            optionalText("node", "SOV_NODE", .text, unset: "http://127.0.0.1:<the network's RPC port>", \.node),
            ServerSetting("no_node", "SOV_NO_NODE", .boolean,
                          get: { .boolean($0.noNode) }, set: { if case .boolean(let b) = $1 { $0.noNode = b } }),
            optionalText("banner", "SOV_BANNER", .text, unset: "sov's own banner", \.banner),
            optionalText("donation_address", "SOV_DONATION_ADDRESS", .text, unset: "none", \.donationAddress),

            addresses("listen.tcp", "SOV_TCP", \.tcp),
            addresses("listen.tls", "SOV_TLS", \.tls),
            addresses("listen.ws", "SOV_WS", \.ws),
            addresses("listen.wss", "SOV_WSS", \.wss),
            ServerSetting("listen.metrics", "SOV_METRICS", .optionalAddress, unset: "no metrics listener",
                          get: { .optionalAddress($0.metrics) }, set: { if case .optionalAddress(let a) = $1 { $0.metrics = a } }),
            ServerSetting("listen.status", "SOV_STATUS", .optionalAddress, unset: "no status page",
                          get: { .optionalAddress($0.status) }, set: { if case .optionalAddress(let a) = $1 { $0.status = a } }),

            optionalText("tls.cert", "SOV_TLS_CERT", .path, unset: "generated in <data_dir>/serve/tls on first start", \.tlsCertificatePath),
            optionalText("tls.key", "SOV_TLS_KEY", .path, unset: "generated in <data_dir>/serve/tls on first start", \.tlsKeyPath),
            ServerSetting("tls.hostnames", "SOV_TLS_HOSTNAMES", .hostnames,
                          get: { .strings($0.tlsHostnames) }, set: { if case .strings(let s) = $1 { $0.tlsHostnames = s } }),

            integer("max_connections", "SOV_MAX_CONNECTIONS", minimum: 1, \.maxConnections),
            integer("max_connections_per_ip", "SOV_MAX_CONNECTIONS_PER_IP", minimum: 1, \.maxConnectionsPerIP),
            integer("max_subscriptions_per_connection", "SOV_MAX_SUBSCRIPTIONS_PER_CONNECTION", minimum: 0, \.maxSubscriptionsPerConnection),
            integer("max_subscriptions_per_ip", "SOV_MAX_SUBSCRIPTIONS_PER_IP", minimum: 0, \.maxSubscriptionsPerIP),
            integer("max_request_bytes", "SOV_MAX_REQUEST_BYTES", minimum: 1024, \.maxRequestBytes),
            integer("max_batch", "SOV_MAX_BATCH", minimum: 1, \.maxBatch),
            integer("history_limit", "SOV_HISTORY_LIMIT", minimum: 1, \.historyLimit),
            integer("heavy_history_threshold", "SOV_HEAVY_HISTORY_THRESHOLD", minimum: 1, \.heavyHistoryThreshold),
            integer("idle_timeout_seconds", "SOV_IDLE_TIMEOUT_SECONDS", minimum: 1, \.idleTimeoutSeconds),
            integer("handshake_timeout_seconds", "SOV_HANDSHAKE_TIMEOUT_SECONDS", minimum: 1, \.handshakeTimeoutSeconds),
            integer("send_buffer_bytes", "SOV_SEND_BUFFER_BYTES", minimum: 65536, \.sendBufferBytes),
            integer("slow_reader_timeout_seconds", "SOV_SLOW_READER_TIMEOUT_SECONDS", minimum: 1, \.slowReaderTimeoutSeconds),
            integer("request_timeout_seconds", "SOV_REQUEST_TIMEOUT_SECONDS", minimum: 1, \.requestTimeoutSeconds),
            integer("output_bytes_per_ip", "SOV_OUTPUT_BYTES_PER_IP", minimum: 1 << 20, \.outputBytesPerIP),
            integer("output_bytes_total", "SOV_OUTPUT_BYTES_TOTAL", minimum: 1 << 20, \.outputBytesTotal),
        ] + ClientClass.allCases.flatMap { c -> [ServerSetting] in
            [
                ServerSetting("limits.\(c.rawValue).cost_budget", "SOV_\(c.rawValue.uppercased())_COST_BUDGET", .boolean,
                              get: { .boolean($0.limits[c].costBudget) },
                              set: { if case .boolean(let b) = $1 { $0.limits[c].costBudget = b } }),
                classInteger(c, "cost_soft_limit", minimum: 0, \.costSoftLimit),
                classInteger(c, "cost_hard_limit", minimum: 1, \.costHardLimit),
                classInteger(c, "cost_decay_per_second", minimum: 0, \.costDecayPerSecond),
                classInteger(c, "request_sleep_ms", minimum: 0, \.requestSleepMilliseconds),
                ServerSetting("limits.\(c.rawValue).concurrent_requests", "SOV_\(c.rawValue.uppercased())_CONCURRENT_REQUESTS",
                              .integer(minimum: 1), get: { .integer($0.limits[c].concurrentRequests) },
                              set: { if case .integer(let i) = $1 { $0.limits[c].concurrentRequests = i } }),
            ]
        } + [

            ServerSetting("auth.required_for_remote", "SOV_AUTH_REQUIRED_FOR_REMOTE", .boolean,
                          get: { .boolean($0.authRequiredForRemote) }, set: { if case .boolean(let b) = $1 { $0.authRequiredForRemote = b } }),
            ServerSetting("auth.allow_ips", "SOV_AUTH_ALLOW_IPS", .networks,
                          get: { .networks($0.authAllowIPs) }, set: { if case .networks(let n) = $1 { $0.authAllowIPs = n } }),

            ServerSetting("discovery.mdns", "SOV_MDNS", .boolean,
                          get: { .boolean($0.mdnsEnabled) }, set: { if case .boolean(let b) = $1 { $0.mdnsEnabled = b } }),
            ServerSetting("tor.enabled", "SOV_TOR", .boolean,
                          get: { .boolean($0.torEnabled) }, set: { if case .boolean(let b) = $1 { $0.torEnabled = b } }),
            ServerSetting("tor.control", "SOV_TOR_CONTROL", .text,
                          get: { .text($0.torControl) }, set: { if case .text(let s) = $1, !s.isEmpty { $0.torControl = s } }),
        ]
    }
}
