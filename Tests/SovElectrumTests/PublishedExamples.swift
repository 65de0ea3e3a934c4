/// Example values published with the Electrum protocol, copied verbatim, each with its source.
enum PublishedExamples {
    /// spesmilo/electrum-protocol `docs/protocol-basics.rst`, "Status Example" (the 1.6 text, after
    /// electrum-protocol#6 settled on display-order txids): regtest address
    /// bcrt1qn7d2x7272lznt5hhk9s07q3cqnrqljnwladrd3, script hash
    /// f04bf26fc16a27abaa2f10540da7a24e369e6ec408f2d901202a7c0cd4a6112d. `history` is the `get_history`
    /// answer in the order sent, `status` the `subscribe` answer; "the two [height 0] txs are sorted by txid
    /// (`80` comes before `e0`)".
    enum Status16 {
        static let scriptHash = "f04bf26fc16a27abaa2f10540da7a24e369e6ec408f2d901202a7c0cd4a6112d"
        static let status = "78e96c6562cafa71c115503b9411fdfdc595a45031e2ab76ff75162fe1b0590d"
        static let history: [(txHash: String, height: Int, fee: Int64?)] = [
            ("a6c9c361bd0bc536d6a22648efbf8f9b200e425ef6c3a7a9669dc444c532a347", 2472, nil),
            ("9c42f84b2fcdaff676ba25d9d4941741cc0d1a01cce0c23fdc4c0b2afa38431c", 2473, nil),
            ("770f2d4371b3fabb902dd9a103e2dd005fcd3971181078fca4a2a1d6ff127b30", 2473, nil),
            ("80b19848aed792565ab7c5a79b7c2a00fbf985741579396ebe0ab6098e607311", 0, 200),
            ("e02a1dadfa83b996b24175df807b271ea5d02937ef5b35c195fac1e1bdc3198f", 0, 300),
            ("bb4c8ab438c13b89ca80d1d5bee25b0b6b7f55673f4d801998ba97db161d9e85", -1, 200),
        ]
        /// The `blockchain.transaction.get` answers for the six transactions, in the same order.
        static let rawTransactions = [
            "02000000000102f758cda73a362840995d62d0079a22a11fc2652cb7740fffb8132486fe76fe730000000000fdffffff31b2d3d434d7c8f46b23a47aabc3c9498d4df5ffb9f13e13c3c3ecb52ab570b80000000000fdffffff0280f0fa02000000001600149f9aa3795e57c535d2f7b160ff023804c60fca6ef0cff00800000000160014553a3b97c2cc7d3d4edeace3281ff038bd067629024730440220274cf69bab8d6fd25bd047ef7420274f58540c32f2cbc12944134e604d2307a7022035a8954b44cbc6b048f4457080a7bcaf903bd970ee8bd297f1ef25451a464c280121027ba4d3ee6471a985307a37d09eb9a0a73c1a31b57616fe3e53a3d6d4540025190247304402205a879e8678c331e4f00a282e629fc048ce2ec0107452ecc19773f4c144c725af02204495325f83cfc987e4e9a090c361cfe11b63173a9b7a5ce498f3924f11ec416a0121027ba4d3ee6471a985307a37d09eb9a0a73c1a31b57616fe3e53a3d6d454002519a7090000",
            "0200000000010147a332c544c49d66a9a7c3f65e420e209b8fbfef4826a2d636c50bbd61c3c9a60000000000fdffffff02784a4c00000000001600147bcf38d8a69071c21abbfe0532cb6aeacaf5c29440a5ae02000000001600149f9aa3795e57c535d2f7b160ff023804c60fca6e02473044022020fd51935d101b3bfcf169af182a2ca189407597d8f1868ca55eecae6c58fd0402205adc117093a4329dde60b9b9c579c56c1699129c6be37a581bbd03e851d36962012103c3172a9f8820681c62b8bf28961988a4642b33f4920b9da14b06965c7fff83fda8090000",
            "0200000000010147a332c544c49d66a9a7c3f65e420e209b8fbfef4826a2d636c50bbd61c3c9a60100000000fdffffff02005a6202000000001600149f9aa3795e57c535d2f7b160ff023804c60fca6e28758e0600000000160014c388b18dd1771046fecb85f44642ffb7a4efb6270247304402200967ab438e5cb1047873132a7beda3a6e2d87809f58ebcb69976e14c85c2a2700220447d761847b2ab6a239f93cc2f8d42981082e4c4fe05f43b87fcd5f1626e4ed3012103cd68ad8bddacdc82a39a82efd7a045f2d9513a9de31049286b696c87a8efbe87a8090000",
            "02000000000101307b12ffd6a1a2a4fc7810187139cd5f00dde203a1d92d90bbfab371432d0f770100000000fdffffff0280c3c901000000001600149f9aa3795e57c535d2f7b160ff023804c60fca6ee0b0c404000000001600144343eef6273442ab066a852a7d6ecc61950b2e7b024730440220704943bb017a4aec888859b667658ab85bc306625b049cc9f5ef1f832115024d022042d950df482107838db62378ad2db8c13b9b75508eff3bfd8198ecd1dc776215012103834e1e34194508e3fc7db19d3c6964149efd58f8c67548cc765c3284cad24d67a9090000",
            "02000000000102307b12ffd6a1a2a4fc7810187139cd5f00dde203a1d92d90bbfab371432d0f770000000000fdffffff1c4338fa2a0b4cdc3fc2e0cc011a0dcc411794d4d925ba76f6afcd2f4bf8429c0100000000fdffffff02c00e1602000000001600149f9aa3795e57c535d2f7b160ff023804c60fca6e54effa0200000000160014edb4b55f1f8c33ac8597fa53d08d8997131f1b930247304402204015eaf728c064682645c95c10b04c6d47741d62b5447e29fe1e3075776ceff10220013a39f59fe60965a9304eb8645333cf4480c0c570a6aa6c87abc94b2f9b39e2012103c3172a9f8820681c62b8bf28961988a4642b33f4920b9da14b06965c7fff83fd024730440220175477dcbbb54bfb19c0cc09c311dc1b789c3f2ff3d1cc8dfc50b1065612135a022020ed690530f19d60028fb5f7e760d079d3de85981ca32b7e4349c7e02d3dcf79012103c3172a9f8820681c62b8bf28961988a4642b33f4920b9da14b06965c7fff83fda9090000",
            "020000000001011173608e09b60abe6e3979157485f9fb002a7c9ba7c5b75a5692d7ae4898b1800000000000fdffffff02784a4c0000000000160014905190f141d2089497a554d5b74175929d2b2c7d40787d01000000001600149f9aa3795e57c535d2f7b160ff023804c60fca6e024730440220681b5ea1d17b311bcce35df1b9f202c15fd161c8eab0f72059d2869c2898d9460220436bf54378db5e4d9fe8c7f73fdb11db05804c8b5d6326f8cdd6e3cd906e2218012103c3172a9f8820681c62b8bf28961988a4642b33f4920b9da14b06965c7fff83fda9090000",
        ]
        /// The `blockchain.transaction.get_merkle` answers of the same example: (txid, height, merkle, pos).
        static let merkle: [(txHash: String, height: Int, branch: [String], position: Int)] = [
            ("a6c9c361bd0bc536d6a22648efbf8f9b200e425ef6c3a7a9669dc444c532a347", 2472,
             ["5a4ae2a3c22bd791622edb41bd007b39e1f3bcdc8371717c71dbcf630aa8ca6f"], 1),
            ("9c42f84b2fcdaff676ba25d9d4941741cc0d1a01cce0c23fdc4c0b2afa38431c", 2473,
             ["9b977e4cc0b2eb44cb5ea2adb30bf6eae892c9a838111031cb49c97d8ad57309",
              "e7a2891bd8f96488681a596f619de4d88a22d3b08a8aee3b44bbdd913e3e3562"], 1),
            ("770f2d4371b3fabb902dd9a103e2dd005fcd3971181078fca4a2a1d6ff127b30", 2473,
             ["770f2d4371b3fabb902dd9a103e2dd005fcd3971181078fca4a2a1d6ff127b30",
              "ee43317b1b79a9a6b101df711a26d12a88b1419f63db15161a9fdb587fabae63"], 2),
        ]
    }

