import SovPrimitives

/// The script tree of a `tr(KEY,TREE)` descriptor: leaves are tapscript expressions, `{A,B}` a branch.
public indirect enum DescriptorTree: Hashable, Sendable {
    case leaf(DescriptorNode)
    case branch(DescriptorTree, DescriptorTree)

    /// The leaf expressions, left to right.
    public var nodes: [DescriptorNode] {
        switch self {
        case .leaf(let node): return [node]
        case .branch(let left, let right): return left.nodes + right.nodes
        }
    }

    /// `{A,B}` form, as Core prints it.
    public func publicString(network: Network) -> String {
        string(network: network) { $0.publicString }
    }

    func string(network: Network, _ keyString: (DescriptorKey) -> String) -> String {
        switch self {
        case .leaf(let node): return node.string(network: network, keyString)
        case .branch(let left, let right):
            return "{" + left.string(network: network, keyString) + "," + right.string(network: network, keyString) + "}"
        }
    }

    /// The tree of tapscript leaves (leaf version 0xc0) at derivation `index`.
    public func taprootTree(at index: UInt32) throws(DecodingError) -> TaprootTree {
        switch self {
        case .leaf(let node): return .leaf(try node.script(at: index), version: TaprootTree.tapscriptLeafVersion)
        case .branch(let left, let right): return .branch(try left.taprootTree(at: index), try right.taprootTree(at: index))
        }
    }
}
