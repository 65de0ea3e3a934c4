/// The obfuscation key of a `blocks/` folder (`xor.dat`, Bitcoin Core 28 and later).
///
/// Every byte Core writes to a block file is XORed with `key[offset % 8]`, where `offset` is the byte's
/// position in the file. Space the node pre-allocated but never wrote stays plain zeros on disk.
public struct BlockFileKey: Hashable, Sendable {
    /// The 8 key bytes; all zero when the folder is not obfuscated.
    public let bytes: [UInt8]
    /// The key as a little-endian word: XORing a word read at an 8-aligned offset de-obfuscates it.
    let word: UInt64

    /// No obfuscation.
    public static let none = BlockFileKey(unchecked: [UInt8](repeating: 0, count: 8))

    /// A key of exactly 8 bytes; nil otherwise.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count == 8 else { return nil }
        self.init(unchecked: bytes)
    }

    private init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
        var w: UInt64 = 0
        for (i, b) in bytes.enumerated() { w |= UInt64(b) << (8 * UInt64(i)) }
        word = w
    }

    /// Whether the key changes anything (a zero key is no obfuscation).
    public var isActive: Bool { word != 0 }

    /// XORs `buffer`, which holds the file's bytes from `fileOffset` on, with the key: obfuscates plain bytes
    /// and de-obfuscates stored ones (the operation is its own inverse).
    public func apply(to buffer: inout [UInt8], fileOffset: Int64) {
        guard isActive, !buffer.isEmpty else { return }
        buffer.withUnsafeMutableBytes { apply(to: $0, fileOffset: fileOffset) }
    }

    /// XORs raw memory holding the file's bytes from `fileOffset` on.
    public func apply(to buffer: UnsafeMutableRawBufferPointer, fileOffset: Int64) {
        guard isActive, buffer.count > 0 else { return }
        let phase = Int(fileOffset & 7)
        // The key rotated so that its first byte applies to buffer[0].
        let rotated = phase == 0 ? word : (word >> (8 * UInt64(phase))) | (word << (8 * UInt64(8 - phase)))
        let words = buffer.count / 8
        for i in 0..<words {
            let value = buffer.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
            buffer.storeBytes(of: value ^ rotated.littleEndian, toByteOffset: i * 8, as: UInt64.self)
        }
        for i in (words * 8)..<buffer.count {
            buffer[i] ^= bytes[(phase + i) & 7]
        }
    }
}
