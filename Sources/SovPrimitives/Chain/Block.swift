/// An 80-byte block header.
public struct BlockHeader: Hashable, Sendable {
    public var version: Int32
    public var previousBlockHash: BlockHash
    /// Merkle root, internal byte order.
    public var merkleRoot: [UInt8]
    public var time: UInt32
    public var bits: UInt32
    public var nonce: UInt32

    public static let size = 80

    public init(version: Int32, previousBlockHash: BlockHash, merkleRoot: [UInt8], time: UInt32, bits: UInt32, nonce: UInt32) {
        self.version = version
        self.previousBlockHash = previousBlockHash
        self.merkleRoot = merkleRoot
        self.time = time
        self.bits = bits
        self.nonce = nonce
    }

    public init(from r: inout ByteReader) throws(DecodingError) {
        version = Int32(bitPattern: try r.readUInt32("header version"))
        previousBlockHash = BlockHash(try r.readHash32("previous block hash"))
        merkleRoot = try r.readBytes(32, "merkle root")
        time = try r.readUInt32("time")
        bits = try r.readUInt32("bits")
        nonce = try r.readUInt32("nonce")
    }

    public init(bytes: [UInt8]) throws(DecodingError) {
        guard bytes.count == BlockHeader.size else {
            throw DecodingError(offset: min(bytes.count, BlockHeader.size), "a block header is 80 bytes, got \(bytes.count)")
        }
        var r = ByteReader(bytes)
        try self.init(from: &r)
    }

    public var serialized: [UInt8] {
        var w = ByteWriter(capacity: 80)
        w.write(version)
        w.write(previousBlockHash)
        w.write(bytes: merkleRoot)
        w.write(time)
        w.write(bits)
        w.write(nonce)
        return w.bytes
    }

    public var hash: BlockHash { BlockHash(Hashes.hash256Hash32(serialized)) }

    /// The target that `bits` encodes (big-endian 32 bytes), or nil if negative or overflowing.
    public var target: [UInt8]? { CompactTarget.expand(bits) }

    /// Whether the hash meets the target `bits` claims (proof of work).
    public var hasValidProofOfWork: Bool {
        guard let target else { return false }
        let value = Array(hash.bytes.reversed())  // big-endian
        return value.lexicographicallyPrecedes(target) || value == target
    }

    /// Core's `GetDifficulty`: the difficulty-1 target divided by this target.
    public var difficulty: Double { CompactTarget.difficulty(bits) }
}

/// The compact `nBits` form of a 256-bit target.
public enum CompactTarget {
    public static func expand(_ bits: UInt32) -> [UInt8]? {
        let exponent = Int(bits >> 24)
        let mantissa = bits & 0x007f_ffff
        if bits & 0x0080_0000 != 0 && mantissa != 0 { return nil }
        var target = [UInt8](repeating: 0, count: 32)
        let mantissaBytes: [UInt8] = [UInt8(mantissa >> 16 & 0xff), UInt8(mantissa >> 8 & 0xff), UInt8(mantissa & 0xff)]
        for (i, byte) in mantissaBytes.enumerated() {
            let position = exponent - 1 - i  // byte position from the least significant end
            if position < 0 { continue }
            if position >= 32 { if byte != 0 { return nil } else { continue } }
            target[31 - position] = byte
        }
        return target
    }

    public static func difficulty(_ bits: UInt32) -> Double {
        var shift = Int((bits >> 24) & 0xff)
        var diff = Double(0x0000ffff) / Double(bits & 0x00ff_ffff)
        while shift < 29 { diff *= 256.0; shift += 1 }
        while shift > 29 { diff /= 256.0; shift -= 1 }
        return diff
    }
}

/// A block: header and transactions.
public struct Block: Sendable {
    public var header: BlockHeader
    public var transactions: [Transaction]

    public init(header: BlockHeader, transactions: [Transaction]) {
        self.header = header
        self.transactions = transactions
    }

    public init(from r: inout ByteReader) throws(DecodingError) {
        header = try BlockHeader(from: &r)
        let count = try r.readCount("transaction count", minimumItemSize: 10)
        var txs: [Transaction] = []
        txs.reserveCapacity(count)
        for _ in 0..<count { txs.append(try Transaction(from: &r, allowWitness: true)) }
        transactions = txs
    }

    /// Decodes a whole buffer as one block; trailing bytes are an error.
    public init(bytes: [UInt8]) throws(DecodingError) {
        var r = ByteReader(bytes)
        try self.init(from: &r)
        guard r.isAtEnd else { throw DecodingError(offset: r.position, "\(r.remaining) bytes after the end of the block") }
    }

    public func serialized() -> [UInt8] {
        var w = ByteWriter(capacity: 1024)
        w.write(bytes: header.serialized)
        w.writeCompactSize(transactions.count)
        for tx in transactions { tx.write(to: &w) }
        return w.bytes
    }

    /// The merkle root of `hashes` (internal byte order), Bitcoin's duplicate-last-odd rule.
    public static func merkleRoot(_ hashes: [[UInt8]]) -> [UInt8] {
        guard !hashes.isEmpty else { return [UInt8](repeating: 0, count: 32) }
        var level = hashes
        while level.count > 1 {
            if level.count % 2 == 1 { level.append(level[level.count - 1]) }
            var next: [[UInt8]] = []
            next.reserveCapacity(level.count / 2)
            for i in stride(from: 0, to: level.count, by: 2) { next.append(Hashes.hash256(level[i] + level[i + 1])) }
            level = next
        }
        return level[0]
    }

    public var computedMerkleRoot: [UInt8] { Block.merkleRoot(transactions.map(\.txid.bytes)) }

    /// The witness commitment's merkle root (coinbase wtxid counted as zero).
    public var witnessMerkleRoot: [UInt8] {
        Block.merkleRoot(transactions.enumerated().map { $0.offset == 0 ? [UInt8](repeating: 0, count: 32) : $0.element.wtxid.bytes })
    }

    /// Core's `GetWitnessCommitmentIndex`: the last coinbase output whose script starts with
    /// `OP_RETURN 0x24 aa21a9ed` and is at least 38 bytes long.
    public var witnessCommitmentIndex: Int? {
        guard let coinbase = transactions.first else { return nil }
        return coinbase.outputs.lastIndex { output in
            let script = output.scriptPubKey.bytes
            return script.count >= 38 && script.starts(with: [Opcode.opReturn, 0x24, 0xaa, 0x21, 0xa9, 0xed])
        }
    }

    /// The 32-byte witness commitment the coinbase carries, if any.
    public var witnessCommitment: [UInt8]? {
        guard let index = witnessCommitmentIndex else { return nil }
        return Array(transactions[0].outputs[index].scriptPubKey.bytes[6..<38])
    }

    /// Whether the witness commitment matches the block (Core's check in `ContextualCheckBlock`): the
    /// coinbase witness is one 32-byte reserved value and the commitment is the double SHA-256 of the
    /// witness merkle root followed by it. Nil when the block carries no commitment.
    public var hasValidWitnessCommitment: Bool? {
        guard let commitment = witnessCommitment else { return nil }
        let witness = transactions[0].inputs.first?.witness ?? []
        guard witness.count == 1, witness[0].count == 32 else { return false }
        return Hashes.hash256(witnessMerkleRoot + witness[0]) == commitment
    }
}
