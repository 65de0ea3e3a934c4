import ArgumentParser
import FoundationEssentials
import SovElectrumClient
import SovJSON
import SovPrimitives
import SovWallet

/// The fee rate of a payment: given, or estimated by the wallet's server for a confirmation target.
struct FeeRateOptions: ParsableArguments {
    @Option(name: .customLong("fee-rate"), help: ArgumentHelp("Fee rate in sat/vB.", valueName: "sat/vB"))
    var feeRate: Double?

    @Option(name: .customLong("conf-target"), help: ArgumentHelp("Ask the server's fee estimate for confirmation within N blocks (default 6 without --fee-rate).", valueName: "n"))
    var confTarget: Int?

    @Option(name: .long, help: ArgumentHelp("The server to ask for the estimate (default: the wallet's last server).", valueName: "server"))
    var server: String?

    func validate() throws {
        if feeRate != nil && confTarget != nil { throw ValidationError("give --fee-rate or --conf-target, not both") }
        if let feeRate, !(feeRate > 0 && feeRate.isFinite) { throw ValidationError("--fee-rate must be above 0") }
        if let confTarget, !(1...1008).contains(confTarget) { throw ValidationError("--conf-target must be 1 to 1008 blocks") }
    }

    /// sat/vB: `--fee-rate`, else the server's `blockchain.estimatefee` for the target (at least 1 sat/vB).
    func resolve(wallet: Wallet, network: Network) async throws -> Double {
        if let feeRate { return feeRate }
        let target = confTarget ?? 6
        let client: ElectrumClient
        let serverText: String
        do { (client, serverText) = try await WalletServer.connect(wallet: wallet, option: server, fingerprint: nil, network: network) } catch let error as WalletError {
            throw fail("cannot reach the server for a fee estimate (or give --fee-rate): \(error.message(network: network))",
                       status: ExitStatus.unavailable)
        }
        defer { Task { await client.close() } }
        let estimate: Double?
        do { estimate = try await Wallet.estimateFeeRate(client: client, server: serverText, blocks: target) } catch {
            throw fail("the server \(serverText) gave no fee estimate: \(error.message(network: network)); give --fee-rate", status: ExitStatus.unavailable)
        }
        guard let estimate else {
            throw fail("the server \(serverText) has no fee estimate for \(target) blocks; give --fee-rate", status: ExitStatus.unavailable)
        }
        return estimate
    }
}
