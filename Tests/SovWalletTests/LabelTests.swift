import Foundation
import SovJSON
import SovKeys
import SovPrimitives
import SovTestSupport
import SovWallet
import Testing

@Suite(.needsSharedData) struct LabelTests {
    /// BIP329's example export (the BIP's "Examples" section), mainnet.
    static let bip329Example = """
        { "type": "tx", "ref": "f91d0a8a78462bc59398f2c5d7a84fcff491c26ba54c4833478b202796c8aafd", "label": "Transaction", "origin": "wpkh([d34db33f/84'/0'/0'])" }
        { "type": "addr", "ref": "bc1q34aq5drpuwy3wgl9lhup9892qp6svr8ldzyy7c", "label": "Address" }
        { "type": "pubkey", "ref": "0283409659355b6d1cc3c32decd5d561abaac86c37a353b52895a5e6c196d6f448", "label": "Public Key" }
        { "type": "input", "ref": "f91d0a8a78462bc59398f2c5d7a84fcff491c26ba54c4833478b202796c8aafd:0", "label": "Input" }
        { "type": "output", "ref": "f91d0a8a78462bc59398f2c5d7a84fcff491c26ba54c4833478b202796c8aafd:1", "label": "Output" , "spendable" : false }
        { "type": "xpub", "ref": "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8", "label": "Extended Public Key" }
        """

    static func mainnetWallet(_ name: String, in directory: String) throws -> Wallet {
        let mnemonic = try Mnemonic(try #require(try SharedData.json("fixtures/regtest/wallet.json")["mnemonic"]?.stringValue))
        let keychains = try WalletKeychains.account(mnemonic: mnemonic, passphrase: "", type: .wpkh, account: 0, network: .main)
        return try Wallet.create(name: name, in: directory, keychains: keychains)
    }

    @Test func bip329ExampleRoundTrips() throws {
        let directory = try WalletFileTests.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let wallet = try Self.mainnetWallet("a", in: directory)
        #expect(try wallet.importLabels(Self.bip329Example) == 6)
        let outpoint = OutPoint(txid: Txid("f91d0a8a78462bc59398f2c5d7a84fcff491c26ba54c4833478b202796c8aafd")!, index: 1)
        #expect(try wallet.lockedOutputs() == [outpoint], "spendable: false locks the output")
        let exported = try wallet.exportLabels()
        let lines = try exported.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        let original = try Self.bip329Example.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(lines.count == 6)
        for record in original {
            let match = lines.first { $0["type"] == record["type"] && $0["ref"] == record["ref"] }
            #expect(match?["label"] == record["label"], "\(record.compact)")
            if record["type"]?.stringValue == "output" { #expect(match?["spendable"] == .bool(false)) }
        }
        // Into a second wallet: the same export.
        let second = try Self.mainnetWallet("b", in: directory)
        #expect(try second.importLabels(exported) == 6)
        #expect(try second.exportLabels() == exported)
    }

    @Test func anInvalidLineImportsNothing() throws {
        let directory = try WalletFileTests.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let wallet = try Self.mainnetWallet("a", in: directory)
        let text = Self.bip329Example + "\n{\"type\": \"tx\", \"ref\": \"not-a-txid\", \"label\": \"x\"}\n"
        #expect(throws: WalletError.invalidLabel("line 7: not-a-txid is not a txid")) { try wallet.importLabels(text) }
        #expect(try wallet.labels().isEmpty && wallet.lockedOutputs().isEmpty)
        #expect(throws: WalletError.self) { try wallet.importLabels("{\"type\": \"addr\", \"ref\": \"bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk\"}") }
        #expect(throws: WalletError.self) { try wallet.importLabels("{\"type\": \"coin\", \"ref\": \"x\"}") }
    }
}
