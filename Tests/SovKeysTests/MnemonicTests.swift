import SovKeys
import SovPrimitives
import SovTestSupport
import Testing

/// BIP39 vectors from ../shared/vectors/bips/bip39-vectors.json (trezor/python-mnemonic, English):
/// entropy → mnemonic, mnemonic → seed with passphrase "TREZOR", seed → BIP32 root xprv.
@Suite(.needsSharedData) struct MnemonicTests {
    @Test func trezorVectors() throws {
        let root = try Fixtures.json("vectors/bips/bip39-vectors.json")
        let passphrase = try #require(root["passphrase"]?.stringValue)
        let vectors = try #require(root["english"]?.arrayValue)
        #expect(vectors.count >= 24)
        for vector in vectors {
            let fields = (vector.arrayValue ?? []).compactMap(\.stringValue)
            try #require(fields.count == 4)
            let (entropy, phrase, seed, xprv) = (fields[0], fields[1], fields[2], fields[3])
            let fromEntropy = try Mnemonic(entropy: try Hex.decode(entropy))
            #expect(fromEntropy.phrase == phrase)
            let parsed = try Mnemonic(phrase)
            #expect(parsed.entropy.hex == entropy)
            #expect(parsed.seed(passphrase: passphrase).hex == seed)
            #expect(try ExtendedKey.master(seed: try Hex.decode(seed), network: .main).encoded == xprv)
        }
    }

    @Test func wordList() {
        #expect(Mnemonic.englishWords.count == 2048)
        #expect(Mnemonic.englishWords == Mnemonic.englishWords.sorted())
        #expect(Set(Mnemonic.englishWords.map { $0.prefix(4) }).count == 2048)
    }

    @Test func badMnemonicsAreRejected() {
        let cases = [
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon",  // checksum
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon",  // 11 words
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abut",  // not a word
            "",
        ]
        for phrase in cases {
            #expect(throws: DecodingError.self, "\(phrase)") { try Mnemonic(phrase) }
        }
        #expect(throws: DecodingError.self) { try Mnemonic(entropy: [1, 2, 3]) }
    }
}
