import ArgumentParser
import Foundation
import SovIndex
import SovJSON
import SovNodeRPC
import SovPrimitives
import SovServer

/// `sov serve` from its options: open the index, catch up, start the server, print how to connect, serve
/// until stopped. `sov demo` runs it over the bundled sample chain.
struct ServeSession {
    let global: GlobalOptions
    let node: NodeOptions
    let index: IndexOptions
    let serve: ServeOptions
    /// Extra lines printed after the listeners (the demo's instructions).
    var epilogue: ((ServerRuntime.Bound, String?) -> String)?

    init(global: GlobalOptions, node: NodeOptions, index: IndexOptions, serve: ServeOptions,
         epilogue: ((ServerRuntime.Bound, String?) -> String)? = nil) {
        self.global = global
        self.node = node
        self.index = index
        self.serve = serve
        self.epilogue = epilogue
    }

    func run() async throws {
        let network = try global.resolvedNetwork()
        let listeners = try listeners(network: network)
        let metrics = try serve.metrics.map { address throws(ServerConfigurationError) in try ServerListener(.tcp, address: address) }
        let json = global.json || !Terminal.isInteractive(fd: 1)
        let context: IndexContext
        let runtime: ServerRuntime
        do {
            context = try IndexContext(global: global, node: node, options: index, create: true)
            let sync = IndexSync(index: context.index, files: context.files, node: context.node)
            StopSignal.install()
            let reporter = ProgressReporter(json: global.json, quiet: global.quiet)
            _ = try context.catchUp(sync: sync, reorgLimit: serve.reorgLimit, reporter: reporter)
            if StopSignal.requested { return }
            // From here on the lifecycle group owns SIGINT/SIGTERM.
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
            let tls = try tlsMaterial(listeners: listeners, network: network)
            var limits = ServerLimits()
            if let n = serve.maxConnections { limits.maxConnections = n }
            if let n = serve.maxConnectionsPerIP { limits.maxConnectionsPerIP = n }
            if let n = serve.historyLimit { limits.historyLimit = n }
            let genesis = try context.index.blockRecord(height: 0).map { Hex.encodeReversed($0.hash) } ?? ""
            let hosts = listeners.filter { !$0.isLoopback && ($0.transport == .tcp || $0.transport == .tls) }
            let identity = ServerIdentity(
                genesisHash: genesis, software: "sov \(Sov.version)", banner: serve.banner,
                hosts: Dictionary(grouping: hosts, by: \.host).map { host, ls in
                    (host, ls.first { $0.transport == .tcp }?.port, ls.first { $0.transport == .tls }?.port)
                })
            let zmq = serve.zmq ?? context.node.flatMap { BlockNotificationListener.discover(node: $0) }
            let options = ServerRuntime.Options(
                listeners: listeners, metrics: metrics, limits: limits, tls: tls, identity: identity,
                authorize: authorizer(), pollInterval: serve.interval, zmqEndpoint: zmq, reorgLimit: serve.reorgLimit,
                follow: context.node != nil)
            let quiet = global.quiet
            runtime = try ServerRuntime(sync: sync, node: context.node, blocksDirectory: context.blocksDirectory, network: network,
                                        options: options, log: { line in if !quiet { FileHandle.standardError.write(Data("sov: \(line)\n".utf8)) } })
        } catch {
            throw reportServeFailure(error)
        }
        let bound: ServerRuntime.Bound
        do {
            bound = try await runtime.start()
        } catch {
            await runtime.shutdown()
            throw fail("cannot listen: \(error)", status: ExitStatus.unavailable)
        }
        let fingerprint = runtime.options.tls.flatMap { ServeSession.fingerprint(pem: $0.certificatePEM) }
        printListening(bound, network: network, height: context.index.tip?.height ?? -1, fingerprint: fingerprint, json: json)
        do {
            try await runtime.runUntilShutdown()
        } catch {
            await runtime.shutdown()
        }
        if !global.quiet && !json { FileHandle.standardError.write(Data("sov: stopped\n".utf8)) }
    }

