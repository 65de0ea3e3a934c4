/// Where a block's bytes sit in Bitcoin Core's `blocks/` folder.
public struct BlockLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The file number: 7 is `blk00007.dat`.
    public var file: Int
    /// Byte offset of the block itself (just after the record's magic and size) in the file.
    public var offset: Int64
    /// The block's serialized size in bytes.
    public var size: Int

    public init(file: Int, offset: Int64, size: Int) {
        self.file = file
        self.offset = offset
        self.size = size
    }

    /// File order: by file number, then offset.
    public static func < (lhs: BlockLocation, rhs: BlockLocation) -> Bool {
        (lhs.file, lhs.offset, lhs.size) < (rhs.file, rhs.offset, rhs.size)
    }

    public var description: String { "\(BlockFileReader.fileName(file)):\(offset)+\(size)" }
}
