import SovDescriptors
import SovJSON
import SovKeys
import SovPrimitives
import SovTestSupport
import Testing

/// ../shared/fixtures/regtest/wallet.json, recorded from a real Core wallet: the BIP39 mnemonic and the
/// private descriptors imported must give exactly the addresses Core handed out, Core's own
/// `listdescriptors` strings, and the multisig scripts and addresses.
@Suite(.needsSharedData) struct WalletFixtureTests {
    static let addressKinds: [UInt32: String] = [44: "legacy", 49: "p2sh-segwit", 84: "bech32", 86: "bech32m"]

    @Test func mnemonicAndDescriptorsDeriveTheListedAddresses() throws {
        let wallet = try Fixtures.json("fixtures/regtest/wallet.json")
        let network = Network.regtest
        let phrase = try #require(wallet["mnemonic"]?.stringValue)
        let passphrase = try #require(wallet["passphrase"]?.stringValue)
        let master = try ExtendedKey.master(seed: try Mnemonic(phrase).seed(passphrase: passphrase), network: network)
        let coreListed = Set((wallet["core_listdescriptors"]?.arrayValue ?? []).compactMap { $0["desc"]?.stringValue })
        let addresses = try #require(wallet["addresses"])
        var checkedKinds: Set<String> = []
        for entry in try #require(wallet["descriptors"]?.arrayValue) {
            let text = try #require(entry["private"]?.stringValue)
            let descriptor = try Descriptor(text, network: network, requireChecksum: true)
            #expect(descriptor.isRange && descriptor.hasPrivateKeys && descriptor.isSolvable)
            let key = try #require(descriptor.node.keys.first)
            guard case .extended(let root, let path, _) = key.source else { Issue.record("not an extended key: \(text)"); continue }
            #expect(root.encoded == master.encoded, "root key of \(text) is the mnemonic's master key")
            // Core's listdescriptors form of the same descriptor.
            let normalized = try #require(descriptor.normalizedDescription)
            #expect(coreListed.contains(normalized), "\(normalized) not in listdescriptors")
            // The public form has the same checksum rules and round-trips.
            #expect(try Descriptor(descriptor.description, network: network, requireChecksum: true).publicString == descriptor.publicString)
            guard entry["internal"]?.boolValue == false else { continue }
            let purpose = path.components[0] & ~DerivationPath.hardenedBit
            let kind = try #require(Self.addressKinds[purpose])
            let expected = (addresses[kind]?.arrayValue ?? []).compactMap(\.stringValue)
            #expect(expected.count >= 6)
            for (index, address) in expected.enumerated() {
                #expect(try descriptor.addresses(at: UInt32(index)) == [address], "\(kind) #\(index)")
            }
            checkedKinds.insert(kind)
        }
        #expect(checkedKinds == Set(Self.addressKinds.values))
    }

    @Test func listDescriptorsRoundTrip() throws {
        let wallet = try Fixtures.json("fixtures/regtest/wallet.json")
        let listed = (wallet["core_listdescriptors"]?.arrayValue ?? []).compactMap { $0["desc"]?.stringValue }
        #expect(listed.count >= 10)
        for text in listed {
            let descriptor = try Descriptor(text, network: .regtest, requireChecksum: true)
            #expect(descriptor.description == text)
            #expect(descriptor.normalizedDescription == text)
            #expect(!descriptor.hasPrivateKeys)
        }
    }

    @Test func multisigDescriptors() throws {
        let wallet = try Fixtures.json("fixtures/regtest/wallet.json")
        let listed = (wallet["core_listdescriptors"]?.arrayValue ?? []).compactMap { $0["desc"]?.stringValue }
        for (field, function) in [("multisig_p2sh", "sh(multi("), ("multisig_p2wsh", "wsh(multi(")] {
            let multisig = try #require(wallet[field])
            let address = try #require(multisig["address"]?.stringValue)
            let redeemScript = try #require(multisig["redeemScript"]?.stringValue)
            // The hex-key descriptor Core returned from createmultisig, and the xpub one it lists.
            let hexForm = try #require(multisig["descriptor"]?.stringValue)
            let xpubForm = try #require(listed.first { $0.hasPrefix(function) })
            for text in [hexForm, xpubForm] {
                let descriptor = try Descriptor(text, network: .regtest, requireChecksum: true)
                #expect(descriptor.description == text)
                #expect(!descriptor.isRange)
                #expect(try descriptor.addresses() == [address], "\(text)")
                let expansion = try descriptor.expand()
                let inner = field == "multisig_p2sh" ? expansion.redeemScript : expansion.witnessScript
                #expect(inner?.hex == redeemScript)
            }
        }
    }
}
