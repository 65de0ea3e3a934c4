import Testing
import SovPrimitives

/// The examples of BIP143 ("Example" section of bitcoin/bips bip-0143.mediawiki): unsigned transaction,
/// input, scriptCode (as the BIP prints it, length-prefixed), amount (8-byte little-endian hex as printed),
/// hash type, and the published intermediate hashes and sigHash.
@Suite struct SegwitV0SighashTests {
    struct Example: Sendable, CustomStringConvertible {
        var name: String
        var unsignedTx: String
        var inputIndex: Int
        var scriptCode: String
        var amount: String
        var hashType: Int32
        var sigHash: String
        var hashPrevouts: String? = nil
        var hashSequence: String? = nil
        var hashOutputs: String? = nil
        var description: String { name }
    }

    static let p2wshMultisigTx = "010000000136641869ca081e70f394c6948e8af409e18b619df2ed74aa106c1ca29787b96e0100000000ffffffff0200e9a435000000001976a914389ffce9cd9ae88dcc0631e88a821ffdbe9bfe2688acc0832f05000000001976a9147480a33f950689af511e6e84c138dbbd3c3ee41588ac00000000"
    static let p2wshMultisigScriptCode = "cf56210307b8ae49ac90a048e9b53357a2354b3334e9c8bee813ecb98e99a7e07e8c3ba32103b28f0c28bfab54554ae8c658ac5c3e0ce6e79ad336331f78c428dd43eea8449b21034b8113d703413d57761b8b9781957b8c0ac1dfe69f492580ca4195f50376ba4a21033400f6afecb833092a9a21cfdf1ed1376e58c5d1f47de74683123987e967a8f42103a6d48b1131e94ba04d9737d61acdaa1322008af9602b3b14862c07a1789aac162102d8b661b0b3302ee2f162b09e07a55ad5dfbe673a9f01d9f0c19617681024306b56ae"
    static let codeSeparatorTx = "0100000002fe3dc9208094f3ffd12645477b3dc56f60ec4fa8e6f5d67c565d1c6b9216b36e0000000000ffffffff0815cf020f013ed6cf91d29f4202e8a58726b1ac6c79da47c23d1bee0a6925f80000000000ffffffff0100f2052a010000001976a914a30741f8145e5acadf23f751864167f32e0963f788ac00000000"
    static let singleAnyoneCanPayTx = "0100000002e9b542c5176808107ff1df906f46bb1f2583b16112b95ee5380665ba7fcfc0010000000000ffffffff80e68831516392fcd100d186b3c2c7b95c80b53c77e77c35ba03a66b429a2a1b0000000000ffffffff0280969800000000001976a914de4b231626ef508c9a74a8517e6783c0546d6b2888ac80969800000000001976a9146648a8cd4531e1ec47f35916de8e259237294d1e88ac00000000"

