import SovTestSupport
import Testing
import SovJSON
import SovPrimitives

/// Every block of the recorded regtest chains and the mainnet block 413567: parsing, re-serialization,
/// merkle and witness commitments, proof of work, txids/wtxids and block hashes as Bitcoin Core gave them.
@Suite(.needsSharedData) struct BlockFixtureTests {
    /// Structural checks every valid block passes; returns the parsed block.
    static func checkBlock(_ bytes: [UInt8], _ label: String) throws -> Block {
        let block = try Block(bytes: bytes)
        #expect(block.serialized() == bytes, "\(label) re-serializes")
        #expect(try BlockHeader(bytes: Array(bytes[..<80])) == block.header, "\(label) header")
        #expect(block.computedMerkleRoot == block.header.merkleRoot, "\(label) merkle root")
        #expect(block.header.hasValidProofOfWork, "\(label) proof of work")
        #expect(block.transactions.first?.isCoinbase == true, "\(label) starts with a coinbase")
        if let valid = block.hasValidWitnessCommitment {
            #expect(valid, "\(label) witness commitment")
        } else {
            // Core rejects witness data in a block without a commitment ("unexpected-witness").
            #expect(!block.transactions.contains { $0.hasWitness }, "\(label) has witnesses but no commitment")
        }
        return block
    }

