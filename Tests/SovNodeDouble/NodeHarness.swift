import Foundation
import SovTestSupport
import SovJSON
import SovPrimitives

/// A node to test against: the fixture double by default, or a real `bitcoind` when `SOV_BITCOIND`
/// names one. Tests only use what every harness can answer, so they run unchanged against both.
public protocol NodeHarness: AnyObject, Sendable {
    var url: String { get }
    var cookiePath: String { get }
    var datadir: URL { get }
    /// Whether this is the double (fixture-specific checks and fault injection are available).
    var isDouble: Bool { get }
    /// Height and hashes of the active chain, as the harness itself knows them.
    var expectedBlockHashes: [String] { get }
    /// Transactions in the mempool, as the harness put them there.
    var expectedMempool: [String] { get }
    func stop()
}

extension NodeDouble: NodeHarness {
    public var isDouble: Bool { true }
    public var expectedBlockHashes: [String] {
        guard let checkpoint = fixture.checkpoints.first(where: { $0.label == stateLabel }) else { return [] }
        return fixture.activeChain(at: checkpoint).map { Hex.encodeReversed(Hashes.hash256($0.prefix(80))) }
    }
    public var expectedMempool: [String] {
        fixture.checkpoints.first { $0.label == stateLabel }?.mempool.map(\.txid) ?? []
    }
}

public enum NodeHarnesses {
    /// The real node's binary when `SOV_BITCOIND` is set.
    public static var bitcoindPath: String? {
        ProcessInfo.processInfo.environment["SOV_BITCOIND"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The nodes a test can run against.
    public enum Kind: Sendable, CustomStringConvertible {
        /// The double serving the regtest fixture.
        case double
        /// A real bitcoind (`SOV_BITCOIND`).
        case bitcoind(path: String)

        public var description: String {
            switch self {
            case .double: "the node double"
            case .bitcoind(let path): "bitcoind at \(path)"
            }
        }
    }

    /// The double, and the real node when `SOV_BITCOIND` names one: node tests run against each.
    public static var kinds: [Kind] { [.double] + (bitcoindPath.map { [.bitcoind(path: $0)] } ?? []) }

    /// A running node of `kind`.
    public static func start(_ kind: Kind) throws -> any NodeHarness {
        switch kind {
        case .double: return try NodeDouble(fixture: try FixtureChain(name: "regtest"))
        case .bitcoind(let path): return try RealBitcoind(binary: path)
        }
    }
}

/// A real bitcoind started in regtest in a temporary datadir; it mines 110 blocks to a fixture address
/// and broadcasts nothing else.
public final class RealBitcoind: NodeHarness, @unchecked Sendable {
    public let datadir: URL
    public private(set) var port: Int
    public var url: String { "http://127.0.0.1:\(port)" }
    public var cookiePath: String { datadir.appendingPathComponent("regtest/.cookie").path }
    public var isDouble: Bool { false }
    public private(set) var expectedBlockHashes: [String] = []
    public var expectedMempool: [String] { [] }
    private var daemon: Daemon?

    /// `arguments` are added to bitcoind's command line (ZMQ endpoints, for example).
    public init(binary: String, arguments: [String] = []) throws {
        datadir = FileManager.default.temporaryDirectory.appendingPathComponent("sov-bitcoind-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: datadir, withIntermediateDirectories: true)
        port = 0
        // The RPC port is one the kernel just gave out, bound on 127.0.0.1 only: if another test's server took
        // it meanwhile, bitcoind cannot bind, exits, and is started again on another port. (With a random port
        // and the default binds, bitcoind once kept only [::1] while curl's 127.0.0.1 reached another server and
        // waited for ever.)
        var started = false
        for _ in 0..<5 where !started {
            port = Int(try freeLoopbackPort())
            // A clean signal mask (Daemon): with the test runner's mask inherited, bitcoind never saw SIGTERM.
            let daemon = try Daemon(binary, ["-regtest", "-datadir=\(datadir.path)", "-rpcport=\(port)", "-rpcbind=127.0.0.1",
                                             "-rpcallowip=127.0.0.1", "-listen=0", "-server=1", "-txindex=1", "-blockfilterindex=1",
                                             "-fallbackfee=0.0001", "-printtoconsole=0"] + arguments)
            self.daemon = daemon
            let deadline = Date().addingTimeInterval(60)
            while !FileManager.default.fileExists(atPath: cookiePath) && daemon.isRunning {
                guard Date() < deadline else { throw NSError(domain: "RealBitcoind", code: 1) }
                Thread.sleep(forTimeInterval: 0.1)
            }
            started = daemon.isRunning && FileManager.default.fileExists(atPath: cookiePath)
            if !started { _ = daemon.stop(within: 5) }
        }
        guard started else { throw NSError(domain: "RealBitcoind", code: 4, userInfo: [NSLocalizedDescriptionKey: "bitcoind did not start"]) }
        // Mine to the first fixture address so the chain has blocks and coinbase transactions.
        let hashes = try rpc("generatetoaddress", [.int(110), .string("bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk")])
        let genesis = try rpc("getblockhash", [.int(0)])
        expectedBlockHashes = [genesis.stringValue!] + (hashes.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// A bare JSON-RPC call with curl's command-line tool, independent of the client under test.
    public func rpc(_ method: String, _ params: [JSONValue] = []) throws -> JSONValue {
        let cookie = try String(contentsOfFile: cookiePath, encoding: .utf8)
        let body = JSONValue.object(JSONObject([("jsonrpc", .string("1.0")), ("id", .int(1)), ("method", .string(method)), ("params", .array(params))])).compact
        for _ in 0..<300 {
            let curl = Process()
            curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            // (Bounded: an answer that never comes fails the call instead of the whole test run.)
            curl.arguments = ["-s", "--max-time", "120", "--user", cookie, "--data-binary", body, "-H", "content-type: text/plain;", url]
            let pipe = Pipe()
            curl.standardOutput = pipe
            try curl.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            try curl.waitUntilExit(within: 180)
            if curl.terminationStatus == 28 {
                throw NSError(domain: "RealBitcoind", code: 5, userInfo: [NSLocalizedDescriptionKey: "\(method): no answer from \(url) in 120 s"])
            }
            if let answer = try? JSONParser.parse(String(decoding: data, as: UTF8.self)) {
                if answer["error"]?["code"]?.intValue == -28 { Thread.sleep(forTimeInterval: 0.2); continue }
                if let result = answer["result"], answer["error"]?.isNull ?? true { return result }
                throw NSError(domain: "RealBitcoind", code: 2, userInfo: [NSLocalizedDescriptionKey: answer.compact])
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw NSError(domain: "RealBitcoind", code: 3)
    }

    /// The `stop` RPC, a wait of up to 30 s, then SIGTERM and SIGKILL (Daemon.stop) if it is still there.
    public func stop() {
        if let daemon, daemon.isRunning {
            _ = try? rpc("stop", [])
            if !daemon.wait(seconds: 30) { daemon.stop(within: 15) }
        }
        try? FileManager.default.removeItem(at: datadir)
    }

    deinit { stop() }
}
