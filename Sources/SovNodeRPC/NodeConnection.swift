import FoundationEssentials
import SovPrimitives

/// How to reach the user's Bitcoin Core, as they gave it (options, configuration file): the URL, the data
/// directory holding the cookie, explicit credentials, and how long to wait for a node that is starting.
/// Anything not given is resolved from the environment and Core's defaults when an endpoint is made.
public struct NodeConnection: Sendable, Equatable {
    /// The RPC URL (default: `SOV_NODE`, else http://127.0.0.1:<network's RPC port>).
    public var url: String?
    /// Bitcoin Core's data directory (default ~/.bitcoin), where the cookie and the block files are.
    public var datadir: String?
    /// A cookie file to authenticate with.
    public var cookie: String?
    public var user: String?
    public var password: String?
    /// Seconds to wait for a node that is still starting.
    public var warmupTimeout: Double

    public init(url: String? = nil, datadir: String? = nil, cookie: String? = nil, user: String? = nil, password: String? = nil,
                warmupTimeout: Double = 30) {
        self.url = url
        self.datadir = datadir
        self.cookie = cookie
        self.user = user
        self.password = password
        self.warmupTimeout = warmupTimeout
    }

    /// The endpoint on `network`, with credentials resolved (options, then environment, then the cookie).
    public func endpoint(network: Network) -> NodeEndpoint {
        NodeEndpoint.resolve(network: network, url: url, datadir: datadir, cookie: cookie, user: user, password: password)
    }

    /// A client; `warmupProgress` hears about a node that is still starting (message, seconds waited).
    public func client(network: Network, requestTimeout: Double = 60,
                       warmupProgress: (@Sendable (String, Double) -> Void)? = nil) -> NodeRPCClient {
        NodeRPCClient(endpoint: endpoint(network: network), requestTimeout: requestTimeout, warmupTimeout: warmupTimeout,
                      warmupProgress: warmupProgress)
    }

    /// Core's blocks folder on `network`: `<datadir>/<network's subfolder>/blocks` (datadir ~/.bitcoin by default).
    public func blocksDirectory(network: Network) -> String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? homeDirectory()
        let base = datadir ?? home + "/.bitcoin"
        let sub = NodeEndpoint.networkSubdirectory(network)
        return sub.isEmpty ? base + "/blocks" : base + "/" + sub + "/blocks"
    }
}
