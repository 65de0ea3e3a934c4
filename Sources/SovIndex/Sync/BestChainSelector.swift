import SovPrimitives

/// One block of a selected chain.
public struct ChainBlock: Hashable, Sendable {
    public var height: Int
    public var hash: BlockHash
    public var header: BlockHeader
    /// Where the block's bytes are.
    public var location: BlockLocation

    public init(height: Int, hash: BlockHash, header: BlockHeader, location: BlockLocation) {
        self.height = height
        self.hash = hash
        self.header = header
        self.location = location
    }
}

/// The node's chain mapped onto the block files: every block found, and those the files lack.
public struct LocatedChain: Sendable {
    /// The blocks found, in the order given (heights as given).
    public var blocks: [ChainBlock]
    /// Heights and hashes not present in the files.
    public var missing: [(height: Int, hash: BlockHash)]
}

/// Builds the block tree from the headers of the block files and picks the chain with the most work.
///
/// Headers arrive in any order (blocks out of order during sync, stale branches, the same block stored
/// twice). Each distinct hash becomes a node linked to its parent; cumulative `ChainWork` and height run
/// from every root (a header whose previous hash is zero, the genesis). The best chain ends at the node with
/// the most work; on equal work, the block stored first in the files wins (as the node keeps the block it
/// received first). Headers whose hash does not meet their own target, and everything built on them, are left
/// out, so a damaged record cannot claim work it does not prove.
public struct BestChainSelector: Sendable {
    struct Node: Sendable {
        let hash: BlockHash
        let header: BlockHeader
        var location: BlockLocation
        var parent: Int = -1
        /// -1 until connected to a root.
        var height: Int = -1
        var work: ChainWork = .zero
    }

    private var nodes: [Node] = []
    private var index: [BlockHash: Int] = [:]
    private var tip: Int?

    /// Records that repeated a block already seen (the first location in file order is kept).
    public private(set) var duplicateCount = 0
    /// Headers whose hash does not meet the target their bits claim (left out).
    public private(set) var invalidProofOfWorkCount = 0
    /// Distinct blocks that do not connect to a root (parent missing from the files, or invalid).
    public private(set) var unconnectedCount = 0

    /// Builds the tree from every record of the block files (`BlockFileReader.scanAll()`).
    public init(_ records: [(location: BlockLocation, header: BlockHeader)]) {
        nodes.reserveCapacity(records.count)
        index.reserveCapacity(records.count)
        var targets: [UInt32: ChainWork] = [:]
        for record in records {
            let hash = record.header.hash
            if let existing = index[hash] {
                duplicateCount += 1
                if record.location < nodes[existing].location { nodes[existing].location = record.location }
                continue
            }
            let bits = record.header.bits
            let target: ChainWork
            if let known = targets[bits] {
                target = known
            } else {
                target = CompactTarget.expand(bits).flatMap { ChainWork(bigEndianBytes: $0) } ?? .zero
                targets[bits] = target
            }
            guard let value = ChainWork(bigEndianBytes: hash.bytes.reversed()), target != .zero, !(target < value) else {
                invalidProofOfWorkCount += 1
                continue
            }
            index[hash] = nodes.count
            nodes.append(Node(hash: hash, header: record.header, location: record.location))
        }
        connect()
    }

    private mutating func connect() {
        // Children as linked lists over the node array.
        var firstChild = [Int](repeating: -1, count: nodes.count)
        var nextSibling = [Int](repeating: -1, count: nodes.count)
        var roots: [Int] = []
        for i in nodes.indices {
            let previous = nodes[i].header.previousBlockHash
            if previous.hash32 == .zero {
                roots.append(i)
            } else if let parent = index[previous] {
                nodes[i].parent = parent
                nextSibling[i] = firstChild[parent]
                firstChild[parent] = i
            }
        }
        var works: [UInt32: ChainWork] = [:]
        var stack: [Int] = []
        for root in roots {
            nodes[root].height = 0
            nodes[root].work = Self.work(nodes[root].header.bits, cache: &works)
            stack.append(root)
        }
        var connected = 0
        while let i = stack.popLast() {
            connected += 1
            var child = firstChild[i]
            while child >= 0 {
                nodes[child].height = nodes[i].height + 1
                nodes[child].work = nodes[i].work + Self.work(nodes[child].header.bits, cache: &works)
                stack.append(child)
                child = nextSibling[child]
            }
            if let best = tip {
                if nodes[best].work < nodes[i].work
                    || (nodes[best].work == nodes[i].work && nodes[i].location < nodes[best].location) {
                    tip = i
                }
            } else {
                tip = i
            }
        }
        unconnectedCount = nodes.count - connected
    }

    private static func work(_ bits: UInt32, cache: inout [UInt32: ChainWork]) -> ChainWork {
        if let known = cache[bits] { return known }
        let value = ChainWork(blockBits: bits)
        cache[bits] = value
        return value
    }

    private func position(of hash: BlockHash) -> Int? { index[hash] }

    private func chainBlock(_ i: Int) -> ChainBlock {
        ChainBlock(height: nodes[i].height, hash: nodes[i].hash, header: nodes[i].header, location: nodes[i].location)
    }

    // MARK: Results

    /// The number of distinct blocks kept.
    public var blockCount: Int { nodes.count }

    /// The most-work chain from its genesis, one entry per height (empty when no block connects to a root).
    public var bestChain: [ChainBlock] {
        guard var i = tip else { return [] }
        var chain: [ChainBlock] = []
        chain.reserveCapacity(nodes[i].height + 1)
        while i >= 0 {
            chain.append(chainBlock(i))
            i = nodes[i].parent
        }
        return chain.reversed()
    }

    /// The total work of the best chain (Core's `chainwork` at its tip).
    public var bestChainWork: ChainWork { tip.map { nodes[$0].work } ?? .zero }

    /// Whether the files hold the block with this hash.
    public func contains(hash: BlockHash) -> Bool { position(of: hash) != nil }

    /// The block with this hash: height -1 when it does not connect to a root.
    public func block(hash: BlockHash) -> ChainBlock? { position(of: hash).map(chainBlock) }

    /// Cumulative work up to and including the block, when it connects to a root.
    public func chainWork(hash: BlockHash) -> ChainWork? {
        guard let i = position(of: hash), nodes[i].height >= 0 else { return nil }
        return nodes[i].work
    }

    /// Maps the node's own best chain (hashes for heights `startHeight`, `startHeight + 1`, …, as
    /// `getblockhash` gives them) to file locations, listing those the files lack.
    public func locate(chain hashes: [BlockHash], startHeight: Int = 0) -> LocatedChain {
        var blocks: [ChainBlock] = []
        blocks.reserveCapacity(hashes.count)
        var missing: [(height: Int, hash: BlockHash)] = []
        for (offset, hash) in hashes.enumerated() {
            let height = startHeight + offset
            if let i = position(of: hash) {
                blocks.append(ChainBlock(height: height, hash: nodes[i].hash, header: nodes[i].header, location: nodes[i].location))
            } else {
                missing.append((height, hash))
            }
        }
        return LocatedChain(blocks: blocks, missing: missing)
    }
}