    static let examples: [Example] = [
        Example(name: "Native P2WPKH",
                unsignedTx: "0100000002fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f0000000000eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac11000000",
                inputIndex: 1, scriptCode: "1976a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac", amount: "0046c32300000000",
                hashType: 1, sigHash: "c37af31116d1b27caf68aae9e3ac82f1477929014d5b917657d0eb49478cb670",
                hashPrevouts: "96b827c8483d4e9b96712b6713a7b68d6e8003a781feba36c31143470b4efd37",
                hashSequence: "52b0a642eea2fb7ae638c36f6252b6750293dbe574a806984b8e4d8548339a3b",
                hashOutputs: "863ef3e1a92afbfdb97f31ad0fc7683ee943e9abcf2501590ff8f6551f47e5e5"),
        Example(name: "P2SH-P2WPKH",
                unsignedTx: "0100000001db6b1b20aa0fd7b23880be2ecbd4a98130974cf4748fb66092ac4d3ceb1a54770100000000feffffff02b8b4eb0b000000001976a914a457b684d7f0d539a46a45bbc043f35b59d0d96388ac0008af2f000000001976a914fd270b1ee6abcaea97fea7ad0402e8bd8ad6d77c88ac92040000",
                inputIndex: 0, scriptCode: "1976a91479091972186c449eb1ded22b78e40d009bdf008988ac", amount: "00ca9a3b00000000",
                hashType: 1, sigHash: "64f3b0f4dd2bb3aa1ce8566d220cc74dda9df97d8490cc81d89d735c92e59fb6",
                hashPrevouts: "b0287b4a252ac05af83d2dcef00ba313af78a3e9c329afa216eb3aa2a7b4613a",
                hashSequence: "18606b350cd8bf565266bc352f0caddcf01e8fa789dd8a15386327cf8cabe198",
                hashOutputs: "de984f44532e2173ca0d64314fcefe6d30da6f8cf27bafa706da61df8a226c83"),
        Example(name: "Native P2WSH, SINGLE out of range, OP_CODESEPARATOR not yet executed",
                unsignedTx: codeSeparatorTx, inputIndex: 1,
                scriptCode: "4721026dccc749adc2a9d0d89497ac511f760f45c47dc5ed9cf352a58ac706453880aeadab210255a9626aebf5e29c0e6538428ba0d1dcf6ca98ffdf086aa8ced5e0d0215ea465ac",
                amount: "0011102401000000", hashType: 3,
                sigHash: "82dde6e4f1e94d02c2b7ad03d2115d691f48d064e9d52f58194a6637e4194391",
                hashPrevouts: "ef546acf4a020de3898d1b8956176bb507e6211b5ed3619cd08b6ea7e2a09d41"),
        Example(name: "Native P2WSH, SINGLE out of range, after OP_CODESEPARATOR",
                unsignedTx: codeSeparatorTx, inputIndex: 1,
                scriptCode: "23210255a9626aebf5e29c0e6538428ba0d1dcf6ca98ffdf086aa8ced5e0d0215ea465ac",
                amount: "0011102401000000", hashType: 3,
                sigHash: "fef7bd749cce710c5c052bd796df1af0d935e59cea63736268bcbe2d2134fc47"),
        Example(name: "Native P2WSH, SINGLE|ANYONECANPAY, unexecuted OP_CODESEPARATOR",
                unsignedTx: singleAnyoneCanPayTx, inputIndex: 0,
                scriptCode: "270063ab68210392972e2eb617b2388771abe27235fd5ac44af8e61693261550447a4c3e39da98ac",
                amount: "ffffff0000000000", hashType: 0x83,
                sigHash: "e9071e75e25b8a1e298a72f0d2e9f4f95a0f5cdf86a533cda597eb402ed13b3a"),
        Example(name: "Native P2WSH, SINGLE|ANYONECANPAY, executed OP_CODESEPARATOR",
                unsignedTx: singleAnyoneCanPayTx, inputIndex: 1,
                scriptCode: "2468210392972e2eb617b2388771abe27235fd5ac44af8e61693261550447a4c3e39da98ac",
                amount: "ffffff0000000000", hashType: 0x83,
                sigHash: "cd72f1f1a433ee9df816857fad88d8ebd97e09a75cd481583eb841c330275e54"),
        Example(name: "P2SH-P2WSH 6-of-6, ALL", unsignedTx: p2wshMultisigTx, inputIndex: 0,
                scriptCode: p2wshMultisigScriptCode, amount: "b168de3a00000000", hashType: 0x01,
                sigHash: "185c0be5263dce5b4bb50a047973c1b6272bfbd0103a89444597dc40b248ee7c",
                hashPrevouts: "74afdc312af5183c4198a40ca3c1a275b485496dd3929bca388c4b5e31f7aaa0",
                hashSequence: "3bb13029ce7b1f559ef5e747fcac439f1455a2ec7c5f09b72290795e70665044",
                hashOutputs: "bc4d309071414bed932f98832b27b4d76dad7e6c1346f487a8fdbb8eb90307cc"),
        Example(name: "P2SH-P2WSH 6-of-6, NONE", unsignedTx: p2wshMultisigTx, inputIndex: 0,
                scriptCode: p2wshMultisigScriptCode, amount: "b168de3a00000000", hashType: 0x02,
                sigHash: "e9733bc60ea13c95c6527066bb975a2ff29a925e80aa14c213f686cbae5d2f36"),
        Example(name: "P2SH-P2WSH 6-of-6, SINGLE", unsignedTx: p2wshMultisigTx, inputIndex: 0,
                scriptCode: p2wshMultisigScriptCode, amount: "b168de3a00000000", hashType: 0x03,
                sigHash: "1e1f1c303dc025bd664acb72e583e933fae4cff9148bf78c157d1e8f78530aea"),
        Example(name: "P2SH-P2WSH 6-of-6, ALL|ANYONECANPAY", unsignedTx: p2wshMultisigTx, inputIndex: 0,
                scriptCode: p2wshMultisigScriptCode, amount: "b168de3a00000000", hashType: 0x81,
                sigHash: "2a67f03e63a6a422125878b40b82da593be8d4efaafe88ee528af6e5a9955c6e"),
        Example(name: "P2SH-P2WSH 6-of-6, NONE|ANYONECANPAY", unsignedTx: p2wshMultisigTx, inputIndex: 0,
                scriptCode: p2wshMultisigScriptCode, amount: "b168de3a00000000", hashType: 0x82,
                sigHash: "781ba15f3779d5542ce8ecb5c18716733a5ee42a6f51488ec96154934e2c890a"),
        Example(name: "P2SH-P2WSH 6-of-6, SINGLE|ANYONECANPAY", unsignedTx: p2wshMultisigTx, inputIndex: 0,
                scriptCode: p2wshMultisigScriptCode, amount: "b168de3a00000000", hashType: 0x83,
                sigHash: "511e8e52ed574121fc1b654970395502128263f62662e076dc6baf05c2e6a99b"),
        Example(name: "No FindAndDelete, CHECKSIGVERIFY",
                unsignedTx: "010000000169c12106097dc2e0526493ef67f21269fe888ef05c7a3a5dacab38e1ac8387f14c1d000000ffffffff0101000000000000000000000000",
                inputIndex: 0,
                scriptCode: "4aad4830450220487fb382c4974de3f7d834c1b617fe15860828c7f96454490edd6d891556dcc9022100baf95feb48f845d5bfc9882eb6aeefa1bc3790e39f59eaa46ff7f15ae626c53e01",
                amount: "400d030000000000", hashType: 1,
                sigHash: "71c9cd9b2869b9c70b01b1f0360c148f42dee72297db312638df136f43311f23",
                hashPrevouts: "b67c76d200c6ce72962d919dc107884b9d5d0e26f2aea7474b46a1904c53359f",
                hashSequence: "3bb13029ce7b1f559ef5e747fcac439f1455a2ec7c5f09b72290795e70665044",
                hashOutputs: "e5d196bfb21caca9dbd654cafb3b4dc0c4882c8927d2eb300d9539dd0b934228"),
    ]

