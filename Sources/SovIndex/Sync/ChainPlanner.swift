import SovNodeRPC
import SovPrimitives

/// Decides which chain the index should follow and where each block's bytes come from: the node's best
/// chain when a node is reachable (blocks read from the files where they are there, else over RPC), or the
/// most-work chain in the block files when there is no node.
public enum ChainPlanner {
    /// The target chain from `reorgLimit` blocks below the index tip up. Throws when the index forked off
    /// deeper than that (a rebuild, or a larger limit, is needed).
    public static func targetChain(sync: IndexSync, blocksDirectory: String?, network: Network, reorgLimit: Int) throws -> [ChainEntry] {
        let start = max(0, (sync.index.tip?.height ?? -1) - reorgLimit)
        var selector: BestChainSelector?
        if let blocksDirectory {
            let reader = try BlockFileReader(directory: blocksDirectory, network: network)
            selector = BestChainSelector(try reader.scanAll())
        }
        var chain: [ChainEntry]
        if sync.node != nil {
            chain = try sync.nodeChain(from: start)
            if let selector {
                for i in chain.indices {
                    if let block = selector.block(hash: chain[i].hash) {
                        chain[i].fileLocation = (UInt32(block.location.file), UInt64(block.location.offset), block.location.size)
                    }
                }
            }
        } else if let selector {
            chain = selector.bestChain.filter { $0.height >= start }.map {
                ChainEntry(height: $0.height, hash: $0.hash, fileLocation: (UInt32($0.location.file), UInt64($0.location.offset), $0.location.size))
            }
        } else {
            throw IndexError.source("neither a node nor block files to index from: start bitcoind, or give --blocks-dir")
        }
        if let tip = sync.index.tip, start > 0 {
            let fork = try sync.forkHeight(chain: chain)
            if fork < start && tip.height >= start {
                throw IndexError.data("the chain forked more than \(reorgLimit) blocks below the index tip: raise --reorg-limit or rebuild")
            }
        }
        return chain
    }
}
