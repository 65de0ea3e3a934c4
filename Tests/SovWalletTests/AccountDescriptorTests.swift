import SovDescriptors
import SovJSON
import SovKeys
import SovPrimitives
import SovTestSupport
import SovWallet
import Testing

/// BIP44/49/84/86 accounts from the fixture's BIP39 mnemonic against what Bitcoin Core made of the same
/// mnemonic (`wallet.json`: `listdescriptors` and the first addresses of each type).
@Suite(.needsSharedData) struct AccountDescriptorTests {
    static let wallet = Result { try SharedData.json("fixtures/regtest/wallet.json") }

    static func keychains(_ type: AccountType) throws -> WalletKeychains {
        let wallet = try Self.wallet.get()
        let mnemonic = try Mnemonic(try #require(wallet["mnemonic"]?.stringValue))
        return try WalletKeychains.account(mnemonic: mnemonic, passphrase: wallet["passphrase"]?.stringValue ?? "", type: type,
                                           account: 0, network: .regtest)
    }

    @Test(arguments: AccountType.allCases)
    func descriptorsEqualCoreListDescriptors(type: AccountType) throws {
        let keychains = try Self.keychains(type)
        let core = try #require(try Self.wallet.get()["core_listdescriptors"]?.arrayValue)
        let prefix = ["pkh": "pkh(", "sh-wpkh": "sh(wpkh(", "wpkh": "wpkh(", "tr": "tr("][type.rawValue]!
        let matching = core.filter { $0["desc"]?.stringValue?.hasPrefix(prefix) == true }
        let external = try #require(matching.first { $0["internal"]?.boolValue == false }?["desc"]?.stringValue)
        let change = try #require(matching.first { $0["internal"]?.boolValue == true }?["desc"]?.stringValue)
        #expect(keychains.external.description == external)
        #expect(keychains.internal?.description == change)
    }

    @Test(arguments: [(AccountType.pkh, "legacy"), (.shWpkh, "p2sh-segwit"), (.wpkh, "bech32"), (.tr, "bech32m")])
    func addressesEqualCores(type: AccountType, kind: String) throws {
        let keychains = try Self.keychains(type)
        let expected = try #require(try Self.wallet.get()["addresses"]?[kind]?.arrayValue?.compactMap(\.stringValue))
        #expect(expected.count >= 6)
        for (index, address) in expected.enumerated() {
            let script = try keychains.script(.external, index: UInt32(index))
            #expect(Address(script: script)?.encoded(for: .regtest) == address, "\(type) index \(index)")
        }
    }

    @Test func watchedDescriptorsMustBePublicAndSingleScript() throws {
        let wallet = try Self.wallet.get()
        let privateDescriptor = try #require(wallet["descriptors"]?[0]?["private"]?.stringValue)
        #expect(throws: WalletError.self) { try WalletKeychains.parse(descriptor: privateDescriptor, change: nil, network: .regtest) }
        let combo = "combo(tpubDC8msFGeGuwnKG9Upg7DM2b4DaRqg3CUZa5g8v2SRQ6K4NSkxUgd7HsL2XVWbVm39yBA4LAxysQAm397zwQSQoQgewGiYZqrA9DsP4zbQ1M/0/*)"
        #expect(throws: WalletError.self) { try WalletKeychains.parse(descriptor: combo, change: nil, network: .regtest) }
        // A tpub is not a mainnet key.
        let external = try Self.keychains(.wpkh).external.description
        #expect(throws: WalletError.self) { try WalletKeychains.parse(descriptor: external, change: nil, network: .main) }
        // A multipath descriptor gives both chains, in order.
        let multipath = external.split(separator: "#")[0].replacingOccurrences(of: "/0/*", with: "/<0;1>/*")
        let both = try WalletKeychains.parse(descriptor: multipath, change: nil, network: .regtest)
        #expect(both.external.description == external)
        #expect(both.internal?.description == (try Self.keychains(.wpkh).internal?.description))
    }
}
