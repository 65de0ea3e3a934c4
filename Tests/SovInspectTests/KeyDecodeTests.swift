import SovInspect
import SovJSON
import SovPrimitives
import SovTestSupport
import Testing

/// `sov decode key`: values from the BIP84 and BIP86 texts (bitcoin/bips, "Test vectors": the keys and
/// addresses of m/84'/0'/0'/0/0 and m/86'/0'/0'/0/0 of the "abandon … about" mnemonic) and from
/// ../shared/fixtures/regtest/wallet.json (Core's own key origins and account xpubs).
@Suite(.needsSharedData) struct KeyDecodeTests {
    let main = Inspector(network: .main)

    /// BIP84, m/84'/0'/0'/0/0.
    static let bip84WIF = "KyZpNDKnfs94vbrwhJneDi77V6jF64PWPF8x5cdJb8ifgg2DUc9d"
    static let bip84PublicKey = "0330d54fd0dd420a6e5f8d3624f5f3482cae350f79d5f0753bf5beef9c2d91af3c"
    static let bip84Address = "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"
    /// BIP86, m/86'/0'/0'/0/0.
    static let bip86Xprv = "xprvA449goEeU9okwCzzZaxiy475EQGQzBkc65su82nXEvcwzfSskb2hAt2WymrjyRL6kpbVTGL3cKtp9herYXSjjQ1j4stsXXiRF7kXkCacK3T"
    static let bip86Xpub = "xpub6H3W6JmYJXN49h5TfcVjLC3onS6uPeUTTJoVvRC8oG9vsTn2J8LwigLzq5tHbrwAzH9DGo6ThGUdWsqce8dGfwHVBxSbixjDADGGdzF7t2B"
    static let bip86InternalKey = "cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115"
    static let bip86Address = "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr"

    @Test func wif() throws {
        #expect(try main.detect(.text(Self.bip84WIF)) == .key)
        let json = try main.decode(.text(Self.bip84WIF))
        #expect(json["type"]?.stringValue == "wif")
        #expect(json["network"]?.stringValue == "main")
        #expect(json["private"]?.boolValue == true)
        #expect(json["compressed"]?.boolValue == true)
        #expect(json["public_key"]?.stringValue == Self.bip84PublicKey)
        #expect(json["addresses"]?["p2wpkh"]?.stringValue == Self.bip84Address)
        #expect(!json.compact.contains(Self.bip84WIF))
    }

    @Test func hexPublicKey() throws {
        #expect(try main.detect(.text(Self.bip84PublicKey)) == .key)
        let json = try main.decode(.text(Self.bip84PublicKey), as: .key)
        #expect(json["type"]?.stringValue == "pubkey")
        #expect(json["valid"]?.boolValue == true)
        #expect(json["compressed"]?.boolValue == true)
        #expect(json["addresses"]?["p2wpkh"]?.stringValue == Self.bip84Address)
        // BIP86: the key-path-only taproot address of a key.
        let internalKey = try main.decode(.text("02" + Self.bip86InternalKey), as: .key)
        #expect(internalKey["addresses"]?["p2tr"]?.stringValue == Self.bip86Address)
        let xOnly = try main.decode(.text(Self.bip86InternalKey), as: .key)
        #expect(xOnly["type"]?.stringValue == "xonly_pubkey")
        #expect(xOnly["addresses"]?["p2tr"]?.stringValue == Self.bip86Address)
        // Off the curve: reported, not thrown, and no addresses.
        let invalid = try main.decode(.text("02" + String(repeating: "00", count: 31) + "07"), as: .key)
        #expect(invalid["valid"]?.boolValue == false)
        #expect(invalid["addresses"] == nil)
    }

    @Test func extendedKeys() throws {
        #expect(try main.detect(.text(Self.bip86Xprv)) == .key)
        let json = try main.decode(.text(Self.bip86Xprv))
        #expect(json["type"]?.stringValue == "xprv")
        #expect(json["private"]?.boolValue == true)
        #expect(json["depth"]?.intValue == 5)
        #expect(json["child_number"]?.intValue == 0)
        #expect(json["hardened"]?.boolValue == false)
        #expect(json["public_key"]?.stringValue?.dropFirst(2) == Self.bip86InternalKey[...])
        #expect(json["extended_public_key"]?.stringValue == Self.bip86Xpub)
        #expect(!json.compact.contains(Self.bip86Xprv))
        let pub = try main.decode(.text(Self.bip86Xpub))
        #expect(pub["type"]?.stringValue == "xpub")
        #expect(pub["private"]?.boolValue == false)
        #expect(pub["fingerprint"] == json["fingerprint"])
        #expect(pub["extended_public_key"] == nil)
    }