    /// The same section as first proposed in electrum-protocol#6, which sorted the height-0 txs by
    /// *network-order* txid ("`f2` comes before `f7`"); the merged 1.6 text switched to display order. Address
    /// bcrt1qwu2d7rjn9yxalg7cjw6phqzk77lf3fmsf57wq4, script hash
    /// 76bbdc72fdc74fbb0b049d21b0f80045f2a227cde1cd57a00925a437638984b5.
    enum StatusDraft {
        static let status = "3b3b8f1bf926bde2e8e21d80b7d23afbef8f8ef697e7e9204683d9a29801b671"
        static let history: [(txHash: String, height: Int, fee: Int64?)] = [
            ("5c75485491ef13ca39c06a6c985de5223ac34a365fe26d461e567521f87bb378", 1860, nil),
            ("9a2808f0cebab7fd71033b2974ab476098f8a6deb972b72fed60878a44badeda", 1861, nil),
            ("07ec1e1dd23e337d55c7e21e892cca4d328cef5d6eddf29e59587e9056e891f7", 1861, nil),
            ("98edd636bf8142d9ec0b88de3c8dbd3eb3da9bcfb02f7496f21408d8c6be58f2", 0, 200),
            ("73fe76fe862413b8ff0f74b72c65c21fa1229a07d0625d994028363aa7cd58f7", 0, 200),
            ("b870b52ab5ecc3c3133ef1b9fff54d8d49c9c3ab7aa4236bf4c8d734d4d3b231", -1, 110),
        ]
        static let merkle: [(txHash: String, height: Int, branch: [String], position: Int)] = [
            ("9a2808f0cebab7fd71033b2974ab476098f8a6deb972b72fed60878a44badeda", 1861,
             ["ac7d7a5d8932f565a2cf9cb103881bfc3bf7aa2f56ccbcdeb31e02c524ddfd0b",
              "f7d333193f2e5c48c236db7c3eafd5d03f387a71c4f9b6056617faefcf3d44cf"], 1),
            ("07ec1e1dd23e337d55c7e21e892cca4d328cef5d6eddf29e59587e9056e891f7", 1861,
             ["07ec1e1dd23e337d55c7e21e892cca4d328cef5d6eddf29e59587e9056e891f7",
              "5441fd37bd00b55ff5f9ea1a8956d2f3ade17c7fb7a363e8000b3e7cb40ea135"], 2),
        ]
    }

