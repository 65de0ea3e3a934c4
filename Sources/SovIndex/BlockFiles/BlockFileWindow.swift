/// A window of raw bytes over one block file, refilled with large positioned reads, so that walking the
/// records costs a few big reads rather than one small read per field.
struct BlockFileWindow {
    let handle: BlockFileHandle
    let key: BlockFileKey
    /// How much to read at once.
    let chunk: Int
    private(set) var start: Int64 = 0
    private var raw: [UInt8] = []

    init(handle: BlockFileHandle, key: BlockFileKey, chunk: Int) {
        self.handle = handle
        self.key = key
        self.chunk = chunk
    }

    var end: Int64 { start + Int64(raw.count) }

    /// Makes `count` bytes at `offset` available; false when the file ends first.
    mutating func load(_ offset: Int64, _ count: Int) throws(BlockSourceError) -> Bool {
        if offset >= start && offset + Int64(count) <= end { return true }
        guard offset + Int64(count) <= handle.size else { return false }
        try handle.readRaw(at: offset, count: max(chunk, count), into: &raw)
        start = offset
        return offset + Int64(count) <= end
    }

    /// The stored byte at `offset` (loaded).
    func rawByte(_ offset: Int64) -> UInt8 { raw[Int(offset - start)] }

    /// The de-obfuscated byte at `offset` (loaded).
    func byte(_ offset: Int64) -> UInt8 { raw[Int(offset - start)] ^ key.bytes[Int(offset & 7)] }

    /// The de-obfuscated little-endian 32-bit value at `offset` (loaded).
    func uint32(_ offset: Int64) -> UInt32 {
        var value: UInt32 = 0
        for i in 0..<4 { value |= UInt32(byte(offset + Int64(i))) << (8 * UInt32(i)) }
        return value
    }

    /// A de-obfuscated copy of `count` bytes at `offset` (loaded).
    func bytes(_ offset: Int64, _ count: Int) -> [UInt8] {
        let from = Int(offset - start)
        var out = Array(raw[from..<from + count])
        key.apply(to: &out, fileOffset: offset)
        return out
    }

    /// Whether the byte at `offset` (loaded) is padding: never written (stored zero) or a written zero.
    func isPadding(_ offset: Int64) -> Bool {
        let stored = rawByte(offset)
        return stored == 0 || stored == key.bytes[Int(offset & 7)]
    }

    /// The offset of the first byte after `offset` that is not padding or could begin a record (its
    /// de-obfuscated value is `recordStart`), or the end of the file. `offset` itself is padding.
    /// `zeroWordsAreSafe` says that no key byte equals `recordStart`, so a run of eight stored zeros can
    /// be passed over at once.
    mutating func skipPadding(after offset: Int64, recordStart: UInt8, zeroWordsAreSafe: Bool) throws(BlockSourceError) -> Int64 {
        var p = offset + 1
        let size = handle.size
        while p < size {
            if p >= end || p < start {
                guard try load(p, 1) else { return p }
            }
            let index = Int(p - start)
            if p & 7 == 0 && index + 8 <= raw.count {
                let word = raw.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index, as: UInt64.self) }
                if (word == 0 && zeroWordsAreSafe) || word == key.word.littleEndian {
                    p += 8
                    continue
                }
            }
            let stored = raw[index]
            let plain = stored ^ key.bytes[Int(p & 7)]
            if plain == recordStart { return p }
            guard stored == 0 || plain == 0 else { return p }
            p += 1
        }
        return p
    }
}