    @Test func walletKeysOnRegtest() throws {
        let wallet = try Fixtures.json("fixtures/regtest/wallet.json")
        let regtest = Inspector(network: .regtest)
        // The root tprv inside the imported descriptors; Core names its fingerprint 73c5da0a in every origin.
        let privateDescriptor = try #require(wallet["descriptors"]?[0]?["private"]?.stringValue)
        let tprv = String(try #require(privateDescriptor.split(separator: "(").last?.split(separator: "/").first))
        let root = try regtest.decode(.text(tprv))
        #expect(root["type"]?.stringValue == "tprv")
        #expect(root["network"]?.stringValue == "regtest")
        #expect(root["depth"]?.intValue == 0)
        #expect(root["fingerprint"]?.stringValue == "73c5da0a")
        #expect(!root.compact.contains(tprv))
        // An account xpub Core lists as [73c5da0a/84h/1h/0h]tpub…: depth 3, child 0 hardened.
        let listed = try #require(wallet["core_listdescriptors"]?.arrayValue?.compactMap { $0["desc"]?.stringValue }.first { $0.hasPrefix("wpkh(") })
        let tpub = String(try #require(listed.split(separator: "]").last?.split(separator: "/").first))
        let account = try regtest.decode(.text(tpub))
        #expect(account["type"]?.stringValue == "tpub")
        #expect(account["depth"]?.intValue == 3)
        #expect(account["child_number"]?.intValue == 0)
        #expect(account["hardened"]?.boolValue == true)
        // The same key read with the mainnet default is shown as a testnet key.
        #expect(try main.decode(.text(tpub))["network"]?.stringValue == "test")
    }

    @Test func garbageIsRejected() {
        for bad in ["xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet9", "hello", "00"] {
            #expect(throws: DecodingError.self, "\(bad)") { try main.decode(.text(bad), as: .key) }
        }
    }
}

/// A key's Electrum scripthashes are those the recorded chain lists for its addresses.
@Suite(.needsSharedData) struct KeyScriptHashTests {
    @Test func pubkeyScripthashesMatchTheRecordedScripts() throws {
        let record = try Fixtures.json("fixtures/regtest/scripts.json")["scripthashes"]!.objectValue!
        let byAddress = Dictionary(record.entries.compactMap { sh, v in v["address"]?.stringValue.map { ($0, sh) } }, uniquingKeysWith: { a, _ in a })
        // The P2PK output in the record names the key; its other scripts appear in the record too.
        let p2pk = try #require(record.entries.first { $0.value["type"]?.stringValue == "pubkey" })
        let script = try Hex.decode(p2pk.value["script"]!.stringValue!)
        let key = Array(script[1..<script.count - 1])
        let decoded = try Inspector(network: .regtest).decode(.text(key.hex), as: .key)
        let addresses = try #require(decoded["addresses"]?.objectValue)
        let scripthashes = try #require(decoded["scripthashes"]?.objectValue)
        #expect(scripthashes.keys == addresses.keys)
        var matched = 0
        for (name, address) in addresses.entries {
            guard let recorded = byAddress[address.stringValue!] else { continue }
            #expect(scripthashes[name]?.stringValue == recorded, "\(name)")
            matched += 1
        }
        #expect(matched >= 1)
    }
}

/// Issue 13: SLIP-0132 keys (satoshilabs/slips, slip-0132.md: the version bytes of ypub/zpub/upub/vpub and
/// their multisig forms) decode as the BIP32 key they are. The vpub is the one `sov demo` prints: the BIP84
/// test account of the "abandon … about" mnemonic, whose tpub Bitcoin Core recorded in wallet.json.
@Suite(.needsSharedData) struct SLIP132DecodeTests {
    static let demoVpub = "vpub5Y6cjg78GGuNLsaPhmYsiw4gYX3HoQiRBiSwDaBXKUafCt9bNwWQiitDk5VZ5BVxYnQdwoTyXSs2JHRPAgjAvtbBrf8ZhDYe2jWAqvZVnsc"

    @Test func vpubIsCoresBIP84Account() throws {
        let inspector = Inspector(network: .regtest)
        #expect(try inspector.detect(.text(Self.demoVpub)) == .key, "recognized without naming the kind")
        let json = try inspector.decode(.text(Self.demoVpub))
        #expect(json["type"]?.stringValue == "vpub")
        #expect(json["script_type"]?.stringValue == "wpkh")
        #expect(json["depth"]?.intValue == 3)
        #expect(json["private"]?.boolValue == false)
        // Core's listdescriptors for the same wallet: wpkh([73c5da0a/84h/1h/0h]tpub…/0/*)#….
        let descriptors = try SharedData.json("fixtures/regtest/wallet.json")["core_listdescriptors"]?.arrayValue ?? []
        let receive = try #require(descriptors.compactMap { $0["desc"]?.stringValue }.first { $0.hasPrefix("wpkh([73c5da0a/84h/1h/0h]") && $0.contains("/0/*") })
        let tpub = try #require(receive.split(separator: "]").last?.split(separator: "/").first.map(String.init))
        #expect(json["standard"]?.stringValue == tpub)
        let descriptor = try #require(json["descriptor"]?.stringValue)
        #expect(descriptor.hasPrefix("wpkh(\(tpub)/0/*)#"))
    }

    @Test func otherVersionsAndTheirScripts() throws {
        // The same serialized key under every SLIP-0132 public version, mainnet and test.
        let standard = try Base58.decodeCheck(Self.demoVpub, maxLength: 78)
        let inspector = Inspector(network: .main)
        for (version, prefix, script) in [(UInt32(0x049D_7CB2), "ypub", "sh(wpkh)"), (0x04B2_4746, "zpub", "wpkh"), (0x0295_B43F, "Ypub", "sh(wsh(multi))"),
                                          (0x02AA_7ED3, "Zpub", "wsh(multi)"), (0x044A_5262, "upub", "sh(wpkh)"), (0x0257_5483, "Vpub", "wsh(multi)")] {
            var bytes = standard
            bytes.replaceSubrange(0..<4, with: [UInt8(version >> 24), UInt8(version >> 16 & 0xFF), UInt8(version >> 8 & 0xFF), UInt8(version & 0xFF)])
            let text = Base58.encodeCheck(bytes)
            #expect(text.hasPrefix(prefix))
            let json = try inspector.decode(.text(text))
            #expect(json["type"]?.stringValue == prefix)
            #expect(json["script_type"]?.stringValue == script)
            #expect(json["standard"]?.stringValue?.hasPrefix(prefix.first!.lowercased() == "y" || prefix.first!.lowercased() == "z" ? "xpub" : "tpub") == true)
        }
    }
}
