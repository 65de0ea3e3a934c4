import SovPrimitives

/// The index's key layout (schema 4). All integers big-endian so keys sort by height and position.
///
/// | prefix | key                                             | value                                      |
/// |--------|-------------------------------------------------|--------------------------------------------|
/// | `M`    | `M` + name                                      | metadata: schema, network, tip             |
/// | `L`    | `L` + height(4)                                 | `BlockRecord`: hash, header, where the bytes are |
/// | `X`    | `X` + height(4) + chunk(2)                      | `BlockTransactionTable` of 64 transactions: where each lies |
/// | `T`    | `T` + txid[0..6] + height(4) + position(2)      | empty: txid prefix → transaction position  |
/// | `F`    | `F` + scripthash[0..6] + height(4) + position(2)| empty: a transaction paying to the script  |
/// | `S`    | `S` + scripthash[0..4] of the spent output + its transaction's height(4) + position(2) + vout(3) | height(4) + position(2) of the spender |
///
/// Prefixes of txids and script hashes keep the index small (as electrs does); every lookup verifies the
/// candidate against the transaction itself, so a prefix collision costs a read, never a wrong answer. Spend
/// rows need no check of their own: a history scans them by the script's 4-byte prefix and keeps only the
/// rows of outputs it has already verified to pay the script (an output pays one script).
/// A position fits two bytes: a valid block cannot hold more than 65,535 transactions (4 MWU / 240 WU).
///
/// Schema 3 (against 2) made a cold history a matter of two prefix scans and the paying transactions'
/// bytes: the `X` rows hold what reads used to re-derive by parsing blocks and hashing transactions, and
/// spends are keyed by the spent output's script (`S`) where schema 2 keyed them by the spent output
/// alone (`O` + height(4) + position(2) + vout(3), one point read per output of a history).
/// Schema 4 (against 3) stores no txids in the `X` rows, only where each transaction lies: a reader hashes
/// the transaction's bytes, which a history reads anyway to check its outputs. With spend keys that begin
/// with 4 bytes of the script hash rather than 6, the index is 38% smaller than schema 3's (txids are 32 bytes
/// of entropy each): 1.25x schema 2's bytes per transaction (57.8 against 46.1 on a synthetic chain of a
/// million transactions), where schema 3 was 2x.
/// `AddressIndex.upgradeSchema` turns a schema-2 or schema-3 index into schema 4 in place.
public enum IndexSchema {
    public static let version: UInt32 = 4
    /// The oldest schema this sov upgrades in place.
    public static let oldestUpgradable: UInt32 = 2
    public static let prefixLength = 6
    /// Bytes of the script hash that begin a spend row's key.
    public static let spendPrefixLength = 4

    static let metaSchema: [UInt8] = Array("Mschema".utf8)
    static let metaNetwork: [UInt8] = Array("Mnetwork".utf8)
    static let metaTip: [UInt8] = Array("Mtip".utf8)
    /// Where the blocks came from at the last build: `1` or `0` (a node was used), a tab, the blocks folder
    /// (empty: none). Readers use it when not told otherwise.
    static let metaSource: [UInt8] = Array("Msource".utf8)

    @inline(__always) static func appendUInt32(_ value: UInt32, to key: inout [UInt8]) {
        key.append(UInt8(value >> 24)); key.append(UInt8(value >> 16 & 0xff)); key.append(UInt8(value >> 8 & 0xff)); key.append(UInt8(value & 0xff))
    }

    @inline(__always) static func appendUInt16(_ value: UInt32, to key: inout [UInt8]) {
        key.append(UInt8(value >> 8 & 0xff)); key.append(UInt8(value & 0xff))
    }

    static func readUInt16<C: Collection>(_ bytes: C, at offset: Int) -> UInt32 where C.Element == UInt8, C.Index == Int {
        let s = bytes.startIndex + offset
        return UInt32(bytes[s]) << 8 | UInt32(bytes[s + 1])
    }

    @inline(__always) static func appendUInt24(_ value: UInt32, to key: inout [UInt8]) {
        key.append(UInt8(value >> 16 & 0xff)); key.append(UInt8(value >> 8 & 0xff)); key.append(UInt8(value & 0xff))
    }

    static func readUInt32<C: Collection>(_ bytes: C, at offset: Int) -> UInt32 where C.Element == UInt8, C.Index == Int {
        let s = bytes.startIndex + offset
        return UInt32(bytes[s]) << 24 | UInt32(bytes[s + 1]) << 16 | UInt32(bytes[s + 2]) << 8 | UInt32(bytes[s + 3])
    }

    static func readUInt24<C: Collection>(_ bytes: C, at offset: Int) -> UInt32 where C.Element == UInt8, C.Index == Int {
        let s = bytes.startIndex + offset
        return UInt32(bytes[s]) << 16 | UInt32(bytes[s + 1]) << 8 | UInt32(bytes[s + 2])
    }

    static func blockKey(height: Int) -> [UInt8] {
        var k: [UInt8] = [UInt8(ascii: "L")]
        appendUInt32(UInt32(height), to: &k)
        return k
    }

    /// The row of chunk `chunk` (transactions from `chunk * BlockTransactionTable.chunkSize`) of the
    /// transaction table of the block at `height`.
    public static func transactionsKey(height: Int, chunk: Int) -> [UInt8] {
        var k = transactionsPrefix(height: height)
        appendUInt16(UInt32(chunk), to: &k)
        return k
    }