    /// The listeners asked for, or TCP and TLS on loopback at the network's ports.
    func listeners(network: Network) throws -> [ServerListener] {
        do {
            var result: [ServerListener] = []
            for a in serve.tcp { result.append(try ServerListener(.tcp, address: a)) }
            for a in serve.tls { result.append(try ServerListener(.tls, address: a)) }
            for a in serve.ws { result.append(try ServerListener(.ws, address: a)) }
            for a in serve.wss { result.append(try ServerListener(.wss, address: a)) }
            if result.isEmpty {
                result = [ServerListener(.tcp, host: "127.0.0.1", port: network.electrumPorts.tcp),
                          ServerListener(.tls, host: "127.0.0.1", port: network.electrumPorts.tls)]
            }
            return result
        } catch {
            throw fail(error.description, status: ExitStatus.usage)
        }
    }

    /// The certificate and key for TLS listeners: the configured files, or the server's own, generated once.
    func tlsMaterial(listeners: [ServerListener], network: Network) throws -> (certificatePEM: [UInt8], privateKeyPEM: [UInt8])? {
        guard listeners.contains(where: { $0.transport.usesTLS }) else { return nil }
        if serve.tlsCert != nil || serve.tlsKey != nil {
            guard let cert = serve.tlsCert, let key = serve.tlsKey else {
                throw fail("--tls-cert and --tls-key go together", status: ExitStatus.usage)
            }
            guard let c = FileManager.default.contents(atPath: cert), let k = FileManager.default.contents(atPath: key) else {
                throw fail("cannot read \(FileManager.default.isReadableFile(atPath: cert) ? key : cert)", status: ExitStatus.dataError)
            }
            return ([UInt8](c), [UInt8](k))
        }
        throw fail("TLS listeners need --tls-cert and --tls-key", status: ExitStatus.usage)
    }

    func serveDirectory(network: Network) -> String {
        URL(fileURLWithPath: index.indexDirectory(network: network)).deletingLastPathComponent().path + "/serve"
    }

    func authorizer() -> ConnectionAuthorizer {
        let open = serve.noAuth
        let allowed = serve.allowIP
        return { credentials in
            if credentials.isLoopback || open { return nil }
            if allowed.contains(credentials.remoteIP) { return nil }
            return "\(credentials.remoteIP) is not allowed"
        }
    }

    static func fingerprint(pem: [UInt8]) -> String? {
        nil
    }

    func printListening(_ bound: ServerRuntime.Bound, network: Network, height: Int, fingerprint: String?, json: Bool) {
        func list(_ t: ServerListener.Transport) -> [ServerListener] { bound.listeners.filter { $0.transport == t } }
        if json {
            Output.write(JSONValue.object(JSONObject([
                ("event", .string("listening")), ("network", .string(network.rawValue)), ("height", .int(height)),
                ("tcp", .array(list(.tcp).map { .string($0.description) })), ("tls", .array(list(.tls).map { .string($0.description) })),
                ("ws", .array(list(.ws).map { .string($0.description) })), ("wss", .array(list(.wss).map { .string($0.description) })),
                ("metrics", bound.metrics.map { .string("http://\($0.description)/metrics") } ?? .null),
                ("tls_fingerprint", fingerprint.map(JSONValue.string) ?? .null),
            ])).compact + "\n")
            return
        }
        guard !global.quiet else { return }
        let flag = network == .main ? "" : " --\(network == .test ? "testnet" : network.rawValue)"
        var text = "sov: serving \(network.rawValue) at height \(height)\n"
        for l in bound.listeners {
            let padded = l.transport.rawValue.padding(toLength: 4, withPad: " ", startingAt: 0)
            switch l.transport {
            case .tcp: text += "  \(padded) \(l)    electrum\(flag) --oneserver --server \(l.host):\(l.port):t\n"
            case .tls: text += "  \(padded) \(l)    electrum\(flag) --oneserver --server \(l.host):\(l.port):s\n"
            case .ws: text += "  \(padded) ws://\(l)\n"
            case .wss: text += "  \(padded) wss://\(l)\n"
            }
        }
        if let fingerprint { text += "  TLS certificate SHA-256 \(fingerprint)\n" }
        if let m = bound.metrics { text += "  metrics http://\(m)/metrics\n" }
        if let epilogue { text += epilogue(bound, fingerprint) }
        text += "Press Ctrl-C to stop.\n"
        Output.write(text)
    }
}

/// Turns a failure before serving into one line and its exit status.
func reportServeFailure(_ error: any Error) -> ExitCode {
    if let e = error as? ServerConfigurationError { return fail(e.message, status: ExitStatus.dataError) }
    return reportIndexFailure(error)
}
