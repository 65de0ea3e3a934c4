import SovElectrumClient
import SovJSON

/// One server's calls as the wallet makes them, every failure a `WalletError`: a connection that goes away is
/// `serverUnreachable`; an answer that is an error or not the protocol's shape is a `serverMisbehaved` fault,
/// since the wallet only asks what a server must answer.
struct ServerCalls {
    let client: ElectrumClient
    /// The server as the user named it, for messages.
    let server: String

    /// `server.version`, the first call the protocol expects.
    func negotiate() async throws(WalletError) {
        _ = try await call("server.version", [.string("sov-wallet"), .string("1.4")])
    }

    func call(_ method: String, _ params: [JSONValue]) async throws(WalletError) -> JSONValue {
        do { return try await client.call(method, params) } catch let error as ElectrumClientError {
            if Self.isServerAnswer(error) { throw fault(.malformedAnswer(method: method, detail: error.description)) }
            throw unreachable(error)
        } catch {
            throw .serverUnreachable(server: server, reason: "\(error)")
        }
    }

    func batch(_ calls: [(String, [JSONValue])]) async throws(WalletError) -> [Result<JSONValue, ElectrumClientError>] {
        do { return try await client.batch(calls.map { (method: $0.0, params: $0.1) }) } catch let error as ElectrumClientError {
            throw unreachable(error)
        } catch {
            throw .serverUnreachable(server: server, reason: "\(error)")
        }
    }

    /// One answer of a batch, or its failure.
    func result(_ answer: Result<JSONValue, ElectrumClientError>, _ method: String) throws(WalletError) -> JSONValue {
        switch answer {
        case .success(let value): return value
        case .failure(let error):
            if Self.isServerAnswer(error) { throw fault(.malformedAnswer(method: method, detail: error.description)) }
            throw unreachable(error)
        }
    }

    /// Whether the server answered (with an error or nonsense) rather than went away.
    static func isServerAnswer(_ error: ElectrumClientError) -> Bool {
        switch error {
        case .server, .protocolViolation: return true
        case .closed, .timeout, .connect: return false
        }
    }

    func unreachable(_ error: ElectrumClientError) -> WalletError {
        .serverUnreachable(server: server, reason: error.description)
    }

    func fault(_ fault: ServerFault) -> WalletError { .serverMisbehaved(server: server, fault: fault) }
}
