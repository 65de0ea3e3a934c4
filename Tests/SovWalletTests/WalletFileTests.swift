import Foundation
import SovPrimitives
import SovTestSupport
import SovWallet
import Testing

@Suite(.needsSharedData) struct WalletFileTests {
    static func directory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sov-wallet-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    @Test func createOpenListDelete() throws {
        let directory = try Self.directory() + "/wallets"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let keychains = try AccountDescriptorTests.keychains(.tr)
        let wallet = try Wallet.create(name: "alice", in: directory, keychains: keychains, gapLimit: 7, origin: "mnemonic tr account 0")
        #expect(wallet.keychains == keychains)
        #expect(try wallet.tip() == nil)
        #expect(try wallet.balance() == WalletBalance(confirmed: .zero, unconfirmed: .zero, immature: .zero))
        // The file is the owner's alone; the temporary name it was written under is gone.
        let attributes = try FileManager.default.attributesOfItem(atPath: wallet.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }.isEmpty)

        let reopened = try Wallet.open(name: "alice", in: directory)
        #expect(reopened.keychains == keychains && reopened.gapLimit == 7 && reopened.origin == "mnemonic tr account 0")
        #expect(try reopened.address(.external).index == 0)
        #expect(try reopened.address(.internal, index: 5).address == (try keychains.script(.internal, index: 5)).address(on: .regtest))
        #expect(Wallet.names(in: directory) == ["alice"])

        #expect(throws: WalletError.alreadyExists(name: "alice")) { try Wallet.create(name: "alice", in: directory, keychains: keychains) }
        #expect(throws: WalletError.invalidName("../x")) { try Wallet.create(name: "../x", in: directory, keychains: keychains) }
        #expect(throws: WalletError.invalidName(".hidden")) { try Wallet.open(name: ".hidden", in: directory) }
        #expect(throws: WalletError.notFound(name: "bob")) { try Wallet.open(name: "bob", in: directory) }
        try Wallet.delete(name: "alice", in: directory)
        #expect(Wallet.names(in: directory).isEmpty)
        #expect(throws: WalletError.notFound(name: "alice")) { try Wallet.delete(name: "alice", in: directory) }
    }

    @Test func aFileThatIsNotAWalletIsRefused() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: directory + "/junk.sqlite"))
        do {
            _ = try Wallet.open(name: "junk", in: directory)
            Issue.record("a junk file opened as a wallet")
        } catch {
            switch error {
            case .unsupportedFile, .storage: break
            default: Issue.record("unexpected \(error)")
            }
        }
    }
}

extension Script {
    func address(on network: Network) -> String? { Address(script: self)?.encoded(for: network) }
}
