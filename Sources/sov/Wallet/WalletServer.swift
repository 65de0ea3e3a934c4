import FoundationEssentials
import SovElectrumClient
import SovPrimitives
import SovServer
import SovWallet

/// Which server a wallet syncs from, and whether it is the owner's own.
enum WalletServer {
    /// `--server`, else the wallet's last server, else the local `sov serve` of the network.
    static func address(option: String?, last: String?, network: Network) -> String {
        option ?? last ?? "127.0.0.1:\(ServerConfiguration.defaultTCPPort(for: network)):t"
    }

    /// Connects to `server` (TLS pinned to `fingerprint` when given); an unreachable server is
    /// `WalletError.serverUnreachable`.
    static func connect(_ server: String, fingerprint: String? = nil, timeout: Int = 60) async throws -> ElectrumClient {
        guard let address = ElectrumServerAddress(server) else {
            throw fail("'\(server)' is not a server address; give --server", status: ExitStatus.usage)
        }
        let tls = fingerprint.map { ElectrumClientTLS.pinned(sha256: $0) } ?? .acceptAny
        do {
            return try await ElectrumClient.connect(to: address, tls: tls, timeout: .seconds(timeout), callTimeout: .seconds(timeout))
        } catch {
            throw WalletError.serverUnreachable(server: server, reason: "\(error)")
        }
    }

    /// Connects a wallet to its server: `option` (--server) if given, else the paired server (certificate
    /// pinned, device token presented), else the last server, else this machine's `sov serve`. `fingerprint`
    /// (--tls-fingerprint) pins another certificate. Returns the client and the server's text.
    static func connect(wallet: Wallet, option: String?, fingerprint: String?, network: Network, timeout: Int = 60) async throws -> (ElectrumClient, String) {
        let pairing: ServerPairing?
        let last: String?
        do {
            pairing = try wallet.pairing()
            last = try wallet.lastSync()?.server
        } catch {
            throw error.report(network: network)
        }
        let server = option ?? pairing?.server ?? address(option: nil, last: last, network: network)
        guard let pairing, pairing.server == server else {
            return (try await connect(server, fingerprint: fingerprint, timeout: timeout), server)
        }
        let client = try await connect(server, fingerprint: fingerprint ?? pairing.fingerprint, timeout: timeout)
        do {
            _ = try await client.call("server.authenticate", [.string(pairing.token)])
        } catch ElectrumClientError.server(_, let message) {
            await client.close()
            throw fail("\(server) refused this wallet's device '\(pairing.device)' (revoked?): \(message); pair again with 'sov wallet connect'",
                       status: ExitStatus.noPermission)
        } catch {
            await client.close()
            throw WalletError.serverUnreachable(server: server, reason: "\(error)")
        }
        return (client, server)
    }

    /// Whether `server` is on this machine or a private network (loopback, RFC 1918, link-local, unique-local,
    /// `.local`, `.onion`): a server its owner runs, rather than a stranger's.
    static func isOwn(_ server: String) -> Bool {
        guard let address = ElectrumServerAddress(server) else { return false }
        let host = address.host.lowercased()
        if host == "localhost" || host.hasSuffix(".local") || host.hasSuffix(".onion") || host == "::1" { return true }
        if host.contains(":"), host.hasPrefix("fe80:") || host.hasPrefix("fc") || host.hasPrefix("fd") { return true }
        let parts = host.split(separator: ".").compactMap { Int($0) }
        guard parts.count == 4, host.split(separator: ".").count == 4 else { return false }
        switch (parts[0], parts[1]) {
        case (127, _), (10, _), (192, 168), (169, 254): return true
        case (172, 16...31): return true
        default: return false
        }
    }
}