    @Test(arguments: examples) func sighashMatchesBIP143(_ example: Example) throws {
        let tx = try Transaction(bytes: try Hex.decode(example.unsignedTx))
        #expect(tx.serialized().hex == example.unsignedTx)
        var code = ByteReader(try Hex.decode(example.scriptCode))
        let scriptCode = Script(try code.readVarBytes("scriptCode"))
        #expect(code.isAtEnd)
        var amountReader = ByteReader(try Hex.decode(example.amount))
        let amount = try amountReader.readInt64("amount")

        let data = try PrecomputedTransactionData(tx)
        let hash = try SignatureHash.segwitV0(data, inputIndex: example.inputIndex, scriptCode: scriptCode,
                                              amount: amount, hashType: example.hashType)
        #expect(hash.hex == example.sigHash)
        if let expected = example.hashPrevouts { #expect(data.hashPrevouts.hex == expected) }
        if let expected = example.hashSequence { #expect(data.hashSequence.hex == expected) }
        if let expected = example.hashOutputs { #expect(data.hashOutputs.hex == expected) }
    }

    /// BIP143's P2WPKH scriptCode is the P2PKH script of the witness program's key hash.
    @Test func p2wpkhScriptCodeFromWitnessProgram() throws {
        let program = try Hex.decode("1d0f172a0ecb48aee1be1f2687d2963ae33f71a1")  // scriptPubKey 0014{program}
        #expect(SignatureHash.p2wpkhScriptCode(keyHash: program).hex == "76a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac")
    }

    /// The OP_CHECKMULTISIGVERIFY variant of BIP143's "No FindAndDelete" examples is given only signed: the
    /// witness script is its last witness item; the BIP prints its hashPrevouts and sighash.
    @Test func noFindAndDeleteMultisigFromSignedTransaction() throws {
        let signed = "010000000001019275cb8d4a485ce95741c013f7c0d28722160008021bb469a11982d47a6628964c1d000000ffffffff0101000000000000000007004830450220487fb382c4974de3f7d834c1b617fe15860828c7f96454490edd6d891556dcc9022100baf95feb48f845d5bfc9882eb6aeefa1bc3790e39f59eaa46ff7f15ae626c53e0148304502205286f726690b2e9b0207f0345711e63fa7012045b9eb0f19c2458ce1db90cf43022100e89f17f86abc5b149eba4115d4f128bcf45d77fb3ecdd34f594091340c0395960101022102966f109c54e85d3aee8321301136cedeb9fc710fdef58a9de8a73942f8e567c021034ffc99dd9a79dd3cb31e2ab3e0b09e0e67db41ac068c625cd1f491576016c84e9552af4830450220487fb382c4974de3f7d834c1b617fe15860828c7f96454490edd6d891556dcc9022100baf95feb48f845d5bfc9882eb6aeefa1bc3790e39f59eaa46ff7f15ae626c53e0148304502205286f726690b2e9b0207f0345711e63fa7012045b9eb0f19c2458ce1db90cf43022100e89f17f86abc5b149eba4115d4f128bcf45d77fb3ecdd34f594091340c039596017500000000"
        let tx = try Transaction(bytes: try Hex.decode(signed))
        #expect(tx.serialized().hex == signed)
        #expect(tx.inputs[0].witness.count == 7)
        let witnessScript = Script(tx.inputs[0].witness.last ?? [])
        let data = try PrecomputedTransactionData(tx)
        #expect(data.hashPrevouts.hex == "39283953eb1e26994dde57b7f9362a79a8c523e2f8deba943c27e826a005f1e6")
        let hash = try SignatureHash.segwitV0(data, inputIndex: 0, scriptCode: witnessScript, amount: 200_000, hashType: 1)
        #expect(hash.hex == "c1628a1e7c67f14ca0c27c06e4fdeec2e6d1a73c7a91d7c046ff83e835aebb72")
    }
}
