import ArgumentParser
import FoundationEssentials
import SovIndex
import SovJSON
import SovNodeRPC
import SovPrimitives
import SovServer
import Glibc

/// `sov serve` from its options: open the index, catch up, start the server, print how to connect, serve
/// until stopped. `sov demo` runs it over the bundled sample chain.
struct ServeSession {
    let global: GlobalOptions
    let node: NodeOptions
    let index: IndexOptions
    let serve: ServeOptions
    /// Extra lines printed after the listeners (the demo's instructions).
    var epilogue: ((ServerRuntime.Bound, String?) -> String)?
    /// Extra fields of the JSON `listening` event (the demo's instructions, for scripts).
    var epilogueJSON: ((ServerRuntime.Bound) -> [(String, JSONValue)])?

    init(global: GlobalOptions, node: NodeOptions, index: IndexOptions, serve: ServeOptions,
         epilogue: ((ServerRuntime.Bound, String?) -> String)? = nil) {
        self.global = global
        self.node = node
        self.index = index
        self.serve = serve
        self.epilogue = epilogue
    }

    /// The effective configuration: defaults < TOML file < SOV_* environment < these flags.
    func configuration() throws -> ServerConfiguration {
        try serve.server.configuration(global: global, index: index, nodeURL: node.url)
    }

    func run() async throws {
        let config = try configuration()
        if !global.quiet {
            for unknown in ServerConfiguration.unknownEnvironmentVariables(in: ProcessInfo.processInfo.environment) {
                StandardStreams.writeError("sov: \(unknown.name) is not a variable sov reads; it is ignored\(unknown.suggestion.map { " (did you mean \($0)?)" } ?? "")\n")
            }
        }
        if serve.printConfig {
            Output.write(config.rendered())
            return
        }
        let network = config.network
        let listeners = config.listeners
        guard !listeners.isEmpty else { throw fail("nothing to listen on: give --tcp, --tls, --ws or --wss", status: ExitStatus.usage) }
        let metrics = config.metrics.map { ServerListener(.tcp, $0) }
        let json = global.json || !Terminal.isInteractive(fd: 1)
        let context: OpenedIndex
        let runtime: ServerRuntime
        var fingerprint: String?
        do {
            // The configuration's values, as values: the node's URL may come from the file, the rest of how to
            // reach it from the options.
            let location = IndexLocation(network: network, dataDirectory: config.dataDirectory,
                                         blocksDirectory: config.blocksDirectory, useNode: !config.noNode)
            var nodeOptions = node
            nodeOptions.url = config.node
            context = try OpenedIndex(location: location, connection: nodeOptions.connection,
                                      client: nodeOptions.client(network: network, quiet: global.quiet), create: true)
            let sync = IndexSync(index: context.index, files: context.files, node: context.node)
            StopSignal.install()
            let reporter = ProgressReporter(json: global.json, quiet: global.quiet)
            _ = try context.catchUp(sync: sync, reorgLimit: serve.reorgLimit, reporter: reporter)
            if StopSignal.requested { return }
            // The handlers stay: a stop asked for from here until the server watches the flag is kept for it
            // (the default action would end the process on the spot, the index not closed).
            let tls = try config.serverTLS()
            fingerprint = tls?.fingerprint
            let genesis = try context.index.blockRecord(height: 0).map { $0.hash.hex } ?? ""
            // server.features names the addresses other machines reach: a listener on 0.0.0.0 or [::] at this
            // machine's network addresses, never the wildcard itself; loopback ones not at all.
            let reachable = ConnectionOffer.offers(tls: config.tls, tcp: config.tcp, reachable: LocalInterfaces.reachableAddresses())
                .filter { !$0.loopbackOnly }
            let identity = ServerIdentity(
                genesisHash: genesis, software: "sov \(Sov.version)", banner: config.banner,
                donationAddress: config.donationAddress ?? "",
                hosts: Dictionary(grouping: reachable, by: \.host).map { host, offers in
                    (host, offers.first { $0.transport == .tcp }?.port, offers.first { $0.transport == .tls }?.port)
                })
            let zmq = serve.zmq ?? context.node.flatMap { BlockNotificationListener.discover(node: $0) }
            let authorizer = ClientAuthorizer(configuration: config)
            var options = ServerRuntime.Options(
                listeners: listeners, metrics: metrics, limits: config.limits, tls: tls?.configuration, identity: identity,
                authorize: { c in
                    authorizer.decide(remoteIP: c.remoteIP, isLoopback: c.isLoopback,
                                      clientCertificateFingerprint: c.clientCertificateFingerprint, token: c.token)
                },
                pollInterval: serve.interval, zmqEndpoint: zmq, reorgLimit: serve.reorgLimit, follow: context.node != nil)
            let credentials = ClientCredentialStore(configuration: config)
            options.pairing = PairingDesk(store: credentials, serveDirectory: config.serveDirectory)
            if let status = config.status {
                var configured = true
                if case .defaultValue = config.source(of: "listen.status") { configured = false }
                options.status = ServerRuntime.StatusEndpoint(listener: ServerListener(.tcp, status), required: configured,
                                                              fingerprint: fingerprint, credentials: credentials)
            }
            let quiet = global.quiet
            runtime = try ServerRuntime(sync: sync, node: context.node, blocksDirectory: context.blocksDirectory, network: network,
                                        options: options, log: { line in if !quiet { StandardStreams.writeError("sov: \(line)\n") } })
        } catch {
            throw reportServeFailure(error)
        }
        let bound: ServerRuntime.Bound
        do {
            bound = try await runtime.start(stopOnSignals: true)
        } catch {
            await runtime.shutdown()
            throw fail(error is ListenError ? "\(error)" : "cannot listen: \(error)", status: ExitStatus.unavailable)
        }
        if let problem = bound.statusProblem, !global.quiet { StandardStreams.writeError("sov: \(problem)\n") }
        var onion: OnionService?
        let quietLog = global.quiet
        if config.torEnabled {
            do {
                onion = try OnionService.start(control: config.torControl, directory: config.torDirectory, listeners: bound.listeners,
                                              devices: ClientCredentialStore(configuration: config), log: { line in
                                                  if !quietLog { StandardStreams.writeError("sov: tor: \(line)\n") }
                                              })
                runtime.publish(offers: onion!.offers)
            } catch {
                await runtime.shutdown()
                context.index.store.close()
                // A damaged key file is data to repair; anything else is tor not being there or refusing.
                let damagedKey = if case .keyFile = error { true } else { false }
                throw fail("tor: \(error)", status: damagedKey ? ExitStatus.dataError : ExitStatus.unavailable)
            }
        }
        var announcement: LANAdvertisement?
        if config.mdnsEnabled {
            do {
                let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "sov"
                announcement = try LANAdvertisement.start(name: "sov on \(host) (\(network.rawValue))", network: network,
                                                          listeners: bound.listeners, fingerprint: fingerprint)
            } catch {
                // The server works without it: say why wallets will not find it by themselves.
                if !global.quiet { StandardStreams.writeError("sov: not announced on the LAN: \(error)\n") }
            }
        }
        printListening(bound, network: network, height: context.index.tip?.height ?? -1, fingerprint: fingerprint, onion: onion,
                       announced: announcement?.types ?? [], json: json)
        await runtime.runUntilShutdown()
        announcement?.stop()
        onion?.stop()
        // Every thread that read the index has stopped: close it before the process exits.
        context.index.store.close()
        if !global.quiet && !json { StandardStreams.writeError("sov: stopped\n") }
    }

