import SovElectrumClient
import SovJSON
import SovPrimitives

extension Wallet {
    /// Sends `transaction` through the server behind `client`; returns its txid once the server's node took it.
    public func broadcast(_ transaction: Transaction, client: ElectrumClient, server: String) async throws(WalletError) -> Txid {
        let calls = ServerCalls(client: client, server: server)
        try await calls.negotiate()
        let method = "blockchain.transaction.broadcast"
        let answer = try await Self.send(method, [.string(transaction.serialized().hex)], client: client, server: server)
        guard let text = answer.stringValue, let txid = Txid(text), txid == transaction.txid else {
            throw calls.fault(.malformedAnswer(method: method, detail: answer.compact))
        }
        return txid
    }

    /// Sends a package, parents first and the child last (`blockchain.transaction.broadcast_package`, protocol
    /// 1.6, Core's `submitpackage`): the node judges them together, so a child can pay for a parent whose own fee
    /// is too low to relay. Returns their txids once the node took them all.
    public func broadcastPackage(_ transactions: [Transaction], client: ElectrumClient, server: String) async throws(WalletError) -> [Txid] {
        let calls = ServerCalls(client: client, server: server)
        let method = "blockchain.transaction.broadcast_package"
        do { _ = try await client.call("server.version", [.string("sov-wallet"), .array([.string("1.6"), .string("1.6")])]) } catch {
            if let error = error as? ElectrumClientError, ServerCalls.isServerAnswer(error) {
                throw .broadcastRejected("the server does not speak Electrum protocol 1.6, which broadcasting a package needs (\(error))")
            }
            throw .serverUnreachable(server: server, reason: "\(error)")
        }
        let answer = try await Self.send(method, [.array(transactions.map { .string($0.serialized().hex) })], client: client, server: server)
        guard let success = answer["success"]?.boolValue else { throw calls.fault(.malformedAnswer(method: method, detail: answer.compact)) }
        guard success else {
            let reasons = (answer["errors"]?.arrayValue ?? []).map { "\($0["txid"]?.stringValue ?? "?"): \($0["error"]?.stringValue ?? "?")" }
            throw .broadcastRejected("the package was refused" + (reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; ")))
        }
        return transactions.map(\.txid)
    }

    /// One broadcasting call: the node's refusal comes back as the server's error (`broadcastRejected`); anything
    /// else is the connection.
    private static func send(_ method: String, _ params: [JSONValue], client: ElectrumClient, server: String) async throws(WalletError) -> JSONValue {
        do { return try await client.call(method, params) } catch {
            if let error = error as? ElectrumClientError, case .server(_, let message) = error { throw .broadcastRejected(message) }
            throw .serverUnreachable(server: server, reason: "\(error)")
        }
    }
}
