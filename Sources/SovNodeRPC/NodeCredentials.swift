import FoundationEssentials
import SovPrimitives

/// How sov authenticates to Bitcoin Core's RPC server, and where the secret came from (for error messages;
/// the secret itself is never printed).
public enum NodeCredentials: Sendable, Equatable {
    /// Core's cookie file (`__cookie__:<hex>`), re-read on every authentication failure since the node
    /// writes a new one each start.
    case cookieFile(path: String)
    /// `rpcuser`/`rpcpassword` or an `rpcauth` user; `source` says where they were given.
    case userPassword(user: String, password: String, source: String)
    /// No credentials found (the request will get 401 from a real node).
    case none

    public var sourceDescription: String {
        switch self {
        case .cookieFile(let path): return "cookie file \(path)"
        case .userPassword(let user, _, let source): return "user '\(user)' from \(source)"
        case .none: return "no credentials (no cookie file found and no --rpc-user given)"
        }
    }

    /// Reads the user and password now (the cookie file is read at this moment).
    public func resolve() throws(NodeRPCError) -> (user: String, password: String)? {
        switch self {
        case .none: return nil
        case .userPassword(let user, let password, _): return (user, password)
        case .cookieFile(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .credentials("cannot read the cookie file \(path): is bitcoind running with this datadir, and may this user read it?")
            }
            let text = String(decoding: data, as: UTF8.self).trimmingWhitespace()
            guard let colon = text.firstIndex(of: ":") else {
                throw .credentials("cookie file \(path) is not of the form user:password")
            }
            return (String(text[..<colon]), String(text[text.index(after: colon)...]))
        }
    }
}

/// Where the node is and how to log in: resolved from options, environment and Core's datadir layout.
public struct NodeEndpoint: Sendable, Equatable {
    public var url: String
    public var credentials: NodeCredentials
    public var network: Network

    public init(url: String, credentials: NodeCredentials, network: Network) {
        self.url = url
        self.credentials = credentials
        self.network = network
    }

    /// Core's per-network subfolder of the datadir.
    public static func networkSubdirectory(_ network: Network) -> String {
        switch network {
        case .main: return ""
        case .test: return "testnet3"
        case .testnet4: return "testnet4"
        case .signet: return "signet"
        case .regtest: return "regtest"
        }
    }

    /// Resolves the endpoint: `url` (else `SOV_NODE`, else `http://127.0.0.1:<network RPC port>`);
    /// credentials from user/password (else `SOV_RPC_USER`/`SOV_RPC_PASSWORD`), else `cookie`, else the
    /// cookie file in `datadir` (default `~/.bitcoin`) under the network's subfolder.
    public static func resolve(network: Network, url: String? = nil, datadir: String? = nil, cookie: String? = nil,
                               user: String? = nil, password: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> NodeEndpoint {
        let resolvedURL = url ?? environment["SOV_NODE"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:\(network.rpcPort)"
        let normalizedURL = resolvedURL.contains("://") ? resolvedURL : "http://" + resolvedURL
        let credentials: NodeCredentials
        if let user {
            credentials = .userPassword(user: user, password: password ?? environment["SOV_RPC_PASSWORD"] ?? "", source: "--rpc-user")
        } else if let envUser = environment["SOV_RPC_USER"], !envUser.isEmpty {
            credentials = .userPassword(user: envUser, password: password ?? environment["SOV_RPC_PASSWORD"] ?? "", source: "SOV_RPC_USER")
        } else if let cookie {
            credentials = .cookieFile(path: cookie)
        } else {
            let home = environment["HOME"] ?? homeDirectory()
            let base = datadir ?? (home + "/.bitcoin")
            let sub = networkSubdirectory(network)
            credentials = .cookieFile(path: sub.isEmpty ? base + "/.cookie" : base + "/" + sub + "/.cookie")
        }
        return NodeEndpoint(url: normalizedURL, credentials: credentials, network: network)
    }

    /// `host:port` of the URL, for messages.
    public var hostAndPort: String {
        var rest = Substring(url)
        if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        return String(rest)
    }
}
