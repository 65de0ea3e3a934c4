import Testing
import SovPrimitives

/// The test vectors of BIP173 (bitcoin/bips bip-0173.mediawiki, "Test vectors") and BIP350
/// (bip-0350.mediawiki, "Test vectors"), kept here as the BIPs print them.
@Suite struct Bech32VectorTests {
    static let validBech32 = [
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
    ]

    static let validBech32m = [
        "A1LQFN3A",
        "a1lqfn3a",
        "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
        "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
        "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
        "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
        "?1v759aa",
    ]

    /// BIP173's invalid Bech32 strings, then BIP350's invalid Bech32m strings (reasons as the BIPs give them).
    static let invalidStrings = [
        "\u{20}1nwldj5",  // HRP character out of range
        "\u{7F}1axkwrx",  // HRP character out of range
        "\u{80}1eym55h",  // HRP character out of range
        "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",  // too long
        "pzry9x0s0muk",  // no separator
        "1pzry9x0s0muk",  // empty HRP
        "x1b4n0q5v",  // invalid data character
        "li1dgmt3",  // too short checksum
        "de1lg7wt\u{FF}",  // invalid character in checksum
        "A1G7SGD8",  // checksum calculated with uppercase form of HRP
        "10a06t8",  // empty HRP
        "1qzzfhee",  // empty HRP
        "\u{20}1xj0phk",
        "\u{7F}1g6xzxy",
        "\u{80}1vctc34",
        "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
        "qyrz8wqd2c9m",
        "1qyrz8wqd2c9m",
        "y1b0jsk6g",
        "lt1igcx5c0",
        "in1muywd",
        "mm1crxm3i",
        "au1s5cgom",
        "M1VUXWEZ",
        "16plkw9",
        "1p2gdwpf",
    ]

    /// Valid segwit addresses and their scriptPubKeys: BIP350's list, plus BIP173's version 0 ones
    /// (BIP173's version 1+ examples use Bech32, which BIP350 made invalid; see `supersededByBIP350`).
    static let validAddresses: [(String, String)] = [
        ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6"),
        ("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262"),
        ("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6"),
        ("BC1SW50QGDZ25J", "6002751e"),
        ("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323"),
        ("tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy", "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"),
        ("tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"),
        ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"),
    ]

    /// BIP173's valid version 1+ addresses, Bech32-encoded: invalid since BIP350.
    static let supersededByBIP350 = [
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
        "BC1SW50QA3JX3S",
        "bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj",
    ]

    /// BIP173's invalid segwit addresses, then BIP350's.
    static let invalidAddresses = [
        "tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty",  // invalid human-readable part
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",  // invalid checksum
        "BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2",  // invalid witness version
        "bc1rw5uspcuh",  // invalid program length
        "bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",  // invalid program length
        "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",  // invalid program length for witness version 0
        "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",  // mixed case
        "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",  // zero padding of more than 4 bits
        "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv",  // non-zero padding in 8-to-5 conversion
        "bc1gmk9yu",  // empty data section
        "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",  // invalid human-readable part
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",  // Bech32 instead of Bech32m
        "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",  // Bech32 instead of Bech32m
        "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",  // Bech32 instead of Bech32m
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",  // Bech32m instead of Bech32
        "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",  // Bech32m instead of Bech32
        "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",  // invalid character in checksum
        "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",  // invalid witness version
        "bc1pw5dgrnzv",  // invalid program length (1 byte)
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",  // 41-byte program
        "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",  // invalid program length for witness version 0
        "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",  // mixed case
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",  // zero padding of more than 4 bits
        "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",  // non-zero padding in 8-to-5
        "bc1gmk9yu",  // empty data section
    ]

    @Test func validStringsDecodeWithTheirEncoding() throws {
        for (strings, encoding) in [(Self.validBech32, Bech32.Encoding.bech32), (Self.validBech32m, .bech32m)] {
            for text in strings {
                let decoded = try Bech32.decode(text)
                #expect(decoded.encoding == encoding, "\(text)")
                // Re-encoding gives the lowercase form back.
                #expect(Bech32.encode(hrp: decoded.hrp, data: decoded.data, encoding: encoding) == text.lowercased())
            }
        }
    }

    @Test func invalidStringsAreRejected() {
        for text in Self.invalidStrings {
            #expect(throws: DecodingError.self, "\(text.debugDescription)") { try Bech32.decode(text) }
        }
    }

    static func network(for address: String) -> Network {
        address.lowercased().hasPrefix("bc1") ? .main : .test
    }

    @Test func validAddressesGiveTheirScriptPubKeys() throws {
        for (text, script) in Self.validAddresses {
            let network = Self.network(for: text)
            let address = try Address(text, network: network)
            #expect(address.scriptPubKey.hex == script, "\(text)")
            #expect(address.encoded(for: network) == text.lowercased())
            #expect(Address(script: address.scriptPubKey) == address)
        }
    }

    @Test func invalidAddressesAreRejectedOnEveryNetwork() {
        for text in Self.invalidAddresses + Self.supersededByBIP350 {
            for network in Network.allCases {
                #expect(throws: DecodingError.self, "\(text) on \(network)") { try Address(text, network: network) }
            }
        }
    }
}