    func printListening(_ bound: ServerRuntime.Bound, network: Network, height: Int, fingerprint: String?, onion: OnionService?,
                        announced: [String], json: Bool) {
        func list(_ t: ServerListener.Transport) -> [ServerListener] { bound.listeners.filter { $0.transport == t } }
        if json {
            Output.write(JSONValue.object(JSONObject([
                ("event", .string("listening")), ("network", .string(network.rawValue)), ("height", .int(height)),
                ("tcp", .array(list(.tcp).map { .string($0.description) })), ("tls", .array(list(.tls).map { .string($0.description) })),
                ("ws", .array(list(.ws).map { .string($0.description) })), ("wss", .array(list(.wss).map { .string($0.description) })),
                ("metrics", bound.metrics.map { .string("http://\($0.description)/metrics") } ?? .null),
                ("status", bound.status.map { .string("http://\($0.description)/") } ?? .null),
                ("tls_fingerprint", fingerprint.map(JSONValue.string) ?? .null),
                ("onion", .array((onion?.offers ?? []).map { .string($0.description) })),
                ("onion_devices", .array((onion?.devices ?? []).map(JSONValue.string))),
                ("mdns", .array(announced.map(JSONValue.string))),
            ] + (epilogueJSON?(bound) ?? []))).compact + "\n")
            return
        }
        guard !global.quiet else { return }
        let flag = network.electrumFlag.map { " " + $0 } ?? ""
        var text = "sov: serving \(network.rawValue) at height \(height)\n"
        for l in bound.listeners {
            let padded = l.transport.rawValue.fixedWidth(4)
            switch l.transport {
            case .tcp: text += "  \(padded) \(l)    electrum\(flag) --oneserver --server \(l.host):\(l.port):t\n"
            case .tls: text += "  \(padded) \(l)    electrum\(flag) --oneserver --server \(l.host):\(l.port):s\n"
            case .ws: text += "  \(padded) ws://\(l)\n"
            case .wss: text += "  \(padded) wss://\(l)\n"
            }
        }
        for offer in onion?.offers ?? [] { text += "  onion \(offer)    (Tor; the address admits whoever has it)\n" }
        if let devices = onion?.devices, !devices.isEmpty { text += "  onion also one address per device: \(devices.joined(separator: ", ")) (sov serve auth list)\n" }
        if !announced.isEmpty { text += "  LAN   announced as \(announced.joined(separator: " and ")) (mDNS)\n" }
        if let fingerprint { text += "  TLS certificate SHA-256 \(fingerprint)\n" }
        if let m = bound.metrics { text += "  metrics http://\(m)/metrics\n" }
        if let s = bound.status { text += "  status  http://\(s)/ (sov status)\n" }
        if let epilogue { text += epilogue(bound, fingerprint) }
        text += "Press Ctrl-C to stop.\n"
        Output.write(text)
    }
}

/// Turns a failure before serving into one line and its exit status.
func reportServeFailure(_ error: any Error) -> ExitCode {
    if let e = error as? ServerConfigurationError { return fail(e.message, status: ExitStatus.usage) }
    if let e = error as? TLSIdentityError { return fail("TLS certificate: \(e)", status: ExitStatus.dataError) }
    if let e = error as? CredentialStoreError { return fail("credentials: \(e)", status: ExitStatus.dataError) }
    return reportIndexFailure(error)
}