    /// spesmilo/electrum-protocol `docs/protocol-methods.rst`, `blockchain.block.header` "Example Result":
    /// Bitcoin height 5 with `cp_height` 8.
    enum Checkpoint {
        static let height = 5
        static let checkpointHeight = 8
        static let header = "0100000085144a84488ea88d221c8bd6c059da090e88f8a2c99690ee55dbba4e00000000e11c48fecdd9e72510ca84f023370c9a38bf91ac5cae88019bee94d24528526344c36649ffff001d1d03e477"
        static let branch = [
            "000000004ebadb55ee9096c9a2f8880e09da59c0d68b1c228da88e48844a1485",
            "96cbbc84783888e4cc971ae8acf86dd3c1a419370336bb3c634c97695a8c5ac9",
            "965ac94082cebbcffe458075651e9cc33ce703ab0115c72d9e8b1a9906b2b636",
            "89e5daa6950b895190716dd26054432b564ccdc2868188ba1da76de8e1dc7591",
        ]
        static let root = "e347b1c43fd9b5415bf0d92708db8284b78daf4d0e24f9c3405f45feb85e25db"
    }

    /// spesmilo/electrum-protocol `docs/protocol-methods.rst`, `blockchain.block.headers` "Example Response"
    /// (1.6 form): Bitcoin's first two headers as a `headers` list; before 1.6 the same two were one `hex`.
    enum Headers {
        static let genesis = "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c"
        static let block1 = "010000006fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000982051fd1e4ba744bbbe680e1fee14677ba1a3c3540bf7b1cdb606e857233e0e61bc6649ffff001d01e36299"
        static let max = 2016
    }

    /// spesmilo/electrum-protocol `docs/protocol-basics.rst`, "Script Hashes": the genesis block's P2PKH
    /// and P2PK scripts and the script hashes sent to the server.
    enum ScriptHashes {
        static let p2pkh = "76a91462e907b15cbf27d5425399ebf6f0fb50ebb88f1888ac"
        static let p2pkhScriptHash = "8b01df4e368ea28f8dc0423bcf7a4923e3a12d307c875e47a0cfbf90b5c39161"
        static let p2pk = "4104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac"
        static let p2pkScriptHash = "740485f380ff6379d11ef6fe7d7cdd68aea7f8bd0d953d9fdf3531fb7d531833"
    }

    /// spesmilo/electrumx `tests/server/test_mempool.py`, `test_compress_histogram`: fee rate (sat/vB) → vsize,
    /// the bin size, and the compact histogram ElectrumX answers.
    enum Histogram {
        static let first: [(rate: Double, vsize: Int64)] = [
            (10, 100_000), (11, 1_000), (12, 10_000_000), (13, 1_000), (14, 1_000), (15, 1_000), (16, 1_000),
            (17, 1_000), (18, 900_000), (19, 1_000), (20, 1_000), (21, 75_000), (22, 1_000),
        ]
        static let firstAt100k: [(rate: Double, vsize: Int64)] = [(19, 78000), (18, 900000), (13, 5000), (12, 10000000)]
        static let firstAt30k: [(rate: Double, vsize: Int64)] = [
            (22, 1000), (21, 75000), (19, 2000), (18, 900000), (13, 5000), (12, 10000000), (10, 101000),
        ]
        static let second: [(rate: Double, vsize: Int64)] = [
            (1.0, 10_000_000), (1.1, 30_000), (1.2, 40_000), (10, 500_000), (10.1, 1_000), (11, 50_000),
        ]
        static let secondAt100k: [(rate: Double, vsize: Int64)] = [(10.1, 51000), (10, 500000), (1.1, 70000), (1.0, 10000000)]
    }
}