    /// txid and wtxid (`hash`) of each transaction `decoderawtransaction` decoded, keyed by its hex.
    static func decodedIDs(_ relative: String) throws -> [String: (txid: String, hash: String)] {
        var ids: [String: (txid: String, hash: String)] = [:]
        for line in try Fixtures.jsonLines(relative) {
            let hex = try #require(line["hex"]?.stringValue)
            let output = try #require(line["bitcoin_cli"]?.stringValue)
            let decoded = try JSONParser.parse(output)
            let txid = try #require(decoded["txid"]?.stringValue)
            ids[hex] = (txid, try #require(decoded["hash"]?.stringValue))
        }
        return ids
    }

    /// The `result` of a recorded RPC exchange.
    static func rpcResult(_ folder: String, _ method: String) throws -> (params: [JSONValue], result: JSONValue) {
        let exchange = try Fixtures.json("fixtures/\(folder)/rpc/\(method).json")
        let text = try #require(exchange["body"]?.stringValue)
        let body = try JSONParser.parse(text)
        return (exchange["params"]?.arrayValue ?? [], try #require(body["result"]))
    }

    @Test(arguments: ["regtest", "regtest-busy"]) func regtestChain(_ folder: String) throws {
        let raw = try Fixtures.chain("fixtures/\(folder)/chain.hex")
        let ids = try Self.decodedIDs("fixtures/\(folder)/decoded/regtest-txs.jsonl")
        var hashes: [String] = []
        var txCount = 0
        for (height, bytes) in raw.enumerated() {
            let block = try Self.checkBlock(bytes, "\(folder) block \(height)")
            let expectedPrevious = height == 0 ? BlockHash(.zero) : block.header.previousBlockHash
            if height > 0 { #expect(expectedPrevious.hex == hashes[height - 1], "\(folder) block \(height) links") }
            #expect(height > 0 || block.header.previousBlockHash == expectedPrevious)
            hashes.append(block.header.hash.hex)
            for tx in block.transactions {
                let id = try #require(ids[tx.serialized().hex], "\(folder) block \(height): tx \(tx.txid.hex) not decoded by Core")
                #expect(tx.txid.hex == id.txid)
                #expect(tx.wtxid.hex == id.hash)
                let metrics = TransactionMetrics(tx)
                #expect(metrics.txid == tx.txid && metrics.wtxid == tx.wtxid)
                txCount += 1
            }
        }
        #expect(txCount > raw.count)

        // Heights and hashes as the node reported them.
        let (hashParams, hashResult) = try Self.rpcResult(folder, "getblockhash")
        let hashHeight = try #require(hashParams.first?.intValue)
        #expect(hashResult.stringValue == hashes[hashHeight])
        #expect(try Self.rpcResult(folder, "getbestblockhash").result.stringValue == hashes.last)
        let header = try Self.rpcResult(folder, "getblockheader").result
        let headerHeight = try #require(header["height"]?.intValue)
        #expect(header["hash"]?.stringValue == hashes[headerHeight])
        #expect(header["merkleroot"]?.stringValue == Hex.encodeReversed(try Block(bytes: raw[headerHeight]).header.merkleRoot))
        let (rawParams, rawBlock) = try Self.rpcResult(folder, "getblock_v0")
        let rawHash = try #require(rawParams.first?.stringValue)
        let rawIndex = try #require(hashes.firstIndex(of: rawHash))
        #expect(rawBlock.stringValue == raw[rawIndex].hex)
        let (headerParams, headerHex) = try Self.rpcResult(folder, "getblockheader_hex")
        let headerHash = try #require(headerParams.first?.stringValue)
        let headerIndex = try #require(hashes.firstIndex(of: headerHash))
        #expect(headerHex.stringValue == raw[headerIndex][..<80].hex)
        let verbose = try Self.rpcResult(folder, "getblock_v1").result
        let verboseHash = try #require(verbose["hash"]?.stringValue)
        let verboseIndex = try #require(hashes.firstIndex(of: verboseHash))
        #expect(verbose["tx"]?.arrayValue?.compactMap(\.stringValue) == (try Block(bytes: raw[verboseIndex])).transactions.map(\.txid.hex))
        let tips = try Self.rpcResult(folder, "getchaintips").result.arrayValue ?? []
        let active = try #require(tips.first { $0["status"]?.stringValue == "active" })
        #expect(active["hash"]?.stringValue == hashes.last)
        #expect(active["height"]?.intValue == hashes.count - 1)

        // Stale blocks of the reorg: parse, hash as recorded, and branch off the active chain.
        let stale = try Fixtures.json("fixtures/\(folder)/stale.json")
        let forkHeight = try #require(stale["fork_height"]?.intValue)
        var staleHashes: Set<String> = []
        for entry in try #require(stale["blocks"]?.arrayValue) {
            let height = try #require(entry["height"]?.intValue)
            let rawHex = try #require(entry["raw"]?.stringValue)
            let block = try Self.checkBlock(try Hex.decode(rawHex), "\(folder) stale \(height)")
            #expect(block.header.hash.hex == entry["hash"]?.stringValue)
            #expect(height >= forkHeight)
            let parent = block.header.previousBlockHash.hex
            #expect(parent == hashes[height - 1] || staleHashes.contains(parent), "\(folder) stale \(height) parent")
            #expect(hashes[height] != block.header.hash.hex)
            staleHashes.insert(block.header.hash.hex)
        }
        #expect(!staleHashes.isEmpty)

        // Checkpoints: each tip is on the final chain at its height, or one of the stale blocks.
        for checkpoint in try #require(try Fixtures.json("fixtures/\(folder)/checkpoints.json").arrayValue) {
            let height = try #require(checkpoint["height"]?.intValue)
            let tip = try #require(checkpoint["tip"]?.stringValue)
            #expect(hashes[height] == tip || staleHashes.contains(tip), "\(folder) checkpoint \(checkpoint["label"]?.stringValue ?? "")")
        }
    }

    @Test func mainnetBlock413567() throws {
        let block = try Self.checkBlock(try Fixtures.bytes("blocks/mainnet-413567.raw"), "mainnet 413567")
        let decoded = try Fixtures.jsonLines("blocks/mainnet-413567-decoded.jsonl")
        #expect(block.transactions.count == 1557)
        #expect(decoded.count == block.transactions.count)
        for (tx, line) in zip(block.transactions, decoded) {
            #expect(tx.serialized().hex == line["hex"]?.stringValue)
            let output = try #require(line["bitcoin_cli"]?.stringValue)
            let cli = try JSONParser.parse(output)
            #expect(tx.txid.hex == cli["txid"]?.stringValue)
            #expect(tx.wtxid.hex == cli["hash"]?.stringValue)
        }
    }
}
