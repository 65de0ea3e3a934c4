/// The tip of a chain: its height and its block's hash.
public struct ChainTip: Hashable, Sendable, CustomStringConvertible {
    public var height: Int
    public var hash: BlockHash

    public init(height: Int, hash: BlockHash) {
        self.height = height
        self.hash = hash
    }

    public var description: String { "\(height) \(hash)" }
}
