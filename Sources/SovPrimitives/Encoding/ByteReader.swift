/// A bounds-checked cursor over bytes.
///
/// Every read checks the remaining length first and throws `DecodingError` with the offset; lengths read
/// from the input are never trusted for allocation beyond what the input can actually hold.
public struct ByteReader {
    public let bytes: [UInt8]
    public private(set) var position: Int
    public let end: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
    }

    public var remaining: Int { end - position }
    public var isAtEnd: Bool { position >= end }

    func fail(_ reason: String) -> DecodingError { DecodingError(offset: position, reason) }

    @inline(__always) public mutating func require(_ count: Int, _ what: String) throws(DecodingError) {
        guard count >= 0, count <= remaining else { throw shortage(count, what) }
    }

    /// The error of a read past the end (out of line: the hot path only compares).
    @inline(never) func shortage(_ count: Int, _ what: String) -> DecodingError {
        fail("unexpected end of data reading \(what) (\(count) bytes wanted, \(remaining) left)")
    }

    public mutating func readUInt8(_ what: String = "byte") throws(DecodingError) -> UInt8 {
        try require(1, what)
        defer { position += 1 }
        return bytes[position]
    }

    public mutating func readUInt16(_ what: String = "uint16") throws(DecodingError) -> UInt16 {
        try require(2, what)
        defer { position += 2 }
        return UInt16(bytes[position]) | UInt16(bytes[position + 1]) << 8
    }

    public mutating func readUInt32(_ what: String = "uint32") throws(DecodingError) -> UInt32 {
        try require(4, what)
        defer { position += 4 }
        let at = position
        return UInt32(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: UInt32.self) })
    }

    public mutating func readUInt64(_ what: String = "uint64") throws(DecodingError) -> UInt64 {
        try require(8, what)
        defer { position += 8 }
        let at = position
        return UInt64(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: UInt64.self) })
    }

    public mutating func readInt64(_ what: String = "int64") throws(DecodingError) -> Int64 {
        Int64(bitPattern: try readUInt64(what))
    }

    public mutating func readBytes(_ count: Int, _ what: String = "bytes") throws(DecodingError) -> [UInt8] {
        try require(count, what)
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    /// 32 bytes held inline (a txid, a block hash), read without an intermediate array.
    public mutating func readHash32(_ what: String = "hash") throws(DecodingError) -> Hash32 {
        try require(32, what)
        defer { position += 32 }
        return Hash32(bytes[position..<position + 32])!
    }

    public mutating func skip(_ count: Int, _ what: String = "bytes") throws(DecodingError) {
        try require(count, what)
        position += count
    }

    /// Bitcoin's CompactSize, canonical encodings only (as Core requires), at most `limit`.
    public mutating func readCompactSize(_ what: String = "length", limit: UInt64 = 0x0200_0000) throws(DecodingError) -> UInt64 {
        let start = position
        let first = try readUInt8(what)
        let value: UInt64
        switch first {
        case 0xfd:
            value = UInt64(try readUInt16(what))
            guard value >= 0xfd else { throw DecodingError(offset: start, "non-canonical compact size for \(what)") }
        case 0xfe:
            value = UInt64(try readUInt32(what))
            guard value >= 0x10000 else { throw DecodingError(offset: start, "non-canonical compact size for \(what)") }
        case 0xff:
            value = try readUInt64(what)
            guard value >= 0x1_0000_0000 else { throw DecodingError(offset: start, "non-canonical compact size for \(what)") }
        default:
            value = UInt64(first)
        }
        guard value <= limit else { throw DecodingError(offset: start, "\(what) \(value) is too large") }
        return value
    }

    /// A CompactSize-prefixed byte string.
    public mutating func readVarBytes(_ what: String) throws(DecodingError) -> [UInt8] {
        let count = try readCompactSize(what)
        return try readBytes(Int(count), what)
    }

    /// A count of items that each take at least `minimumItemSize` bytes: bounded by what is left, so a
    /// hostile count cannot make the caller reserve memory it will never fill.
    public mutating func readCount(_ what: String, minimumItemSize: Int) throws(DecodingError) -> Int {
        let start = position
        let count = try readCompactSize(what)
        guard count <= UInt64(remaining / max(minimumItemSize, 1)) else {
            throw DecodingError(offset: start, "\(what) \(count) exceeds the data left (\(remaining) bytes)")
        }
        return Int(count)
    }

    public mutating func seek(to offset: Int) { position = min(max(offset, 0), end) }
}
