import SovPrimitives

/// A Taproot script-path signature (`PSBT_IN_TAP_SCRIPT_SIG`).
public struct PSBTTapScriptSignature: Hashable, Sendable {
    public var xOnlyPublicKey: [UInt8]
    public var leafHash: [UInt8]
    public var signature: [UInt8]
}

/// A Taproot leaf script with every control block given for it (`PSBT_IN_TAP_LEAF_SCRIPT`), control
/// blocks shortest first as Core keeps them.
public struct PSBTTapLeafScript: Hashable, Sendable {
    public var script: [UInt8]
    public var leafVersion: UInt8
    public var controlBlocks: [[UInt8]]
}

/// An x-only key with the leaves it appears in and its origin (`PSBT_IN/OUT_TAP_BIP32_DERIVATION`).
public struct PSBTTapKeyOrigin: Hashable, Sendable {
    public var xOnlyPublicKey: [UInt8]
    /// Distinct leaf hashes in byte order (Core keeps a set).
    public var leafHashes: [[UInt8]]
    public var origin: PSBTKeyOrigin

    /// Reads the value `<hashes count> <hashes...> <fingerprint> <path...>`; `side` is "Input" or
    /// "Output" for Core's error message.
    init(xOnly: [UInt8], record: PSBTRecord, side: String) throws(DecodingError) {
        // Core reads the hashes from the stream, past the value if need be, and then finds them longer
        // than the value: any hash list that does not fit in the value is that error.
        let invalidLength = record.error("\(side) Taproot BIP32 keypath has an invalid length")
        let value = record.value
        let countSize = value.first.map { $0 < 0xfd ? 1 : $0 == 0xfd ? 3 : $0 == 0xfe ? 5 : 9 } ?? 1
        guard value.count >= countSize else { throw invalidLength }
        var r = ByteReader(value)
        let count: UInt64
        do { count = try r.readCompactSize("leaf hash count") } catch { throw record.error(error.reason) }
        guard count <= UInt64(r.remaining / 32) else { throw invalidLength }
        var hashes = Set<[UInt8]>()
        for _ in 0..<count { hashes.insert(try r.readBytes(32, "leaf hash")) }
        xOnlyPublicKey = xOnly
        leafHashes = hashes.sorted(by: byteOrder)
        do { origin = try PSBTKeyOrigin(from: &r, length: r.remaining) } catch { throw record.error(error.reason) }
    }
}

/// One leaf of an output's Taproot tree (`PSBT_OUT_TAP_TREE`), in depth-first order.
public struct PSBTTapTreeLeaf: Hashable, Sendable {
    public var depth: UInt8
    public var leafVersion: UInt8
    public var script: [UInt8]

    /// Parses a whole tree value with Core's checks: not empty, depths at most 128, valid leaf
    /// versions, and depths that describe a complete binary tree in depth-first order.
    static func parseTree(_ record: PSBTRecord) throws(DecodingError) -> [PSBTTapTreeLeaf] {
        guard !record.value.isEmpty else { throw record.error("Output Taproot tree must not be empty") }
        var r = ByteReader(record.value)
        var leaves: [PSBTTapTreeLeaf] = []
        var shape = TaprootTreeShape()
        while !r.isAtEnd {
            let depth: UInt8, leafVersion: UInt8, script: [UInt8]
            do {
                depth = try r.readUInt8("leaf depth")
                leafVersion = try r.readUInt8("leaf version")
                script = try r.readVarBytes("leaf script")
            } catch { throw record.error(error.reason) }
            guard depth <= TaprootTreeShape.maxDepth else {
                throw record.error("Output Taproot tree has as leaf greater than Taproot maximum depth")
            }
            guard leafVersion & ~TaprootTreeShape.leafMask == 0 else {
                throw record.error("Output Taproot tree has a leaf with an invalid leaf version")
            }
            leaves.append(PSBTTapTreeLeaf(depth: depth, leafVersion: leafVersion, script: script))
            shape.add(depth: Int(depth))
        }
        guard shape.isComplete else { throw record.error("Output Taproot tree is malformed") }
        return leaves
    }
}

/// The shape-checking part of Core's `TaprootBuilder`: whether leaves added at given depths, in
/// depth-first order, form a complete binary tree. No hashing: only which depths hold a finished node.
struct TaprootTreeShape {
    static let maxDepth: UInt8 = 128
    static let leafMask: UInt8 = 0xfe

    private var branch: [Bool] = []
    private(set) var isValid = true

    mutating func add(depth: Int) {
        guard isValid, depth >= 0, depth <= Int(Self.maxDepth) else { isValid = false; return }
        if depth + 1 < branch.count { isValid = false; return }
        var depth = depth
        while isValid && branch.count > depth && branch[depth] {
            branch.removeLast()
            if depth == 0 { isValid = false }
            depth -= 1
        }
        if isValid {
            if branch.count <= depth { branch.append(contentsOf: repeatElement(false, count: depth + 1 - branch.count)) }
            branch[depth] = true
        }
    }

    /// Core's `IsComplete`: valid, and either empty or a single finished root.
    var isComplete: Bool { isValid && (branch.isEmpty || (branch.count == 1 && branch[0])) }
}
