import ArgumentParser
import FoundationEssentials
import SovIndex
import SovJSON
import SovNodeRPC
import SovPrimitives
import SovServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the index to Electrum wallets (Electrum protocol 1.4–1.6 over TCP, TLS and WebSocket).",
        discussion: reflowed("""
            Builds the index up to the node's tip first (as 'sov index build'), then listens and keeps following
            the node: new blocks, reorganizations and mempool changes reach subscribed wallets as notifications.
            With --no-node it serves the block files as they are (no mempool, fee estimates or broadcasts).

            Listeners (repeat an option for several): --tcp, --tls, --ws, --wss take HOST:PORT or [IPv6]:PORT.
            Default: TCP and TLS on 127.0.0.1 at the network's Electrum ports (main 50001/50002, test
            60001/60002, testnet4 40001/40002, signet 60601/60602, regtest 60401/60402). The TLS certificate is
            --tls-cert/--tls-key, or one generated on first start in <data-dir>/serve/tls (its SHA-256
            fingerprint is printed: pin it in the wallet).

            Clients not on this machine are refused unless allowed: by address (--allow-ip CIDR, or
            'sov serve auth allow-ip'), by a client certificate or a token issued with 'sov serve auth', or by
            turning authentication off (--no-auth).

            Tor: with --tor (or [tor] enabled = true) the TCP and TLS listeners are also published as a v3 onion
            service through tor's control socket (tor.control, default /run/tor/control; cookie or SAFECOOKIE
            authentication, so the user needs to read tor's cookie: the debian-tor group). No torrc is edited;
            the service's key is kept in <data-dir>/serve/tor, so the .onion address stays the same across
            restarts, and the service goes away when sov stops. Wallets arrive through Tor on loopback and are
            served as the owner's: the onion address admits whoever has it, so give it only to your devices.
            Better, give each device an onion address of its own ('sov pair --onion --device NAME', optionally
            with Tor client authorization): the server publishes those too, and withdraws one within a second
            of 'sov serve auth revoke NAME'.

            LAN discovery: listeners other machines can reach are announced by DNS-SD over multicast DNS through
            Avahi (avahi-daemon and avahi-utils): _electrum._tcp at the TCP port and _sov._tcp at the TLS port,
            TXT v=1, proto, net, t=, s= and fp= (the certificate fingerprint's first 16 hex digits). 'sov pair
            --discover' finds them. [discovery] mdns = false turns it off; without Avahi the server says so
            once and serves anyway.

            Limits hold for every client: connections and subscriptions (in all and per address), request and
            batch size, history length, answers queued per address and in all, and the handshake, idle,
            request-line and slow-reader timeouts. Beyond those, the owner's clients (this machine, allowed
            addresses, client certificates, tokens) run up to 32 requests of a connection at once and are never
            slowed down ([limits.trusted]); anonymous clients (--no-auth) run 4 at once under ElectrumX's request
            cost budget ([limits.public]). --print-config lists every limit with its value.

            Configuration comes from, lowest first: defaults, the TOML file (--config, else <data-dir>/sov.toml
            when present), SOV_* environment variables, then flags (--set NAME=VALUE sets any setting by its
            TOML name, e.g. --set limits.max_batch=50). Each setting's variable is listed by --print-config
            (SOV_MAX_BATCH); the TOML name spelled as a variable works too (SOV_LIMITS_MAX_BATCH), and a SOV_*
            variable sov does not read is named on stderr rather than ignored in silence. --print-config prints
            the result with each value's source.

            The status page (what 'sov status' reads, and a page for a browser or a screen beside the node) is
            on 127.0.0.1 at the Electrum TCP port + 9 (--status, [listen] status): the node's sync, the index,
            listeners, connected and paired devices, uptime and the connection QR code; nothing secret. If
            that default port is taken the server runs without it and says so.

            With --json (or when standard output is not a terminal) the ready line is
            {"event":"listening","network","height","tcp":[…],"tls":[…],"ws":[…],"wss":[…],"metrics","status",
            "tls_fingerprint","onion":[…],"onion_devices":[…],"mdns":[…]}.
            SIGINT/SIGTERM stop it gracefully. Exit status: 0 after a stop, 64 usage error or an invalid
            configuration (file, environment or flags), 65 bad index or chain data, or an unusable certificate,
            credential store or onion key file, 69 node unavailable, an address in use, or tor unreachable or refusing, 75 the
            index in use by another sov.
            """),
        subcommands: [ServeAuthCommand.self]
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var node: NodeOptions
    @OptionGroup var index: IndexOptions
    @OptionGroup var serve: ServeOptions

    func run() async throws {
        try await ServeSession(global: global, node: node, index: index, serve: serve).run()
    }
}

