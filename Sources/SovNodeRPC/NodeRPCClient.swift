import FoundationEssentials
import SovPrimitives
import SovJSON

/// One JSON-RPC request: method and positional (or named) parameters.
public struct RPCRequest: Sendable {
    public var method: String
    public var params: JSONValue

    public init(_ method: String, _ params: [JSONValue] = []) {
        self.method = method
        self.params = .array(params)
    }

    public init(_ method: String, named: [(String, JSONValue)]) {
        self.method = method
        self.params = .object(JSONObject(named))
    }
}

/// A JSON-RPC client for Bitcoin Core over HTTP (libcurl), with connection reuse, batches, wallet
/// endpoints, and warm-up (-28) waited out up to `warmupTimeout`.
public final class NodeRPCClient: @unchecked Sendable {
    public let endpoint: NodeEndpoint
    /// Bound on one HTTP exchange.
    public let requestTimeout: Double
    /// How long to keep retrying while the node answers -28 (starting up); 0 fails at once.
    public let warmupTimeout: Double
    /// Called while waiting for warm-up with Core's message and the seconds waited so far.
    public let warmupProgress: (@Sendable (String, Double) -> Void)?

    private let http = CurlHTTPClient()
    private let lock = Lock()
    private var nextID = 1
    private var cachedAuth: (user: String, password: String)??

    public init(endpoint: NodeEndpoint, requestTimeout: Double = 30, warmupTimeout: Double = 0,
                warmupProgress: (@Sendable (String, Double) -> Void)? = nil) {
        self.endpoint = endpoint
        self.requestTimeout = requestTimeout
        self.warmupTimeout = warmupTimeout
        self.warmupProgress = warmupProgress
    }

    /// Calls `method` with positional parameters and returns its `result`.
    public func call(_ method: String, _ params: [JSONValue] = [], wallet: String? = nil) throws(NodeRPCError) -> JSONValue {
        try call(RPCRequest(method, params), wallet: wallet)
    }

    public func call(_ request: RPCRequest, wallet: String? = nil) throws(NodeRPCError) -> JSONValue {
        let start = Date()
        while true {
            do {
                let id = takeID()
                let body = JSONValue.object(JSONObject([("jsonrpc", .string("1.0")), ("id", .int(id)),
                                                        ("method", .string(request.method)), ("params", request.params)]))
                let response = try exchange(body.compact, wallet: wallet)
                return try NodeRPCClient.result(of: response.value, status: response.status)
            } catch .rpc(let code, let message) where code == NodeRPCError.warmingUp {
                let waited = Date().timeIntervalSince(start)
                guard waited < warmupTimeout else {
                    if warmupTimeout > 0 { throw .warmupTimeout(lastMessage: message, seconds: waited) }
                    throw .rpc(code: code, message: message)
                }
                warmupProgress?(message, waited)
                Threads.sleep(seconds: min(0.5, max(0.05, warmupTimeout - waited)))
            }
        }
    }

    /// Sends several calls in one HTTP request; results come back in request order, each a success or
    /// the RPC error for that call.
    public func batch(_ requests: [RPCRequest], wallet: String? = nil) throws(NodeRPCError) -> [Result<JSONValue, NodeRPCError>] {
        guard !requests.isEmpty else { return [] }
        let firstID = takeIDs(requests.count)
        let body = JSONValue.array(requests.enumerated().map { i, r in
            .object(JSONObject([("jsonrpc", .string("1.0")), ("id", .int(firstID + i)),
                                ("method", .string(r.method)), ("params", r.params)]))
        })
        let response = try exchange(body.compact, wallet: wallet)
        guard let items = response.value.arrayValue else {
            // Core answers a whole-batch failure (e.g. warm-up) with a single error object.
            _ = try NodeRPCClient.result(of: response.value, status: response.status)
            throw .malformedResponse(status: response.status, detail: "batch answer is not an array")
        }
        var byID: [Int: JSONValue] = [:]
        for item in items { if let id = item["id"]?.intValue { byID[id] = item } }
        return (0..<requests.count).map { (i) -> Result<JSONValue, NodeRPCError> in
            guard let item = byID[firstID + i] else {
                return .failure(.malformedResponse(status: response.status, detail: "no answer for request \(i) in the batch"))
            }
            return Result { () throws(NodeRPCError) -> JSONValue in try NodeRPCClient.result(of: item, status: 200) }
        }
    }

