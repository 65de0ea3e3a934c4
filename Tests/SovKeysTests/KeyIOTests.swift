import SovJSON
import SovKeys
import SovPrimitives
import SovTestSupport
import Testing

/// Bitcoin Core's `key_io_valid.json`, `key_io_invalid.json` and `base58_encode_decode.json`
/// (../shared/vectors/core): addresses and WIF keys per network, decoded, re-encoded and compared.
@Suite(.needsSharedData) struct KeyIOTests {
    static func network(_ chain: String) -> Network? {
        switch chain {
        case "main": return .main
        case "test": return .test
        case "testnet4": return .testnet4
        case "signet": return .signet
        case "regtest": return .regtest
        default: return nil
        }
    }

    /// Flips the case of every letter (Core's `tryCaseFlip`: Bech32 accepts all-uppercase).
    static func caseFlipped(_ text: String) -> String {
        String(text.map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) })
    }

    @Test func validAddressesAndSecrets() throws {
        let vectors = try #require(try Fixtures.json("vectors/core/key_io_valid.json").arrayValue)
        #expect(vectors.count > 50)
        var checkedKeys = 0, checkedAddresses = 0
        for vector in vectors {
            let text = try #require(vector[0]?.stringValue)
            let hex = try #require(vector[1]?.stringValue)
            let meta = try #require(vector[2])
            let network = try #require(Self.network(meta["chain"]?.stringValue ?? ""), "chain of \(text)")
            if meta["isPrivkey"]?.boolValue == true {
                let key = try PrivateKey(wif: text, network: network)
                #expect(key.bytes.hex == hex, "\(text)")
                #expect(key.isCompressed == meta["isCompressed"]?.boolValue, "\(text)")
                #expect(key.wif(for: network) == text)
                #expect((try? Address(text, network: network)) == nil, "privkey \(text) taken as address")
                checkedKeys += 1
            } else {
                let address = try Address(text, network: network)
                #expect(address.scriptPubKey.hex == hex, "\(text)")
                #expect(address.encoded(for: network).lowercased() == text.lowercased(), "\(text)")
                if meta["tryCaseFlip"]?.boolValue == true {
                    #expect(try Address(Self.caseFlipped(text), network: network) == address, "case-flipped \(text)")
                }
                #expect((try? PrivateKey(wif: text, network: network)) == nil, "address \(text) taken as privkey")
                checkedAddresses += 1
            }
        }
        #expect(checkedKeys > 0 && checkedAddresses > 0)
    }

    @Test func invalidStringsAreRejectedOnEveryNetwork() throws {
        let vectors = try #require(try Fixtures.json("vectors/core/key_io_invalid.json").arrayValue)
        #expect(vectors.count > 50)
        for vector in vectors {
            let text = try #require(vector[0]?.stringValue)
            for network in Network.allCases {
                #expect((try? PrivateKey(wif: text, network: network)) == nil, "\(text) as \(network) WIF")
                #expect((try? Address(text, network: network)) == nil, "\(text) as \(network) address")
            }
        }
    }

    @Test func base58EncodeDecode() throws {
        let vectors = try #require(try Fixtures.json("vectors/core/base58_encode_decode.json").arrayValue)
        #expect(vectors.count > 10)
        for vector in vectors {
            let hex = try #require(vector[0]?.stringValue)
            let text = try #require(vector[1]?.stringValue)
            let bytes = try Hex.decode(hex)
            #expect(Base58.encode(bytes) == text)
            #expect(try Base58.decode(text) == bytes)
        }
        for bad in ["invalid", "0", "O", "I", "l", "bad0IOl"] {
            #expect((try? Base58.decode(bad)) == nil, "\(bad)")
        }
    }
}
