import Foundation
import SovIndex
import SovNodeDouble
import SovNodeRPC
import SovPrimitives
import SovTestSupport
import Testing

/// Following the node through the recorded reorg ends where a clean build of the final chain does.
@Suite(.serialized, .needsSharedData) struct IndexReorgTests {
    @Test(arguments: ["regtest", "regtest-busy"])
    func followingThroughTheReorgEqualsACleanBuild(_ fixture: String) throws {
        let chain = try FixtureChain(name: fixture)
        let node = try NodeDouble(fixture: chain, state: "before-reorg")
        defer { node.stop() }
        let client = NodeRPCClient(endpoint: NodeEndpoint(url: node.url, credentials: .cookieFile(path: node.cookiePath), network: .regtest))
        let directory = IndexOverRPCTests.temporaryIndexDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let index = try AddressIndex(directory: directory, network: .regtest, create: true)
        let sync = IndexSync(index: index, files: nil, node: client)
        _ = try sync.sync(to: try sync.nodeChain(from: 0))
        let before = try #require(chain.checkpoints.first { $0.label == "before-reorg" })
        #expect(index.tip?.hash.hex == before.tip)
        let staleOnChain = before.height - chain.staleForkHeight + 1
        #expect(staleOnChain > 0)

        // The node reorganizes; the index follows from its own tip region.
        for label in ["after-reorg", "final"] {
            try node.step(to: label)
            let result = try sync.sync(to: try sync.nodeChain(from: max(0, (index.tip?.height ?? 0) - 100)))
            if label == "after-reorg" { #expect(result.rolledBack == staleOnChain) }
        }
        #expect(index.tip?.hash.hex == node.expectedBlockHashes.last)
        try IndexExpectations.check(index: index, mempool: try MempoolView.fetch(from: client, index: index),
                                    record: try ScriptsRecord(fixture: fixture))

        // Transactions of the stale blocks that the final chain does not have are gone.
        let finalTxids = Set(try chain.blocks.flatMap { try Block(bytes: $0).transactions.map(\.txid) })
        var vanished = 0
        for stale in chain.staleBlocks {
            for tx in try Block(bytes: stale.raw).transactions where !finalTxids.contains(tx.txid) {
                #expect(try index.position(ofTxid: tx.txid) == nil)
                vanished += 1
            }
        }
        #expect(vanished > 0)
    }
}
