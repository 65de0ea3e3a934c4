import SovTestSupport
import Testing
import SovJSON
import SovPrimitives

/// BIP341 signature hashes: Core's `bip341_wallet_vectors.json` (key path, every input), and the
/// script-path/annex cases of rust-bitcoin's sighash tests (rust-bitcoin/rust-bitcoin,
/// bitcoin/src/crypto/sighash.rs: test_sighashes_with_annex, test_sighashes_with_script_path,
/// test_sighashes_with_script_path_raw_hash, test_sighashes_with_annex_and_script).
@Suite(.needsSharedData) struct TaprootSighashTests {
    @Test func bip341KeyPathSpendingVectors() throws {
        let vectors = try Fixtures.json("vectors/core/bip341_wallet_vectors.json")
        let groups = vectors["keyPathSpending"]?.arrayValue ?? []
        #expect(!groups.isEmpty)
        var inputsChecked = 0
        for group in groups {
            let given = try #require(group["given"])
            let tx = try Transaction(bytes: try Hex.decode(try #require(given["rawUnsignedTx"]?.stringValue)))
            let spent = try (given["utxosSpent"]?.arrayValue ?? []).map { utxo in
                TxOutput(value: try #require(utxo["amountSats"]?.int64Value),
                         scriptPubKey: Script(try Hex.decode(try #require(utxo["scriptPubKey"]?.stringValue))))
            }
            let data = try PrecomputedTransactionData(tx, spentOutputs: spent)
            let intermediary = try #require(group["intermediary"])
            #expect(data.prevoutsSHA256.hex == intermediary["hashPrevouts"]?.stringValue)
            #expect(data.amountsSHA256?.hex == intermediary["hashAmounts"]?.stringValue)
            #expect(data.scriptPubKeysSHA256?.hex == intermediary["hashScriptPubkeys"]?.stringValue)
            #expect(data.sequencesSHA256.hex == intermediary["hashSequences"]?.stringValue)
            #expect(data.outputsSHA256.hex == intermediary["hashOutputs"]?.stringValue)

            for spending in try #require(group["inputSpending"]?.arrayValue) {
                let index = try #require(spending["given"]?["txinIndex"]?.intValue)
                let hashType = UInt8(try #require(spending["given"]?["hashType"]?.intValue))
                let expected = try #require(spending["intermediary"])
                let message = try SignatureHash.taprootMessage(data, inputIndex: index, hashType: hashType)
                #expect(message.hex == expected["sigMsg"]?.stringValue, "input \(index)")
                let hash = try SignatureHash.taproot(data, inputIndex: index, hashType: hashType)
                #expect(hash.hex == expected["sigHash"]?.stringValue, "input \(index)")
                inputsChecked += 1
            }
        }
        #expect(inputsChecked == 7)
    }

    struct RustBitcoinCase: Sendable, CustomStringConvertible {
        var name: String
        var tx: String
        /// Consensus-encoded list of the spent outputs.
        var prevouts: String
        var inputIndex: Int
        var hashType: UInt8
        var annex: String?
        var tapscript: String?
        var sigHash: String
        var description: String { name }
    }

    static let scriptPathTx = "020000000189fc651483f9296b906455dd939813bf086b1bbe7c77635e157c8e14ae29062195010000004445b5c7044561320000000000160014331414dbdada7fb578f700f38fb69995fc9b5ab958020000000000001976a914268db0a8104cc6d8afd91233cc8b3d1ace8ac3ef88ac580200000000000017a914ec00dcb368d6a693e11986d265f659d2f59e8be2875802000000000000160014c715799a49a0bae3956df9c17cb4440a673ac0df6f010000"
    static let scriptPathPrevouts = "011bec34000000000022512028055142ea437db73382e991861446040b61dd2185c4891d7daf6893d79f7182"
    static let scriptPathScript = "20cc4e1107aea1d170c5ff5b6817e1303010049724fb3caa7941792ea9d29b3e2bacab"

    static let rustBitcoinCases: [RustBitcoinCase] = [
        RustBitcoinCase(
            name: "key path with annex, SINGLE|ANYONECANPAY",
            tx: "0200000001df8123752e8f37d132c4e9f1ff7e4f9b986ade9211267e9ebd5fd22a5e718dec6d01000000ce4023b903cb7b23000000000017a914a18b36ea7a094db2f4940fc09edf154e86de7bd787580200000000000017a914afd0d512a2c5c2b40e25669e9cc460303c325b8b87580200000000000017a914a18b36ea7a094db2f4940fc09edf154e86de7bd787f6020000",
            prevouts: "01ea49260000000000225120ab5e9800806bf18cb246edcf5fe63441208fe955a4b5a35bbff65f5db622a010",
            inputIndex: 0, hashType: 0x83,
            annex: "507b979802e62d397acb29f56743a791894b99372872fc5af06a4f6e8d242d0615cda53062bb20e6ec79756fe39183f0c128adfe85559a8fa042b042c018aa8010143799e44f0893c40e1e",
            tapscript: nil, sigHash: "3b003000add359a364a156e73e02846782a59d0d95ca8c4638aaad99f2ef915c"),
        RustBitcoinCase(
            name: "script path, ALL", tx: scriptPathTx, prevouts: scriptPathPrevouts, inputIndex: 0, hashType: 0x01,
            annex: nil, tapscript: scriptPathScript, sigHash: "d66de5274a60400c7b08c86ba6b7f198f40660079edf53aca89d2a9501317f2e"),
        RustBitcoinCase(
            name: "script path with annex, ALL",
            tx: "020000000132fb72cb8fba496755f027a9743e2d698c831fdb8304e4d1a346ac92cbf51acba50100000026bdc7df044aad34000000000017a9144fa2554ed6174586854fa3bc01de58dcf33567d0875802000000000000160014950367e1e62cdf240b35b883fc2f5e39f0eb9ab95802000000000000160014950367e1e62cdf240b35b883fc2f5e39f0eb9ab958020000000000001600141b31217d48ccc8760dcc0710fade5866d628e733a02d5122",
            prevouts: "011458360000000000225120a7baec3fb9f84614e3899fcc010c638f80f13539344120e1f4d8b68a9a011a13",
            inputIndex: 0, hashType: 0x01,
            annex: "50a6272b470e1460e3332ade7bb14b81671c564fb6245761bd5bd531394b28860e0b3808ab229fb51791fb6ae6fa82d915b2efb8f6df83ae1f5ab3db13e30928875e2a22b749d89358de481f19286cd4caa792ce27f9559082d227a731c5486882cc707f83da361c51b7aadd9a0cf68fe7480c410fa137b454482d9a1ebf0f96d760b4d61426fc109c6e8e99a508372c45caa7b000a41f8251305da3f206c1849985ba03f3d9592832b4053afbd23ab25d0465df0bc25a36c223aacf8e04ec736a418c72dc319e4da3e972e349713ca600965e7c665f2090d5a70e241ac164115a1f5639f28b1773327715ca307ace64a2de7f0e3df70a2ffee3857689f909c0dad46d8a20fa373a4cc6eed6d4c9806bf146f0d76baae1",
            tapscript: "7520ab9160dd8299dc1367659be3e8f66781fe440d52940c7f8d314a89b9f2698d406ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6ead6eadac",
            sigHash: "a0042aa434f9a75904b64043f2a283f8b4c143c7f4f7f49a6cbe5b9f745f4c15"),
    ]

    static func spentOutputs(_ hex: String) throws -> [TxOutput] {
        var r = ByteReader(try Hex.decode(hex))
        let count = try r.readCount("outputs", minimumItemSize: 9)
        var outputs: [TxOutput] = []
        for _ in 0..<count {
            let value = try r.readInt64("value")
            outputs.append(TxOutput(value: value, scriptPubKey: Script(try r.readVarBytes("script"))))
        }
        #expect(r.isAtEnd)
        return outputs
    }

    @Test(arguments: rustBitcoinCases) func scriptPathAndAnnexCases(_ item: RustBitcoinCase) throws {
        let tx = try Transaction(bytes: try Hex.decode(item.tx))
        let data = try PrecomputedTransactionData(tx, spentOutputs: try Self.spentOutputs(item.prevouts))
        let annex = try item.annex.map { try Hex.decode($0) }
        let context = try item.tapscript.map {
            SignatureHash.TapscriptContext(leafHash: SignatureHash.tapleafHash(script: Script(try Hex.decode($0))))
        }
        let hash = try SignatureHash.taproot(data, inputIndex: item.inputIndex, hashType: item.hashType,
                                             annex: annex, tapscript: context)
        #expect(hash.hex == item.sigHash)
    }

    /// test_sighashes_with_script_path_raw_hash gives the leaf hash of `scriptPathScript` for the same case.
    @Test func tapleafHashOfScriptPathCase() throws {
        let leaf = SignatureHash.tapleafHash(script: Script(try Hex.decode(Self.scriptPathScript)))
        #expect(leaf.hex == "15a2530514e399f8b5cf0b3d3112cf5b289eaa3e308ba2071b58392fdc6da68a")
    }

    @Test func undefinedHashTypesAndMissingOutputsThrow() throws {
        let tx = try Transaction(bytes: try Hex.decode(Self.scriptPathTx))
        let data = try PrecomputedTransactionData(tx, spentOutputs: try Self.spentOutputs(Self.scriptPathPrevouts))
        for hashType: UInt8 in [0x04, 0x80, 0x84, 0xff] {
            #expect(throws: DecodingError.self) { try SignatureHash.taproot(data, inputIndex: 0, hashType: hashType) }
        }
        #expect(throws: DecodingError.self) { try SignatureHash.taproot(data, inputIndex: 1, hashType: 0) }
        let withoutSpent = try PrecomputedTransactionData(tx)
        #expect(throws: DecodingError.self) { try SignatureHash.taproot(withoutSpent, inputIndex: 0, hashType: 0) }
        #expect(throws: DecodingError.self) { try PrecomputedTransactionData(tx, spentOutputs: []) }
        // SIGHASH_SINGLE for an input whose index has no output.
        let noOutputs = Transaction(inputs: tx.inputs, outputs: [], lockTime: tx.lockTime)
        let noOutputsData = try PrecomputedTransactionData(noOutputs, spentOutputs: try Self.spentOutputs(Self.scriptPathPrevouts))
        #expect(throws: DecodingError.self) { try SignatureHash.taproot(noOutputsData, inputIndex: 0, hashType: 0x03) }
    }

    @Test func annexIsTheLastItemStartingWith0x50() {
        #expect(SignatureHash.taprootAnnex(of: [[0x50, 1]]) == nil)
        #expect(SignatureHash.taprootAnnex(of: [[1], [0x50, 1]]) == [0x50, 1])
        #expect(SignatureHash.taprootAnnex(of: [[1], [0x51]]) == nil)
        #expect(SignatureHash.taprootAnnex(of: [[1], []]) == nil)
    }
}
