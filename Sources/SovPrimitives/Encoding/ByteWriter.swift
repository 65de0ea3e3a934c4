/// Appends Bitcoin's little-endian integers and CompactSize-prefixed data to a byte buffer.
public struct ByteWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public mutating func write(_ value: UInt8) { bytes.append(value) }
    public mutating func write(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func write(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func write(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func write(_ value: Int32) { write(UInt32(bitPattern: value)) }
    public mutating func write(_ value: Int64) { write(UInt64(bitPattern: value)) }
    public mutating func write<C: Collection>(bytes data: C) where C.Element == UInt8 { bytes.append(contentsOf: data) }

    /// 32 bytes in internal order (a txid, a block hash).
    public mutating func write(_ hash: Hash32) { hash.withUnsafeBytes { bytes.append(contentsOf: $0) } }
    public mutating func write(_ hash: some DisplayedHash) { write(hash.hash32) }

    public mutating func writeCompactSize(_ value: UInt64) {
        switch value {
        case 0..<0xfd: write(UInt8(value))
        case 0xfd...0xffff: write(UInt8(0xfd)); write(UInt16(value))
        case 0x10000...0xffff_ffff: write(UInt8(0xfe)); write(UInt32(value))
        default: write(UInt8(0xff)); write(value)
        }
    }

    public mutating func writeCompactSize(_ value: Int) { writeCompactSize(UInt64(value)) }

    public mutating func writeVarBytes<C: Collection>(_ data: C) where C.Element == UInt8 {
        writeCompactSize(UInt64(data.count))
        bytes.append(contentsOf: data)
    }

    /// The number of bytes the CompactSize encoding of `value` takes.
    public static func compactSizeLength(_ value: Int) -> Int {
        switch value {
        case ..<0xfd: return 1
        case ...0xffff: return 3
        case ...0xffff_ffff: return 5
        default: return 9
        }
    }
}
