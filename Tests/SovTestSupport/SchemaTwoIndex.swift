import SovIndex
import SovPrimitives

/// An index of schema 2, as the previous release built it: what an upgrade to the current schema starts from.
public enum SchemaTwoIndex {
    /// Builds into `directory` the schema-2 index of the most-work chain in the block files of `blocksDirectory`
    /// (regtest): exactly the rows schema 2 wrote, and schema 2 recorded. The store is closed when it returns.
    public static func build(blocksDirectory: String, into directory: String) throws {
        let index = try AddressIndex(directory: directory, network: .regtest, create: true)
        index.schemaTwoRows = true
        let sync = IndexSync(index: index, files: BlockFileSlices(directory: blocksDirectory), node: nil)
        sync.batchBlocks = 16
        _ = try sync.sync(to: try ChainPlanner.targetChain(sync: sync, blocksDirectory: blocksDirectory, network: .regtest, reorgLimit: 100))
        try index.recordSchema(2)
        index.store.close()
    }
}
