import SovDescriptors
import SovKeys
import SovPrimitives
import Testing

/// BIP84 and BIP86 "Test vectors" (bitcoin/bips bip-0084.mediawiki, bip-0086.mediawiki): the
/// "abandon … about" mnemonic's account keys, child keys and addresses, derived through descriptors.
@Suite struct AccountVectorTests {
    static let mnemonic = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"

    /// BIP84: (path from the account, WIF, public key, address).
    static let bip84: [(chain: UInt32, index: UInt32, wif: String, publicKey: String, address: String)] = [
        (0, 0, "KyZpNDKnfs94vbrwhJneDi77V6jF64PWPF8x5cdJb8ifgg2DUc9d", "0330d54fd0dd420a6e5f8d3624f5f3482cae350f79d5f0753bf5beef9c2d91af3c", "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"),
        (0, 1, "Kxpf5b8p3qX56DKEe5NqWbNUP9MnqoRFzZwHRtsFqhzuvUJsYZCy", "03e775fd51f0dfb8cd865d9ff1cca2a158cf651fe997fdc9fee9c1d3b5e995ea77", "bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g"),
        (1, 0, "KxuoxufJL5csa1Wieb2kp29VNdn92Us8CoaUG3aGtPtcF3AzeXvF", "03025324888e429ab8e3dbaf1f7802648b9cd01e9b418485c5fa4c1b9b5700e1a6", "bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el"),
    ]

    static let bip86RootPrivate = "xprv9s21ZrQH143K3GJpoapnV8SFfukcVBSfeCficPSGfubmSFDxo1kuHnLisriDvSnRRuL2Qrg5ggqHKNVpxR86QEC8w35uxmGoggxtQTPvfUu"
    static let bip86RootPublic = "xpub661MyMwAqRbcFkPHucMnrGNzDwb6teAX1RbKQmqtEF8kK3Z7LZ59qafCjB9eCRLiTVG3uxBxgKvRgbubRhqSKXnGGb1aoaqLrpMBDrVxga8"
    static let bip86AccountPrivate = "xprv9xgqHN7yz9MwCkxsBPN5qetuNdQSUttZNKw1dcYTV4mkaAFiBVGQziHs3NRSWMkCzvgjEe3n9xV8oYywvM8at9yRqyaZVz6TYYhX98VjsUk"
    static let bip86AccountPublic = "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ"
    /// BIP86: (chain, index, xprv, xpub, internal key, output key, scriptPubKey, address).
    static let bip86: [(chain: UInt32, index: UInt32, xprv: String, xpub: String, internalKey: String, outputKey: String, script: String, address: String)] = [
        (0, 0, "xprvA449goEeU9okwCzzZaxiy475EQGQzBkc65su82nXEvcwzfSskb2hAt2WymrjyRL6kpbVTGL3cKtp9herYXSjjQ1j4stsXXiRF7kXkCacK3T",
         "xpub6H3W6JmYJXN49h5TfcVjLC3onS6uPeUTTJoVvRC8oG9vsTn2J8LwigLzq5tHbrwAzH9DGo6ThGUdWsqce8dGfwHVBxSbixjDADGGdzF7t2B",
         "cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115", "a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c",
         "5120a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c", "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr"),
        (0, 1, "xprvA449goEeU9okyiF1LmKiDaTgeXvmh87DVyRd35VPbsSop8n8uALpbtrUhUXByPFKK7C2yuqrB1FrhiDkEMC4RGmA5KTwsE1aB5jRu9zHsuQ",
         "xpub6H3W6JmYJXN4CCKUSnriaiQRCZmG6aq4sCMDqTu1ACyngw7HShf59hAxYjXgKDuuHThVEUzdHrc3aXCr9kfvQvZPit5dnD3K9xVRBzjK3rX",
         "83dfe85a3151d2517290da461fe2815591ef69f2b18a2ce63f01697a8b313145", "a82f29944d65b86ae6b5e5cc75e294ead6c59391a1edc5e016e3498c67fc7bbb",
         "5120a82f29944d65b86ae6b5e5cc75e294ead6c59391a1edc5e016e3498c67fc7bbb", "bc1p4qhjn9zdvkux4e44uhx8tc55attvtyu358kutcqkudyccelu0was9fqzwh"),
        (1, 0, "xprvA3Ln3Gt3aphvUgzgEDT8vE2cYqb4PjFfpmbiFKphxLg1FjXQpkAk5M1ZKDY15bmCAHA35jTiawbFuwGtbDZogKF1WfjwxML4gK7WfYW5JRP",
         "xpub6GL8SnQwRCGDhB59LEz9HMyM6sRYoByXBzXK3iEKWgCz8XrZNHUzd9L3AUBELW5NzA7dEFvMas1F84TuPH3xqdUA5tumaGWFgihJzWytXe3",
         "399f1b2f4393f29a18c937859c5dd8a77350103157eb880f02e8c08214277cef", "882d74e5d0572d5a816cef0041a96b6c1de832f6f9676d9605c44d5e9a97d3dc",
         "5120882d74e5d0572d5a816cef0041a96b6c1de832f6f9676d9605c44d5e9a97d3dc", "bc1p3qkhfews2uk44qtvauqyr2ttdsw7svhkl9nkm9s9c3x4ax5h60wqwruhk7"),
    ]

    var root: ExtendedKey {
        get throws { try ExtendedKey.master(seed: try Mnemonic(Self.mnemonic).seed(), network: .main) }
    }

    @Test func bip84() throws {
        let root = try root
        for v in Self.bip84 {
            let key = try root.derive(path: try DerivationPath("m/84h/0h/0h/\(v.chain)/\(v.index)"))
            #expect(key.privateKey?.wif(for: .main) == v.wif)
            #expect(key.publicKey.bytes.hex == v.publicKey)
            let descriptor = try Descriptor("wpkh(\(root.encoded)/84h/0h/0h/\(v.chain)/*)", network: .main)
            #expect(try descriptor.addresses(at: v.index) == [v.address])
            #expect(try Descriptor("wpkh(\(v.wif))", network: .main).addresses() == [v.address])
        }
    }

    @Test func bip86() throws {
        let root = try root
        #expect(root.encoded == Self.bip86RootPrivate)
        #expect(root.neutered.encoded == Self.bip86RootPublic)
        let account = try root.derive(path: try DerivationPath("m/86'/0'/0'"))
        #expect(account.encoded == Self.bip86AccountPrivate)
        #expect(account.neutered.encoded == Self.bip86AccountPublic)
        for v in Self.bip86 {
            let key = try account.derive(path: DerivationPath([v.chain, v.index]))
            #expect(key.encoded == v.xprv)
            #expect(key.neutered.encoded == v.xpub)
            let internalKey = XOnlyPublicKey(key.publicKey)
            #expect(internalKey.bytes.hex == v.internalKey)
            #expect(try internalKey.taprootOutputKey(merkleRoot: nil).key.bytes.hex == v.outputKey)
            // From the account xpub with its origin, as a wallet would hold it.
            let text = "tr([\(root.fingerprint.hex)/86h/0h/0h]\(Self.bip86AccountPublic)/\(v.chain)/*)"
            let descriptor = try Descriptor(text, network: .main)
            #expect(try descriptor.outputScripts(at: v.index).map(\.hex) == [v.script])
            #expect(try descriptor.addresses(at: v.index) == [v.address])
        }
    }
}
