import SovElectrumClient
import SovJSON
import SovPrimitives

/// What a second server said of the wallet's verified state.
public struct CrossCheckReport: Sendable, Equatable {
    public var server: String
    /// Whether the second server's header at the wallet's tip is the wallet's.
    public var tipAgrees: Bool
    /// The second server's chain height.
    public var serverHeight: Int
    public var scriptsCompared: Int
    /// Scripts whose status the second server gives differently: one of the two servers leaves out (or adds)
    /// transactions of these scripts.
    public var disagreements: [ScriptHash]
}

extension Wallet {
    /// Asks a second server for the status of every script the wallet knows and its header at the wallet's tip,
    /// and compares them with what the wallet verified from the first. A server that leaves a transaction out
    /// of a history, announcing the status of what it returns, cannot be caught alone: a second one can.
    public func crossCheck(client: ElectrumClient, server: String) async throws(WalletError) -> CrossCheckReport {
        let calls = ServerCalls(client: client, server: server)
        try await calls.negotiate()
        guard let tip = try tip() else { throw .invalidPayment("sync the wallet from one server before cross-checking with another") }
        let serverHeight = try await calls.call("blockchain.headers.subscribe", [])["height"]?.intValue ?? -1
        var tipAgrees = false
        if serverHeight >= tip.height {
            let answer = try await calls.call("blockchain.block.header", [.int(tip.height)])
            if let hex = answer.stringValue, let bytes = try? Hex.decode(hex), let header = try? BlockHeader(bytes: bytes) {
                tipAgrees = header.hash == tip.hash
            }
        }
        let scripts = try store.read { try store.scripts() }
        var disagreements: [ScriptHash] = []
        for start in stride(from: 0, to: scripts.count, by: WalletSynchronizer.batchSize) {
            let part = Array(scripts[start..<min(start + WalletSynchronizer.batchSize, scripts.count)])
            let method = "blockchain.scripthash.subscribe"
            let answers = try await calls.batch(part.map { (method, [JSONValue.string($0.scriptHash.hex)]) })
            for (script, answer) in zip(part, answers) {
                if try calls.result(answer, method).stringValue != script.status { disagreements.append(script.scriptHash) }
            }
        }
        return CrossCheckReport(server: server, tipAgrees: tipAgrees, serverHeight: serverHeight, scriptsCompared: scripts.count,
                                disagreements: disagreements)
    }
}
