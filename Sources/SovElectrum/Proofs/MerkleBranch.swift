import SovJSON
import SovPrimitives

/// A merkle branch: the sibling hashes that lead from one leaf to the root, deepest pairing first, in
/// Bitcoin's tree (hash256 of each pair, an odd last hash paired with itself).
///
/// One shape serves both Electrum proofs: a transaction's place in its block (leaves are the block's txids;
/// `blockchain.transaction.get_merkle`, `id_from_pos`) and a header's place in the chain up to a checkpoint
/// (leaves are the hashes of headers 0…`cp_height`; `blockchain.block.header(s)` with `cp_height`). Hashes are
/// kept in internal byte order and written reversed, as the protocol shows them.
public struct MerkleBranch: Equatable, Sendable {
    /// The leaf's index among the leaves.
    public let index: Int
    /// Sibling hashes, deepest first.
    public let hashes: [[UInt8]]
    /// The root they lead to.
    public let root: [UInt8]

    /// Computes the branch of `leaves[index]` and the root. Leaves must be 32-byte hashes.
    public init(leaves: [[UInt8]], index: Int) throws(DecodingError) {
        self = try MerkleTree(leaves: leaves).branch(index: index)
    }

    init(index: Int, hashes: [[UInt8]], root: [UInt8]) {
        self.index = index
        self.hashes = hashes
        self.root = root
    }

    /// The number of siblings in any branch of a tree with `leafCount` leaves: ⌈log2 leafCount⌉.
    public static func length(leafCount: Int) -> Int {
        var length = 0
        while (1 << length) < leafCount { length += 1 }
        return length
    }

    /// The siblings as the protocol writes them: reversed hex.
    public var hexHashes: [String] { hashes.map(Hex.encodeReversed) }

    /// The root as the protocol writes it: reversed hex.
    public var rootHex: String { Hex.encodeReversed(root) }

    // MARK: - Transaction proofs

    /// `blockchain.transaction.get_merkle`'s result: `{"block_height", "merkle", "pos"}`.
    public func getMerkleResult(blockHeight: Int) -> JSONValue {
        .object(JSONObject([("block_height", .int(blockHeight)),
                            ("merkle", .array(hexHashes.map(JSONValue.string))),
                            ("pos", .int(index))]))
    }

    /// `blockchain.transaction.id_from_pos`'s result with `merkle` true: `{"tx_hash", "merkle"}`.
    public func idFromPositionResult(txid: Txid) -> JSONValue {
        .object(JSONObject([("tx_hash", .string(txid.hex)), ("merkle", .array(hexHashes.map(JSONValue.string)))]))
    }

    // MARK: - Checkpoint proofs

    /// The proof that the header at `height` is in the chain whose headers 0…`cp_height` have `headerHashes`
    /// (so `headerHashes.count` is `cp_height + 1`): the branch of the header's hash in the tree of them all.
    public static func checkpointProof(headerHashes: [[UInt8]], height: Int) throws(DecodingError) -> MerkleBranch {
        try MerkleBranch(leaves: headerHashes, index: height)
    }

    /// The members a `cp_height` proof adds to `blockchain.block.header(s)`: `{"branch", "root"}`.
    public var checkpointMembers: [(String, JSONValue)] {
        [("branch", .array(hexHashes.map(JSONValue.string))), ("root", .string(rootHex))]
    }

    /// `blockchain.block.header`'s result with a non-zero `cp_height`: `{"branch", "header", "root"}`.
    public func blockHeaderResult(header: [UInt8]) -> JSONValue {
        .object(JSONObject([("branch", .array(hexHashes.map(JSONValue.string))), ("header", .string(header.hex)),
                            ("root", .string(rootHex))]))
    }
}
