/// 32 bytes held inline (four words, no heap allocation): the storage of `Txid`, `BlockHash` and `ScriptHash`.
/// Bytes are in internal order (as SHA-256 and double SHA-256 produce them).
public struct Hash32: Hashable, Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// All zero (the null prevout's txid, the genesis block's previous hash).
    public static let zero = Hash32(words: (0, 0, 0, 0))

    private init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// The hash of these bytes in internal order; nil unless there are exactly 32.
    public init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            let copied: Void? = bytes.withContiguousStorageIfAvailable { raw.copyMemory(from: UnsafeRawBufferPointer($0)) }
            if copied == nil { for (i, byte) in bytes.enumerated() { raw[i] = byte } }
        }
        self.words = words
    }

    /// The hash of the 32 bytes at the start of `buffer` (which must hold at least 32): the fast path for
    /// reading many hashes out of stored rows.
    public init(loadingFrom buffer: UnsafeRawBufferPointer) {
        precondition(buffer.count >= 32, "a 32-byte hash read from fewer bytes")
        words = (buffer.loadUnaligned(fromByteOffset: 0, as: UInt64.self), buffer.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                 buffer.loadUnaligned(fromByteOffset: 16, as: UInt64.self), buffer.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    /// The bytes in internal order.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Calls `body` with the 32 bytes in internal order, without copying them out.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: words) { try body($0) }
    }

    /// Lowercase hex of the bytes reversed: how Bitcoin Core displays txids and block hashes.
    public var displayHex: String { withUnsafeBytes { Hex.encodeReversed($0) } }

    /// From the display form (64 hex digits, either case, bytes reversed); nil otherwise. Parsed straight
    /// into the words: request parameters are read this way on every call.
    public init?(displayHex text: some StringProtocol) {
        var text = String(text)
        guard let parsed = text.withUTF8({ Hash32(displayHexUTF8: $0) }) else { return nil }
        self = parsed
    }

    private init?(displayHexUTF8 utf8: UnsafeBufferPointer<UInt8>) {
        guard utf8.count == 64 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let valid = withUnsafeMutableBytes(of: &words) { raw -> Bool in
            for i in 0..<32 {
                // Byte i in internal order is the (31 - i)th pair of digits shown.
                let at = 2 * (31 - i)
                guard let high = Hex.nibble(utf8[at]), let low = Hex.nibble(utf8[at + 1]) else { return false }
                raw[i] = high << 4 | low
            }
            return true
        }
        guard valid else { return nil }
        self.words = words
    }

    public static func == (lhs: Hash32, rhs: Hash32) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// A 32-byte hash with a meaning: stored inline, shown and read in display order (bytes reversed, as Core and
/// the Electrum protocol write them), ordered as displayed.
public protocol DisplayedHash: Hashable, Sendable, Comparable, CustomStringConvertible, LosslessStringConvertible {
    var hash32: Hash32 { get }
    init(_ hash32: Hash32)
}

extension DisplayedHash {
    /// From internal-order bytes; nil unless there are exactly 32.
    public init?(bytes: some Collection<UInt8>) {
        guard let h = Hash32(bytes) else { return nil }
        self.init(h)
    }

    /// From the display form: 64 hex digits, bytes reversed.
    public init?(_ description: String) {
        guard let h = Hash32(displayHex: description) else { return nil }
        self.init(h)
    }

    /// The bytes in internal order.
    public var bytes: [UInt8] { hash32.bytes }
    /// The display form: lowercase hex, bytes reversed.
    public var hex: String { hash32.displayHex }
    public var description: String { hex }

    /// Ordered as displayed (the hex strings' order), which is the order the Electrum protocol sorts txids in.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.hash32.withUnsafeBytes { l in
            rhs.hash32.withUnsafeBytes { r in
                for i in stride(from: 31, through: 0, by: -1) where l[i] != r[i] { return l[i] < r[i] }
                return false
            }
        }
    }
}

/// A transaction id (double SHA-256 of the transaction without witness data).
public struct Txid: DisplayedHash {
    public let hash32: Hash32
    public init(_ hash32: Hash32) { self.hash32 = hash32 }
}

/// A block's hash (double SHA-256 of its 80-byte header).
public struct BlockHash: DisplayedHash {
    public let hash32: Hash32
    public init(_ hash32: Hash32) { self.hash32 = hash32 }
}

/// The Electrum protocol's script hash: SHA-256 of an output script, shown reversed.
public struct ScriptHash: DisplayedHash {
    public let hash32: Hash32
    public init(_ hash32: Hash32) { self.hash32 = hash32 }

    /// The script hash of an output script.
    public init(script: some Collection<UInt8>) {
        self.init(Hashes.sha256Hash32(script))
    }

    /// The script hash of an output script lying in memory (no generic collection in the way: histories
    /// hash every output of the transactions they read).
    public init(script: UnsafeRawBufferPointer) {
        self.init(Hashes.sha256Hash32(script))
    }
}
