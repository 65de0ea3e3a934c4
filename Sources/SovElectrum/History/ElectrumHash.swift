import SovPrimitives

/// A 32-byte hash as the Electrum protocol writes it: transaction hashes, block hashes and script hashes all
/// travel as 64 hex digits with the bytes reversed (least-significant byte first, as Core displays txids).
///
/// `bytes` keeps the internal order (what SHA-256/hash256 produce); `hex` is the wire form.
public struct ElectrumHash: Hashable, Sendable, CustomStringConvertible {
    /// The hash in internal byte order.
    public let bytes: [UInt8]

    /// A hash from its internal-order bytes; nil unless there are exactly 32.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// A hash from its wire form: exactly 64 hex digits (either case); nil otherwise.
    public init?(hex: String) {
        guard hex.utf8.count == 64, let decoded = try? Hex.decode(hex) else { return nil }
        bytes = decoded.reversed()
    }

    /// The Electrum script hash of an output script: SHA-256 of the script bytes.
    public init(scriptHashOf script: [UInt8]) {
        bytes = Hashes.sha256(script)
    }

    /// The wire form: lowercase hex of the reversed bytes.
    public var hex: String { Hex.encodeReversed(bytes) }

    public var description: String { hex }

    /// The bytes hashed at once (an array's own hashing feeds them one at a time).
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public static func == (lhs: ElectrumHash, rhs: ElectrumHash) -> Bool { lhs.bytes == rhs.bytes }
}
