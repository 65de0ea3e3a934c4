import SovPrimitives

/// Checks Electrum merkle proofs the way a client does: fold the branch into the leaf — at each step the
/// index's low bit says whether the sibling goes left (1) or right (0) — and compare with the known root.
///
/// Independent of `MerkleBranch` (which builds the whole tree): only the leaf, the branch and the index are
/// used, so it is also what `sov wallet` runs on a server's answers.
public enum MerkleProofVerifier {
    /// The root that `branch` (deepest first, internal byte order) leads to from `leaf` at `index`. Throws if
    /// a hash is not 32 bytes, the index is negative, or the index has bits left over after the branch
    /// (the branch is too short for that position).
    public static func root(leaf: [UInt8], branch: [[UInt8]], index: Int) throws(DecodingError) -> [UInt8] {
        guard leaf.count == 32 else { throw DecodingError("merkle leaf is not a 32-byte hash") }
        guard index >= 0 else { throw DecodingError(offset: index, "negative merkle index") }
        var hash = leaf
        var position = index
        for (depth, sibling) in branch.enumerated() {
            guard sibling.count == 32 else { throw DecodingError(offset: depth, "merkle branch hash is not 32 bytes") }
            hash = position & 1 == 1 ? Hashes.hash256(sibling + hash) : Hashes.hash256(hash + sibling)
            position >>= 1
        }
        guard position == 0 else { throw DecodingError(offset: index, "index \(index) too large for a branch of \(branch.count)") }
        return hash
    }

    /// Whether a `blockchain.transaction.get_merkle` answer proves `txid` is at `position` in the block whose
    /// header has `merkleRoot` (internal order). `branchHex` is the `merkle` list as sent (reversed hex).
    public static func verifyTransaction(txid: Txid, branchHex: [String], position: Int, merkleRoot: [UInt8]) -> Bool {
        guard let branch = decode(branchHex), let root = try? root(leaf: txid.bytes, branch: branch, index: position) else { return false }
        return root == merkleRoot
    }

    /// Whether a `cp_height` proof shows the 80-byte `header` is at `height` under the checkpoint `rootHex`
    /// (reversed hex, as sent and as a client hard-codes it). The branch must have exactly the length a tree
    /// of `checkpointHeight + 1` headers gives, so a proof for a different checkpoint height fails.
    public static func verifyHeader(header: [UInt8], height: Int, checkpointHeight: Int, branchHex: [String], rootHex: String) -> Bool {
        guard header.count == BlockHeader.size, height >= 0, height <= checkpointHeight,
              branchHex.count == MerkleBranch.length(leafCount: checkpointHeight + 1),
              let branch = decode(branchHex), let expected = Hash32(displayHex: rootHex),
              let root = try? root(leaf: Hashes.hash256(header), branch: branch, index: height) else { return false }
        return root == expected.bytes
    }

    private static func decode(_ hexes: [String]) -> [[UInt8]]? {
        var out: [[UInt8]] = []
        for hex in hexes {
            guard let hash = Hash32(displayHex: hex) else { return nil }
            out.append(hash.bytes)
        }
        return out
    }
}
