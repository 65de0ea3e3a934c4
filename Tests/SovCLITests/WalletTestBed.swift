import Foundation
import SovJSON
import SovTestSupport
import Testing

/// `sov serve` on the fixture chain (block files alone) and a wallet directory holding the fixture mnemonic's
/// wallets, created and synced from it: what most wallet and tx tests start from. Stops and cleans up on release.
final class WalletTestBed {
    let server: SovServeProcess
    let serverDirectory: URL
    let wallets: URL
    /// The server as `sov wallet sync --server` takes it.
    let address: String
    let mnemonic: String

    /// `wallets`: (name, account type) of each wallet to create and sync.
    init(wallets named: [(name: String, type: String)]) async throws {
        (server, serverDirectory) = try await WalletCommandTests.startServer()
        wallets = try Fixtures.temporaryDirectory()
        address = try #require(server.tcpAddress) + ":t"
        mnemonic = try WalletCommandTests.mnemonic.get()
        for (name, type) in named {
            let created = try await TxCommandTests.sov(["wallet", "create", name, "--mnemonic-stdin", "--type", type], dataDir: wallets, input: mnemonic)
            try #require(created.status == 0, "\(created.stderr)")
            let synced = try await TxCommandTests.sov(["wallet", "sync", "-w", name, "--server", address], dataDir: wallets)
            try #require(synced.status == 0, "\(synced.stderr)")
        }
    }

    deinit {
        _ = server.stop()
        try? FileManager.default.removeItem(at: serverDirectory)
        try? FileManager.default.removeItem(at: wallets)
    }

    /// Runs `sov` on this bed's wallets.
    func sov(_ arguments: [String], input: String? = nil) async throws -> SovResult {
        try await TxCommandTests.sov(arguments, dataDir: wallets, input: input)
    }

    /// An address that is not the wallet's: the fixture's 2-of-3 P2WSH multisig.
    static func recipient() throws -> String {
        try #require(try SharedData.json("fixtures/regtest/wallet.json")["multisig_p2wsh"]?["address"]?.stringValue)
    }
}