    private func takeID() -> Int { takeIDs(1) }

    private func takeIDs(_ count: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        let id = nextID
        nextID += count
        return id
    }

    private func credentials(refresh: Bool) throws(NodeRPCError) -> (user: String, password: String)? {
        lock.lock()
        if !refresh, let cached = cachedAuth { lock.unlock(); return cached }
        lock.unlock()
        let resolved = try endpoint.credentials.resolve()
        lock.lock(); cachedAuth = .some(resolved); lock.unlock()
        return resolved
    }

    /// One HTTP exchange; on 401 the credentials are read again once (a restarted node writes a new cookie).
    private func exchange(_ body: String, wallet: String?) throws(NodeRPCError) -> (status: Int, value: JSONValue) {
        var url = endpoint.url
        if let wallet {
            // A path segment: what RFC 3986 allows there stays, everything else (the slash included) is %XX.
            let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@".utf8)
            let escaped = wallet.utf8.map { allowed.contains($0) ? String(UnicodeScalar($0)) : String(cFormat: "%%%02X", UInt32($0)) }.joined()
            url = (url.hasSuffix("/") ? String(url.dropLast()) : url) + "/wallet/" + escaped
        }
        var refreshed = false
        while true {
            let auth: (user: String, password: String)?
            do { auth = try credentials(refresh: refreshed) } catch {
                // An unreadable cookie most often means the node is not running: say that when it is so.
                do {
                    _ = try http.post(url: url, body: Array(body.utf8), user: nil, password: nil, timeout: min(requestTimeout, 5))
                } catch .connectionRefused {
                    throw .unreachable(endpoint: endpoint.hostAndPort, detail: "connection refused")
                } catch {}
                throw error
            }
            let response: HTTPResponse
            do {
                response = try http.post(url: url, body: Array(body.utf8), user: auth?.user, password: auth?.password, timeout: requestTimeout)
            } catch {
                let detail: String
                switch error {
                case .connectionRefused: detail = "connection refused"
                case .timedOut: detail = "timed out after \(Int(requestTimeout)) s"
                case .unresolvedHost: detail = "host not found"
                case .other(_, let message): detail = message
                }
                throw .unreachable(endpoint: endpoint.hostAndPort, detail: detail)
            }
            if response.status == 401 || response.status == 403 {
                if !refreshed, case .cookieFile = endpoint.credentials { refreshed = true; continue }
                throw .unauthorized(endpoint: endpoint.hostAndPort, credentials: endpoint.credentials.sourceDescription)
            }
            var bytes = response.body
            guard let value = try? JSONParser.parse(bytes: &bytes) else {
                let text = String(decoding: response.body.prefix(200), as: UTF8.self).trimmingWhitespace()
                throw .malformedResponse(status: response.status, detail: text.isEmpty ? "empty body" : text)
            }
            return (response.status, value)
        }
    }

    /// The `result` of a JSON-RPC answer, or its `error` thrown.
    static func result(of answer: JSONValue, status: Int) throws(NodeRPCError) -> JSONValue {
        guard case .object(let object) = answer else { throw .malformedResponse(status: status, detail: "answer is not an object") }
        if let error = object["error"], !error.isNull {
            throw .rpc(code: error["code"]?.intValue ?? 0, message: error["message"]?.stringValue ?? error.compact)
        }
        guard let result = object["result"] else { throw .malformedResponse(status: status, detail: "no result") }
        return result
    }
}
