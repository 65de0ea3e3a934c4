/// A BIP341 taproot script tree: leaves (a script and its leaf version) joined by branches.
///
/// Only hashing lives here (TapLeaf, TapBranch, TapTweak tagged hashes); the output-key tweak, which is
/// elliptic-curve maths, is `XOnlyPublicKey.taprootOutputKey(merkleRoot:)` in SovKeys.
public indirect enum TaprootTree: Hashable, Sendable {
    case leaf(Script, version: UInt8)
    case branch(TaprootTree, TaprootTree)

    /// The leaf version of BIP342 tapscript.
    public static let tapscriptLeafVersion: UInt8 = 0xc0

    /// BIP341 `TapLeaf` hash: tagged hash of the leaf version and the CompactSize-prefixed script.
    public static func leafHash(_ script: Script, version: UInt8 = tapscriptLeafVersion) -> [UInt8] {
        var writer = ByteWriter(capacity: script.count + 10)
        writer.write(version)
        writer.writeVarBytes(script.bytes)
        return Hashes.tagged("TapLeaf", writer.bytes)
    }

    /// BIP341 `TapBranch` hash of two child hashes, taken in lexicographic order.
    public static func branchHash(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        a.lexicographicallyPrecedes(b) ? Hashes.tagged("TapBranch", a + b) : Hashes.tagged("TapBranch", b + a)
    }

    /// BIP341 `TapTweak` hash of an x-only internal key and, when there are scripts, the Merkle root.
    public static func tweakHash(internalKey: [UInt8], merkleRoot: [UInt8]?) -> [UInt8] {
        Hashes.tagged("TapTweak", internalKey + (merkleRoot ?? []))
    }

    /// The Merkle root: the leaf hash of a single leaf, or the branch hash over the whole tree.
    public var merkleRoot: [UInt8] {
        switch self {
        case .leaf(let script, let version): return TaprootTree.leafHash(script, version: version)
        case .branch(let left, let right): return TaprootTree.branchHash(left.merkleRoot, right.merkleRoot)
        }
    }

    /// Every leaf, left to right (depth-first), with its hash and the Merkle path from the leaf up to the
    /// root (the sibling hashes that a control block carries after the internal key).
    public var leaves: [(script: Script, version: UInt8, hash: [UInt8], merklePath: [[UInt8]])] {
        switch self {
        case .leaf(let script, let version):
            return [(script, version, TaprootTree.leafHash(script, version: version), [])]
        case .branch(let left, let right):
            let leftHash = left.merkleRoot, rightHash = right.merkleRoot
            return left.leaves.map { ($0.script, $0.version, $0.hash, $0.merklePath + [rightHash]) }
                + right.leaves.map { ($0.script, $0.version, $0.hash, $0.merklePath + [leftHash]) }
        }
    }

    /// The depth of the deepest leaf (a lone leaf has depth 0).
    public var depth: Int {
        switch self {
        case .leaf: return 0
        case .branch(let left, let right): return 1 + max(left.depth, right.depth)
        }
    }
}
