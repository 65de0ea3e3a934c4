import ArgumentParser
import FoundationEssentials
import SovIndex
import SovJSON
import SovNodeRPC
import SovPrimitives
import SovServer

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "The appliance screen: node sync, index, listeners, devices, and the code to connect a wallet.",
        discussion: reflowed("""
            Takes the options 'sov serve' takes and reads that server's status page (listen.status, by default
            127.0.0.1 on the Electrum TCP port + 9): the node's height, sync progress, peers and assumeUTXO
            state, the index height and how far it is behind, the listeners, connected and paired devices, the
            network addresses, uptime, and a QR code of the connection string (nothing secret). Without a
            running server it shows what it can find itself (the node, the index read-only, the configured
            listeners) and says the server is not running.

            --watch redraws every --interval seconds; --kiosk fills the terminal (for a screen beside the
            node). On a terminal, while watching, the key p shows a sov:pair code carrying a single-use token
            (for 'sov wallet connect', valid 2 minutes, with a countdown) and any key hides it again; q quits.
            With --json (or when standard output is not a terminal) each refresh is one JSON object: network,
            software, running, started, uptime, node {blocks, headers, verification_progress,
            initial_block_download, peers, uptime, assumeutxo}, node_problem, index {height, hash, lag},
            mempool_transactions, listeners, connections, devices, offers, connection, tls_fingerprint.

            Exit status: 0 success, 64 usage error, 65 unusable configuration or certificate.
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var node: NodeOptions
    @OptionGroup var index: IndexOptions
    @OptionGroup var server: ServerOptions

    @Flag(name: .long, help: "Redraw every --interval seconds until stopped (q or Ctrl-C).")
    var watch = false

    @Flag(name: .long, help: "Full screen, for a display beside the node (implies --watch).")
    var kiosk = false

    @Option(name: .long, help: ArgumentHelp("Seconds between redraws.", valueName: "seconds"))
    var interval: Double = 2

    func validate() throws {
        guard interval >= 0.2, interval <= 3600 else { throw ValidationError("--interval must be 0.2 to 3600 seconds") }
    }

    func run() throws {
        let config = try server.configuration(global: global, index: index, nodeURL: node.url)
        let json = global.json || !Terminal.isInteractive(fd: 1)
        let source = StatusSource(config: config, node: node, quiet: global.quiet)
        guard watch || kiosk else {
            let status = try source.read()
            Output.write(json ? status.compact + "\n" : StatusScreen(status: status, kiosk: false).text(pairing: nil))
            return
        }
        StopSignal.install()
        if json {
            while !StopSignal.requested {
                Output.write(try source.read().compact + "\n")
                Threads.sleep(seconds: interval)
            }
            return
        }
        try StatusWatch(source: source, config: config, interval: interval, kiosk: kiosk).run()
    }
}

/// Where the status comes from: the running server's page, else what this process can find itself.
struct StatusSource {
    let config: ServerConfiguration
    let node: NodeOptions
    let quiet: Bool

    /// The status page's URL (a wildcard listener is asked on loopback).
    var url: String? {
        guard let status = config.status else { return nil }
        let host: String
        switch status.host {
        case "0.0.0.0": host = "127.0.0.1"
        case "::": host = "[::1]"
        default: host = status.host.contains(":") ? "[\(status.host)]" : status.host
        }
        return "http://\(host):\(status.port)/status.json"
    }

    func read() throws -> JSONValue {
        if let url, let response = try? CurlHTTPClient().get(url: url, timeout: 5), response.status == 200,
           let value = try? JSONParser.parse(String(decoding: response.body, as: UTF8.self)), value["running"]?.boolValue == true {
            return value
        }
        return try local().json
    }

    /// Without a server: the node (if any), the index read-only, the configured listeners and the credentials.
    private func local() throws -> ServerStatus {
        let network = config.network
        var snapshot: NodeSnapshot?
        var problem: String?
        if !config.noNode {
            var options = node
            options.url = config.node
            options.timeout = min(options.timeout, 5)
            do { snapshot = try NodeSnapshot.fetch(options.client(network: network, quiet: true, requestTimeout: 5)) } catch { problem = "\(error)" }
        }
        var height = -1
        var hash: String?
        let location = IndexLocation(network: network, dataDirectory: config.dataDirectory, blocksDirectory: config.blocksDirectory, useNode: false)
        if let opened = try? AddressIndex(directory: location.indexDirectory, network: network, create: false, readOnly: true), let tip = opened.tip {
            height = tip.height
            hash = tip.hash.hex
            opened.store.close()
        }
        let invitation = try PairingInvitation.make(configuration: config, host: nil)
        let devices = ((try? ClientCredentialStore(configuration: config).list()) ?? []).filter { !$0.isRevoked && $0.kind != .enrolment }
        let listeners = config.listeners
        return ServerStatus(network: network, software: "sov \(Sov.version)", running: false, started: nil, indexHeight: height, indexHash: hash,
                            mempoolTransactions: nil, node: snapshot, nodeProblem: problem, listeners: listeners, connections: nil,
                            devices: devices, offers: invitation.offers, fingerprint: invitation.fingerprint)
    }
}
