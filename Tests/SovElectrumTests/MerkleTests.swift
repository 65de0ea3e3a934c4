import SovElectrum
import SovJSON
import SovPrimitives
import SovTestSupport
import Testing

@Suite(.needsSharedData) struct MerkleTests {
    /// Transactions of a block (every `step`-th and the last three): each branch leads to the merkle root in
    /// the block's own header.
    func checkEveryTransaction(of raw: [UInt8], height: Int, stride step: Int = 1) throws -> Int {
        let block = try Block(bytes: raw)
        let txids = block.transactions.map(\.txid.bytes)
        let positions = Set(Swift.stride(from: 0, to: txids.count, by: step)).union(txids.indices.suffix(3))
        for position in positions.sorted() {
            let txid = txids[position]
            let branch = try MerkleBranch(leaves: txids, index: position)
            #expect(branch.root == block.header.merkleRoot)
            #expect(branch.hashes.count == MerkleBranch.length(leafCount: txids.count))
            #expect(try MerkleProofVerifier.root(leaf: txid, branch: branch.hashes, index: position) == block.header.merkleRoot)
            let result = branch.getMerkleResult(blockHeight: height)
            let hexes = (result["merkle"]?.arrayValue ?? []).compactMap { $0.stringValue }
            #expect(hexes.count == branch.hashes.count)
            #expect(result["block_height"]?.intValue == height)
            #expect(result["pos"]?.intValue == position)
            let hash = try #require(Txid(bytes: txid))
            #expect(MerkleProofVerifier.verifyTransaction(txid: hash, branchHex: hexes, position: position, merkleRoot: block.header.merkleRoot))
            if txids.count > 1 {
                // Any other position, or a changed sibling, no longer proves it — except the one swap no
                // branch can rule out: an odd last txid paired with itself reads the same from either side
                // (a verifier that does not know the transaction count cannot tell position n from n + 1).
                #expect(MerkleProofVerifier.verifyTransaction(txid: hash, branchHex: hexes, position: position ^ 1, merkleRoot: block.header.merkleRoot)
                        == (branch.hashes[0] == txid))
                var tampered = hexes
                tampered[0] = String(repeating: "0", count: 64)
                #expect(!MerkleProofVerifier.verifyTransaction(txid: hash, branchHex: tampered, position: position, merkleRoot: block.header.merkleRoot))
            }
            let fromPosition = branch.idFromPositionResult(txid: hash)
            #expect(fromPosition["tx_hash"]?.stringValue == hash.hex)
            #expect(fromPosition["merkle"] == result["merkle"])
        }
        return txids.count
    }

    @Test func fixtureBlockBranches() throws {
        var checked = 0, multi = 0
        for fixture in ["regtest", "regtest-busy"] {
            let chain = try Fixtures.chain("fixtures/\(fixture)/chain.hex")
            for (height, raw) in chain.enumerated() {
                let count = try checkEveryTransaction(of: raw, height: height)
                checked += count
                if count > 2 { multi += 1 }
            }
        }
        #expect(multi > 50)
        #expect(checked > 3000)
    }

    /// A real mainnet block of 1,557 transactions: every 7th position and the last three (each branch
    /// rebuilds the whole tree, so all of them would take long in a debug build).
    @Test func mainnetBlockBranches() throws {
        let raw = try Fixtures.bytes("blocks/mainnet-413567.raw")
        #expect(try checkEveryTransaction(of: raw, height: 413_567, stride: 7) == 1557)
    }

    @Test func badMerkleInputsThrow() throws {
        let leaf = [UInt8](repeating: 1, count: 32)
        #expect(throws: DecodingError.self) { try MerkleBranch(leaves: [], index: 0) }
        #expect(throws: DecodingError.self) { try MerkleBranch(leaves: [leaf], index: 1) }
        #expect(throws: DecodingError.self) { try MerkleBranch(leaves: [leaf], index: -1) }
        #expect(throws: DecodingError.self) { try MerkleBranch(leaves: [leaf, [1, 2]], index: 0) }
        #expect(throws: DecodingError.self) { try MerkleProofVerifier.root(leaf: leaf, branch: [leaf], index: 2) }
        #expect(throws: DecodingError.self) { try MerkleProofVerifier.root(leaf: leaf, branch: [[0]], index: 0) }
        #expect(throws: DecodingError.self) { try MerkleProofVerifier.root(leaf: [0], branch: [], index: 0) }
        #expect(throws: DecodingError.self) { try MerkleProofVerifier.root(leaf: leaf, branch: [], index: -1) }
        // A single leaf is its own root with an empty branch.
        let single = try MerkleBranch(leaves: [leaf], index: 0)
        #expect(single.hashes.isEmpty && single.root == leaf)
        #expect(MerkleBranch.length(leafCount: 1) == 0 && MerkleBranch.length(leafCount: 2) == 1)
        #expect(MerkleBranch.length(leafCount: 3) == 2 && MerkleBranch.length(leafCount: 9) == 4)
    }

    /// The spec's `cp_height` example (Bitcoin header 5 under checkpoint 8) verifies with our verifier.
    @Test func publishedCheckpointProofVerifies() throws {
        let example = PublishedExamples.Checkpoint.self
        let header = try Hex.decode(example.header)
        #expect(MerkleProofVerifier.verifyHeader(header: header, height: example.height, checkpointHeight: example.checkpointHeight,
                                                 branchHex: example.branch, rootHex: example.root))
        // Wrong height, wrong checkpoint height (branch length), wrong root, changed header: all fail.
        #expect(!MerkleProofVerifier.verifyHeader(header: header, height: 4, checkpointHeight: 8, branchHex: example.branch, rootHex: example.root))
        #expect(!MerkleProofVerifier.verifyHeader(header: header, height: 5, checkpointHeight: 16, branchHex: example.branch, rootHex: example.root))
        #expect(!MerkleProofVerifier.verifyHeader(header: header, height: 5, checkpointHeight: 8, branchHex: example.branch,
                                                  rootHex: example.branch[0]))
        var changed = header
        changed[79] ^= 1
        #expect(!MerkleProofVerifier.verifyHeader(header: changed, height: 5, checkpointHeight: 8, branchHex: example.branch, rootHex: example.root))
        // The first sibling is header 4's hash, which header 5 names as its parent.
        #expect(try BlockHeader(bytes: header).previousBlockHash == BlockHash(example.branch[0]))
    }

    /// The spec's status examples list two proofs in one block each (positions 1 and 2 of three): both must
    /// lead to the same root, the odd last txid pairs with itself, and the other siblings match.
    @Test(arguments: [PublishedExamples.Status16.merkle.suffix(2).map { $0 }, PublishedExamples.StatusDraft.merkle])
    func publishedTransactionProofsAgree(proofs: [(txHash: String, height: Int, branch: [String], position: Int)]) throws {
        let roots = try proofs.map { p in
            try MerkleProofVerifier.root(leaf: try #require(Hash32(displayHex: p.txHash)).bytes,
                                         branch: p.branch.map { try #require(Hash32(displayHex: $0)).bytes }, index: p.position)
        }
        #expect(roots.count == 2 && roots[0] == roots[1])
        let second = proofs[1], first = proofs[0]
        #expect(second.branch[0] == second.txHash)
        let coinbase = try #require(Hash32(displayHex: first.branch[0])).bytes
        let firstTx = try #require(Txid(first.txHash)).bytes
        let lastTx = try #require(Txid(second.txHash)).bytes
        #expect(Hex.encodeReversed(Hashes.hash256(coinbase + firstTx)) == second.branch[1])
        #expect(Hex.encodeReversed(Hashes.hash256(lastTx + lastTx)) == first.branch[1])
        // Our own branches over the three txids give exactly the published lists.
        let leaves = [coinbase, firstTx, lastTx]
        #expect(try MerkleBranch(leaves: leaves, index: 1).hexHashes == first.branch)
        #expect(try MerkleBranch(leaves: leaves, index: 2).hexHashes == second.branch)
    }

    /// Checkpoint proofs over the fixture chain's headers, for several checkpoint heights and every header
    /// below them; the root is also Core-style `Block.merkleRoot` of the header hashes.
    @Test func fixtureCheckpointProofs() throws {
        let headers = try Fixtures.chain("fixtures/regtest/chain.hex").map { Array($0.prefix(BlockHeader.size)) }
        let hashes = headers.map { Hashes.hash256($0) }
        for cp in [1, 2, 3, 7, 8, 100, 255, headers.count - 1] {
            let leaves = Array(hashes[0...cp])
            for height in 0...cp {
                let proof = try MerkleBranch.checkpointProof(headerHashes: leaves, height: height)
                #expect(proof.root == Block.merkleRoot(leaves))
                #expect(MerkleProofVerifier.verifyHeader(header: headers[height], height: height, checkpointHeight: cp,
                                                         branchHex: proof.hexHashes, rootHex: proof.rootHex))
                if height < cp {
                    #expect(!MerkleProofVerifier.verifyHeader(header: headers[height + 1], height: height, checkpointHeight: cp,
                                                              branchHex: proof.hexHashes, rootHex: proof.rootHex))
                }
                let result = proof.blockHeaderResult(header: headers[height])
                #expect(result["header"]?.stringValue == headers[height].hex)
                #expect(result["root"]?.stringValue == proof.rootHex)
                #expect(result["branch"]?.arrayValue?.count == MerkleBranch.length(leafCount: cp + 1))
            }
        }
    }

    @Test func blockHeadersResultShapes() throws {
        let example = PublishedExamples.Headers.self
        let headers = [try Hex.decode(example.genesis), try Hex.decode(example.block1)]
        let list = ElectrumResults.blockHeaders(headers, max: example.max, shape: .list)
        #expect(list["count"]?.intValue == 2)
        #expect(list["max"]?.intValue == 2016)
        #expect(list["headers"] == .array([.string(example.genesis), .string(example.block1)]))
        #expect(list["hex"] == nil)
        let hex = ElectrumResults.blockHeaders(headers, max: example.max, shape: .concatenatedHex)
        #expect(hex["hex"]?.stringValue == example.genesis + example.block1)
        #expect(hex["headers"] == nil)
        let proof = try MerkleBranch.checkpointProof(headerHashes: headers.map { Hashes.hash256($0) }, height: 1)
        let proved = ElectrumResults.blockHeaders(headers, max: 2016, shape: .list, checkpointProof: proof)
        #expect(proved["root"]?.stringValue == proof.rootHex)
        #expect(proved["branch"] == .array([.string(Hex.encodeReversed(Hashes.hash256(headers[0])))]))
    }
}
