import SovInspect
import SovJSON
import SovPrimitives
import SovTestSupport
import Testing

/// Blocks and headers decode with Core's header fields and Core's transaction shape.
@Suite(.needsSharedData) struct BlockDecodeTests {
    @Test func mainnetBlockMatchesCoreTransactions() throws {
        let raw = try SharedFixtures.data("blocks/mainnet-413567.raw")
        let inspector = Inspector(network: .main)
        let value = try inspector.decode(.binary(raw))
        let txs = try #require(value["tx"]?.arrayValue)
        let core = try SharedFixtures.jsonLines("blocks/mainnet-413567-decoded.jsonl")
        #expect(txs.count == 1557)
        #expect(value["nTx"]?.intValue == core.count)
        #expect(value["merkleroot_valid"] == .bool(true))
        #expect(value["pow_valid"] == .bool(true))
        #expect(value["size"]?.intValue == raw.count)
        for (tx, line) in zip(txs, core) {
            #expect(tx.pretty + "\n" == line["bitcoin_cli"]!.stringValue!)
        }
    }

    /// Header fields equal Core's `getblockheader` for the block in rpc/getblockheader.json.
    @Test func headerMatchesCoreGetBlockHeader() throws {
        let exchange = try SharedFixtures.json("fixtures/regtest/rpc/getblockheader.json")
        let rawExchange = try SharedFixtures.json("fixtures/regtest/rpc/getblockheader_hex.json")
        let body = try #require(exchange["body"]?.stringValue)
        let rawBody = try #require(rawExchange["body"]?.stringValue)
        let core = try #require(try JSONParser.parse(body)["result"])
        let headerHex = try #require(try JSONParser.parse(rawBody)["result"]?.stringValue)
        let mine = try Inspector(network: .regtest).decode(.text(headerHex), as: .header)
        for key in ["hash", "version", "versionHex", "merkleroot", "time", "nonce", "bits", "target", "difficulty", "previousblockhash"] {
            #expect(mine[key] == core[key], "\(key)")
        }
    }
}
