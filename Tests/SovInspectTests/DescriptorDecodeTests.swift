import SovInspect
import SovJSON
import SovPrimitives
import SovTestSupport
import Testing

/// `sov decode descriptor` against ../shared/fixtures/regtest/wallet.json, recorded from a real Core
/// wallet: Core's `listdescriptors` strings come back unchanged with their checksums, the imported private
/// descriptors derive the addresses Core handed out, and the multisig descriptors give Core's scripts.
@Suite(.needsSharedData) struct DescriptorDecodeTests {
    let regtest = Inspector(network: .regtest)

    @Test func listedDescriptorsAreNormalAlready() throws {
        let wallet = try Fixtures.json("fixtures/regtest/wallet.json")
        let listed = (wallet["core_listdescriptors"]?.arrayValue ?? []).compactMap { $0["desc"]?.stringValue }
        #expect(listed.count >= 10)
        for text in listed {
            #expect(try regtest.detect(.text(text)) == .descriptor)
            let json = try regtest.decode(.text(text))
            #expect(json["descriptor"]?.stringValue == text)
            #expect(json["checksum"]?.stringValue == String(text.suffix(8)))
            #expect(json["hasprivatekeys"]?.boolValue == false)
            #expect(json["issolvable"]?.boolValue == true)
            #expect(json["isrange"]?.boolValue == text.contains("/*"))
        }
    }

    @Test func privateDescriptorsDeriveWalletAddresses() throws {
        let wallet = try Fixtures.json("fixtures/regtest/wallet.json")
        let kinds = ["pkh(": "legacy", "sh(wpkh(": "p2sh-segwit", "wpkh(": "bech32", "tr(": "bech32m"]
        var checked = 0
        for entry in try #require(wallet["descriptors"]?.arrayValue) where entry["internal"]?.boolValue == false {
            let text = try #require(entry["private"]?.stringValue)
            let kind = try #require(kinds.first { text.hasPrefix($0.key) }?.value)
            let expected = (wallet["addresses"]?[kind]?.arrayValue ?? []).compactMap(\.stringValue)
            let json = try regtest.decode(.text(text), as: .descriptor)
            #expect(json["hasprivatekeys"]?.boolValue == true)
            #expect(json["isrange"]?.boolValue == true)
            #expect(json["checksum"]?.stringValue == String(text.suffix(8)))
            let derived = try #require(json["derived"]?.arrayValue)
            #expect(derived.count == 3)
            for (i, entry) in derived.enumerated() {
                #expect(entry["index"]?.intValue == i)
                #expect(entry["scripts"]?[0]?["address"]?.stringValue == expected[i], "\(kind) #\(i)")
            }
            // Only the public form is printed.
            #expect(!json.compact.contains("tprv"))
            #expect(json["descriptor"]?.stringValue?.contains("tpub") == true)
            checked += 1
        }
        #expect(checked == 4)
    }

    @Test func multisig() throws {
        let wallet = try Fixtures.json("fixtures/regtest/wallet.json")
        for (field, scriptField) in [("multisig_p2sh", "redeemScript"), ("multisig_p2wsh", "witnessScript")] {
            let multisig = try #require(wallet[field])
            let text = try #require(multisig["descriptor"]?.stringValue)
            let json = try regtest.decode(.text(text))
            #expect(json["descriptor"]?.stringValue == text)
            #expect(json["isrange"]?.boolValue == false)
            #expect(json["scripts"]?[0]?["address"]?.stringValue == multisig["address"]?.stringValue)
            #expect(json[scriptField]?.stringValue == multisig["redeemScript"]?.stringValue)
        }
    }

    @Test func errors() {
        for bad in ["wpkh(02aa)", "sh(wpkh(L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1))#aaaaaaaa", "foo(bar)"] {
            #expect(throws: DecodingError.self, "\(bad)") { try regtest.decode(.text(bad), as: .descriptor) }
        }
    }
}
