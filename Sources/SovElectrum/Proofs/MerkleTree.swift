import SovPrimitives

/// A whole merkle tree in Bitcoin's shape (hash256 of each pair, an odd last hash paired with itself), every
/// level kept, so that any leaf's branch is read off in ⌈log2 n⌉ steps: a server keeps a block's tree and
/// answers every `get_merkle` of that block without hashing it again.
public struct MerkleTree: Sendable {
    /// Level 0 is the leaves; the last level holds the root alone.
    public let levels: [[[UInt8]]]

    /// Builds the tree of `leaves` (32-byte hashes, at least one).
    public init(leaves: [[UInt8]]) throws(DecodingError) {
        guard !leaves.isEmpty else { throw DecodingError("merkle tree needs at least one leaf") }
        if let bad = leaves.firstIndex(where: { $0.count != 32 }) {
            throw DecodingError(offset: bad, "merkle leaf is not a 32-byte hash")
        }
        var levels = [leaves]
        var level = leaves
        while level.count > 1 {
            if level.count & 1 == 1 { level.append(level[level.count - 1]) }
            level = stride(from: 0, to: level.count, by: 2).map { Hashes.hash256(level[$0] + level[$0 + 1]) }
            levels.append(level)
        }
        self.levels = levels
    }

    public var leaves: [[UInt8]] { levels[0] }
    public var root: [UInt8] { levels[levels.count - 1][0] }

    /// The branch of leaf `index`.
    public func branch(index: Int) throws(DecodingError) -> MerkleBranch {
        guard leaves.indices.contains(index) else {
            throw DecodingError(offset: index, "leaf index \(index) outside 0..<\(leaves.count)")
        }
        var position = index
        var hashes: [[UInt8]] = []
        for level in levels.dropLast() {
            // An odd last hash is paired with itself.
            hashes.append(level[min(position ^ 1, level.count - 1)])
            position >>= 1
        }
        return MerkleBranch(index: index, hashes: hashes, root: root)
    }
}
