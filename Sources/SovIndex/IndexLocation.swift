import FoundationEssentials
import SovNodeRPC
import SovPrimitives

/// Where an index is and where its blocks come from: the data directory (the index is its `index` folder),
/// Core's block files, and whether a node may be asked.
public struct IndexLocation: Sendable, Equatable {
    public var network: Network
    /// sov's data directory on this network (default ~/.sov/<network>).
    public var dataDirectory: String
    /// Core's blocks folder when given; otherwise the node connection's default is tried.
    public var blocksDirectory: String?
    /// False to read the block files alone and never contact a node (`--no-node`).
    public var useNode: Bool

    public init(network: Network, dataDirectory: String? = nil, blocksDirectory: String? = nil, useNode: Bool = true) {
        self.network = network
        self.dataDirectory = dataDirectory ?? IndexLocation.defaultDataDirectory(network: network)
        self.blocksDirectory = blocksDirectory
        self.useNode = useNode
    }

    /// `<home>/.sov/<network>`, home being `$HOME` unless given.
    public static func defaultDataDirectory(network: Network,
                                            home: String = ProcessInfo.processInfo.environment["HOME"] ?? homeDirectory()) -> String {
        (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.sov/" + network.rawValue
    }

    /// The RocksDB directory.
    public var indexDirectory: String { dataDirectory + "/index" }

    /// The blocks folder to read, if it holds block files: the one given, else Core's next to the node.
    public func readableBlocksDirectory(node: NodeConnection) -> String? {
        let candidate = blocksDirectory ?? node.blocksDirectory(network: network)
        return FileManager.default.fileExists(atPath: candidate + "/blk00000.dat") ? candidate : nil
    }
}

/// An index opened at an `IndexLocation`, with its sources: the block files when readable and the node when it
/// answers. What every `sov index` command and `sov serve` start from.
public struct OpenedIndex: Sendable {
    public let location: IndexLocation
    public let index: AddressIndex
    /// The node, or nil: `useNode` off, or the node down while the block files are there (unless `needNode`).
    public let node: NodeRPCClient?
    public let files: BlockFileSlices?
    public let blocksDirectory: String?

    public var network: Network { location.network }

    /// Opens the index (`create`: for writing, creating it when missing; otherwise read-only, which works while
    /// another process writes it) and sets its block source: files first, then the node.
    ///
    /// A reader told nothing of the sources (`sourceGiven` false) reads them as the index's last build
    /// recorded: a reader of an index built from block files alone needs no node and no `--blocks-dir`.
    /// `optionalNode`: a node that does not answer is left out (the caller says what is missing) rather than
    /// an error, even without block files.
    public init(location: IndexLocation, connection: NodeConnection, client: NodeRPCClient, create: Bool,
                needNode: Bool = false, sourceGiven: Bool = true, optionalNode: Bool = false) throws {
        // A writer may open an index of an older schema: `catchUp` upgrades it before anything else.
        let existed = FileManager.default.fileExists(atPath: location.indexDirectory)
        index = try AddressIndex(directory: location.indexDirectory, network: location.network, create: create, readOnly: !create,
                                 allowingUpgrade: create)
        // A first build that finds no source leaves nothing behind: the next try starts clean, and a reader is
        // not shown an empty index.
        let created = index
        var opened = false
        defer {
            if create && !existed && !opened {
                created.store.close()
                try? FileManager.default.removeItem(atPath: location.indexDirectory)
            }
        }
        var location = location
        if !create, !sourceGiven, let recorded = index.recordedSource {
            location.useNode = recorded.useNode
            location.blocksDirectory = recorded.blocksDirectory ?? location.blocksDirectory
        }
        self.location = location
        blocksDirectory = location.readableBlocksDirectory(node: connection)
        files = blocksDirectory.map(BlockFileSlices.init(directory:))
        if optionalNode {
            node = try? OpenedIndex.reachableNode(location.useNode ? client : nil, haveFiles: true, needNode: false)
        } else {
            node = try OpenedIndex.reachableNode(location.useNode ? client : nil, haveFiles: blocksDirectory != nil, needNode: needNode)
        }
        if create { try index.recordSource(useNode: location.useNode, blocksDirectory: blocksDirectory) }
        index.blockSource = CompositeBlockSource(files: files, node: node.map { NodeBlockSource(client: $0) })
        opened = true
    }

    /// The node when it answers; nil when not to be used, or when it is down but the block files are there.
    static func reachableNode(_ client: NodeRPCClient?, haveFiles: Bool, needNode: Bool) throws -> NodeRPCClient? {
        guard let client else { return nil }
        do {
            _ = try client.blockchainInfo()
            return client
        } catch {
            if case .unreachable = error, haveFiles, !needNode { return nil }
            throw error
        }
    }

    /// The chain to bring the index to: the node's best chain, or the files' most-work chain without a node.
    public func targetChain(sync: IndexSync, reorgLimit: Int) throws -> [ChainEntry] {
        try ChainPlanner.targetChain(sync: sync, blocksDirectory: blocksDirectory, network: network, reorgLimit: reorgLimit)
    }
}