/// The options of `sov serve` beyond the index's and the node's.
struct ServeOptions: ParsableArguments {
    @OptionGroup var server: ServerOptions

    @Flag(name: .customLong("print-config"), help: "Print the effective configuration, each value with its source, and exit.")
    var printConfig = false

    @OptionGroup var following: FollowOptions
    var interval: Double { following.interval }
    var zmq: String? { following.zmq }
    var reorgLimit: Int { following.reorgLimit }
}

/// What configures a server: its listeners, certificate, admission and the configuration file. `sov serve`
/// runs with them; `sov pair` and `sov status` take the same ones to describe that server.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Electrum over TCP on HOST:PORT (repeatable).", valueName: "addr"))
    var tcp: [String] = []

    @Option(name: .long, help: ArgumentHelp("Electrum over TLS on HOST:PORT (repeatable).", valueName: "addr"))
    var tls: [String] = []

    @Option(name: .long, help: ArgumentHelp("Electrum over WebSocket on HOST:PORT (repeatable).", valueName: "addr"))
    var ws: [String] = []

    @Option(name: .long, help: ArgumentHelp("Electrum over secure WebSocket on HOST:PORT (repeatable).", valueName: "addr"))
    var wss: [String] = []

    @Option(name: .long, help: ArgumentHelp("Prometheus metrics on HOST:PORT (at /metrics).", valueName: "addr"))
    var metrics: String?

    @Option(name: .long, help: ArgumentHelp("The status page on HOST:PORT (/ and /status.json; \"\" for none). Default: 127.0.0.1 on the Electrum TCP port + 9.", valueName: "addr"))
    var status: String?

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("Server certificate (PEM) for TLS and wss.", valueName: "path"), completion: .file())
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("Private key (PEM) of --tls-cert.", valueName: "path"), completion: .file())
    var tlsKey: String?

    @Option(name: .customLong("allow-ip"), help: ArgumentHelp("Serve remote clients from this address or CIDR range (repeatable).", valueName: "cidr"))
    var allowIP: [String] = []

    @Flag(name: .long, help: "Publish the TCP and TLS listeners as an onion service through tor's control port ([tor]).")
    var tor = false

    @Flag(name: .customLong("no-auth"), help: "Serve every client that connects, remote ones too.")
    var noAuth = false

    @Option(name: .long, help: ArgumentHelp("Text of server.banner.", valueName: "text"))
    var banner: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Any setting by its TOML name (repeatable), e.g. limits.max_connections=200.", valueName: "name=value"))
    var settings: [String] = []

    @Option(name: .long, help: ArgumentHelp("The TOML configuration file (default <data-dir>/sov.toml when present).", valueName: "path"), completion: .file(extensions: ["toml"]))
    var config: String?

    /// The effective configuration: defaults < TOML file < SOV_* environment < these flags (and the index's
    /// and node's options, `nodeURL`).
    func configuration(global: GlobalOptions, index: IndexOptions, nodeURL: String?) throws -> ServerConfiguration {
        var o = ServerConfigurationOverrides()
        o.network = global.network
        o.dataDirectory = index.dataDir
        o.blocksDirectory = index.blocksDir
        o.node = nodeURL
        if index.noNode { o.noNode = true }
        if !tcp.isEmpty { o.tcp = tcp }
        if !tls.isEmpty { o.tls = tls }
        if !ws.isEmpty { o.ws = ws }
        if !wss.isEmpty { o.wss = wss }
        // Listeners named on the command line replace the configured set as a whole.
        if !(tcp.isEmpty && tls.isEmpty && ws.isEmpty && wss.isEmpty) {
            o.tcp = o.tcp ?? []
            o.tls = o.tls ?? []
        }
        o.metrics = metrics
        o.status = status
        o.tlsCertificate = tlsCert
        o.tlsKey = tlsKey
        o.banner = banner
        if !allowIP.isEmpty { o.settings["auth.allow_ips"] = allowIP.joined(separator: ",") }
        if noAuth { o.settings["auth.required_for_remote"] = "false" }
        if tor { o.settings["tor.enabled"] = "true" }
        for item in settings {
            guard let eq = item.firstIndex(of: "=") else {
                throw fail("--set takes NAME=VALUE, got '\(item)'", status: ExitStatus.usage)
            }
            o.settings[String(item[..<eq])] = String(item[item.index(after: eq)...])
        }
        do {
            return try ServerConfiguration.load(file: config, environment: ProcessInfo.processInfo.environment, overrides: o)
        } catch {
            throw fail(error.description, status: ExitStatus.usage)
        }
    }
}