    static func transactionsPrefix(height: Int) -> [UInt8] {
        var k: [UInt8] = [UInt8(ascii: "X")]
        appendUInt32(UInt32(height), to: &k)
        return k
    }

    public static func txidKey(txid: Txid, _ position: TxPosition) -> [UInt8] {
        var k: [UInt8] = [UInt8(ascii: "T")]
        k.reserveCapacity(16)
        txid.hash32.withUnsafeBytes { k.append(contentsOf: $0.prefix(prefixLength)) }
        appendUInt32(position.height, to: &k)
        appendUInt16(position.index, to: &k)
        return k
    }

    static func txidPrefix(_ txid: Txid) -> [UInt8] { [UInt8(ascii: "T")] + txid.bytes.prefix(prefixLength) }

    public static func fundingKey(scriptHash: ScriptHash, _ position: TxPosition) -> [UInt8] {
        var k: [UInt8] = [UInt8(ascii: "F")]
        k.reserveCapacity(16)
        scriptHash.hash32.withUnsafeBytes { k.append(contentsOf: $0.prefix(prefixLength)) }
        appendUInt32(position.height, to: &k)
        appendUInt16(position.index, to: &k)
        return k
    }

    static func fundingPrefix(_ scriptHash: ScriptHash) -> [UInt8] { [UInt8(ascii: "F")] + scriptHash.bytes.prefix(prefixLength) }

    /// The spend row of output `vout` of the transaction at `position`, which pays the script whose hash
    /// begins with `scriptPrefix` (the first 6 bytes, as a big-endian integer: `prefix(of:)`; the key holds
    /// the first 4).
    public static func spendKey(scriptPrefix: UInt64, _ position: TxPosition, vout: UInt32) -> [UInt8] {
        var k: [UInt8] = [UInt8(ascii: "S")]
        k.reserveCapacity(spendKeyLength)
        for shift in stride(from: 40, through: 16, by: -8) { k.append(UInt8(truncatingIfNeeded: scriptPrefix >> UInt64(shift))) }
        appendUInt32(position.height, to: &k)
        appendUInt16(position.index, to: &k)
        appendUInt24(vout, to: &k)
        return k
    }

    /// The first 6 bytes of a hash (txid or script hash) as a big-endian integer: the prefix keys hold.
    @inline(__always) public static func prefix(of hash: some DisplayedHash) -> UInt64 {
        hash.hash32.withUnsafeBytes { UInt64(bigEndian: $0.loadUnaligned(as: UInt64.self)) } >> 16
    }

    static func spendPrefix(_ scriptHash: ScriptHash) -> [UInt8] { [UInt8(ascii: "S")] + scriptHash.bytes.prefix(spendPrefixLength) }

    /// A spend row's key: tag, script-hash prefix, funding height, position and output index.
    static let spendKeyLength = 1 + spendPrefixLength + 4 + 2 + 3

    public static func positionValue(_ position: TxPosition) -> [UInt8] {
        var v: [UInt8] = []
        v.reserveCapacity(7)
        appendUInt32(position.height, to: &v)
        appendUInt16(position.index, to: &v)
        return v
    }

    /// The position encoded in the last 6 bytes of a key or value.
    static func position<C: Collection>(suffixOf bytes: C) -> TxPosition where C.Element == UInt8, C.Index == Int {
        let o = bytes.count - positionLength
        return TxPosition(height: readUInt32(bytes, at: o), index: readUInt16(bytes, at: o + 4))
    }

    static let positionLength = 6
    /// Most transactions a block can hold (and a position can name).
    static let maximumTransactionsPerBlock = 65_535
}

/// Where a confirmed transaction is: block height and position in the block.
public struct TxPosition: Hashable, Comparable, Sendable {
    public var height: UInt32
    public var index: UInt32

    public init(height: UInt32, index: UInt32) {
        self.height = height
        self.index = index
    }

    public init(height: Int, index: Int) {
        self.height = UInt32(height)
        self.index = UInt32(index)
    }

    public static func < (a: TxPosition, b: TxPosition) -> Bool { (a.height, a.index) < (b.height, b.index) }
}

/// Where a block's bytes are.
public struct BlockRecord: Sendable, Equatable {
    public enum Source: UInt8, Sendable { case blockFile = 0, node = 1 }

    public var hash: BlockHash
    public var header: BlockHeader
    public var source: Source
    public var file: UInt32
    public var offset: UInt64
    public var size: UInt32

    public init(header: BlockHeader, source: Source, file: UInt32, offset: UInt64, size: UInt32) {
        self.hash = header.hash
        self.header = header
        self.source = source
        self.file = file
        self.offset = offset
        self.size = size
    }

    var encoded: [UInt8] {
        var w = ByteWriter(capacity: 129)
        w.write(hash)
        w.write(bytes: header.serialized)
        w.write(source.rawValue)
        w.write(file)
        w.write(offset)
        w.write(size)
        return w.bytes
    }

    init(encoded bytes: [UInt8]) throws(DecodingError) {
        var r = ByteReader(bytes)
        hash = BlockHash(try r.readHash32("block hash"))
        header = try BlockHeader(from: &r)
        guard let source = Source(rawValue: try r.readUInt8("source")) else { throw DecodingError("bad block source") }
        self.source = source
        file = try r.readUInt32("file")
        offset = try r.readUInt64("offset")
        size = try r.readUInt32("size")
    }
}
