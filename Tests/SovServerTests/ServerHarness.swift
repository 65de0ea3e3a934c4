import Foundation
import NIOSSL
import SovElectrum
import SovElectrumClient
import SovIndex
import SovJSON
import SovNodeDouble
import SovNodeRPC
import SovPrimitives
import SovServer
import SovTestSupport

/// A running server for the socket tests: the node double at a checkpoint, an index built from it, and a
/// `ServerRuntime` listening on loopback (TCP and WebSocket, ports chosen by the system). The chain follower
/// is driven by the test (`follow()`), so each step's notifications can be checked.
final class ServerHarness: @unchecked Sendable {
    let node: NodeDouble
    let nodeClient: NodeRPCClient
    let directory: String
    let runtime: ServerRuntime
    let follower: ChainFollower
    let bound: ServerRuntime.Bound

    /// Every connection is an anonymous remote client (as with authentication off): the `public` limits apply.
    static let anonymous: ConnectionAuthorizer = { _ in .anonymous(reason: "authentication is not required") }

    /// A loopback address of the 127/8 block other than 127.0.0.1, for tests that count connections: a stray
    /// client of the whole test run (an Electrum daemon retrying the port of a server that has stopped, which
    /// the kernel may hand to this one) dials 127.0.0.1 and cannot reach a server listening here. Connections
    /// still come from 127.0.0.1.
    static var privateLoopback: String { "127.0.0.\(Int.random(in: 2...254))" }

    static func start(state: String? = nil, limits: ServerLimits = .forTests, metrics: Bool = false, tls: TLSConfiguration? = nil,
                      followOverZMQ: Bool = false, authorize: @escaping ConnectionAuthorizer = { _ in .allowed(reason: "loopback client") },
                      host: String = "127.0.0.1") async throws -> ServerHarness {
        let node = try NodeDouble(fixture: try FixtureChain(name: "regtest"), state: state)
        if followOverZMQ { try node.enableBlockNotifications() }
        let client = NodeRPCClient(endpoint: NodeEndpoint(url: node.url, credentials: .cookieFile(path: node.cookiePath), network: .regtest))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sov-server-\(UUID().uuidString)").path
        let index = try AddressIndex(directory: directory, network: .regtest, create: true)
        index.blockSource = CompositeBlockSource(files: nil, node: NodeBlockSource(client: client))
        let sync = IndexSync(index: index, files: nil, node: client)
        // Indexing blocks on RPC: off the cooperative pool, which the other tests' clients need.
        _ = try await offThePool { try sync.sync(to: try sync.nodeChain(from: 0)) }
        let genesis = try index.blockRecord(height: 0)!.hash.hex
        let options = ServerRuntime.Options(
            listeners: [ServerListener(.tcp, host: host, port: 0), ServerListener(.ws, host: host, port: 0)]
                + (tls == nil ? [] : [ServerListener(.tls, host: host, port: 0), ServerListener(.wss, host: host, port: 0)]),
            metrics: metrics ? ServerListener(.tcp, host: "127.0.0.1", port: 0) : nil,
            limits: limits, tls: tls, identity: ServerIdentity(genesisHash: genesis, software: "sov test"),
            authorize: authorize, pollInterval: 3600, zmqEndpoint: node.blockNotifications?.address, reorgLimit: 100,
            follow: followOverZMQ)
        let runtime = try ServerRuntime(sync: sync, node: client, blocksDirectory: nil, network: .regtest, options: options, log: { _ in })
        let follower = ChainFollower(sync: sync, server: runtime.context, node: client, blocksDirectory: nil, network: .regtest,
                                     reorgLimit: 100, interval: 3600, zmqEndpoint: nil, log: { _ in })
        let bound = try await runtime.start()
        return ServerHarness(node: node, nodeClient: client, directory: directory, runtime: runtime, follower: follower, bound: bound)
    }

    private init(node: NodeDouble, nodeClient: NodeRPCClient, directory: String, runtime: ServerRuntime, follower: ChainFollower,
                 bound: ServerRuntime.Bound) {
        self.node = node
        self.nodeClient = nodeClient
        self.directory = directory
        self.runtime = runtime
        self.follower = follower
        self.bound = bound
    }

    func address(_ transport: ServerListener.Transport) -> ElectrumServerAddress {
        let l = bound.listeners.first { $0.transport == transport }!
        switch transport {
        case .tcp: return ElectrumServerAddress(host: l.host, port: l.port, transport: .tcp)
        case .tls: return ElectrumServerAddress(host: l.host, port: l.port, transport: .tls)
        case .ws: return ElectrumServerAddress(host: l.host, port: l.port, transport: .webSocket, path: "/")
        case .wss: return ElectrumServerAddress(host: l.host, port: l.port, transport: .secureWebSocket, path: "/")
        }
    }

    /// A client that has negotiated `version`.
    func client(_ transport: ServerListener.Transport = .tcp, version: String = "1.6", headers: [(String, String)] = [],
                tls: ElectrumClientTLS = .acceptAny) async throws -> ElectrumClient {
        let client = try await ElectrumClient.connect(to: address(transport), tls: tls, headers: headers, callTimeout: .seconds(30))
        _ = try await client.call("server.version", [.string("sov-tests"), .string(version)])
        return client
    }

    /// A raw line connection (nothing sent yet).
    func connection(_ transport: ServerListener.Transport = .tcp) async throws -> ElectrumConnection {
        try await ElectrumConnection.connect(to: address(transport))
    }

    /// Moves the node double to `label` and lets the server follow it.
    @discardableResult
    func follow(to label: String) throws -> ChainChange? {
        try node.step(to: label)
        return try follower.step()
    }

    func stop() async {
        await runtime.shutdown()
        node.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// The record of every script: ../shared/fixtures/regtest/scripts.json.
enum ScriptRecord {
    static func scripts() throws -> [(hash: String, record: JSONValue)] {
        try SharedData.json("fixtures/regtest/scripts.json")["scripthashes"]!.objectValue!.entries.map { ($0.0, $0.1) }
    }

    /// Confirmed txids of a script in block order (each once), from its recorded events.
    static func confirmedHistory(_ record: JSONValue) -> [String] {
        let events = record["events"]!.arrayValue!.filter { $0["height"]!.intValue! > 0 }
            .sorted { ($0["height"]!.intValue!, $0["pos"]!.intValue!) < ($1["height"]!.intValue!, $1["pos"]!.intValue!) }
        var seen = Set<String>()
        return events.map { $0["txid"]!.stringValue! }.filter { seen.insert($0).inserted }
    }
}

extension ServerLimits {
    /// The defaults, except the two timeouts that judge how promptly a client acts: the clients of these tests
    /// run on `swift test`'s cooperative pool (one thread per core, shared by every test of the process), where a
    /// continuation can wait many seconds on a loaded 2-core machine, and a server that cut them off for it
    /// would fail tests that are about something else. The tests of those timeouts set them explicitly.
    static var forTests: ServerLimits {
        var limits = ServerLimits()
        limits.handshakeTimeoutSeconds = 600
        limits.slowReaderTimeoutSeconds = 600
        return limits
    }
}
