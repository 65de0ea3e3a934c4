/// Where the parts of one transaction in block encoding lie: found by one walk over raw bytes, without
/// building the transaction. The fast path behind `Transaction.skip`, `forEachOutput` and `txid`, which read
/// every transaction of a block when an index is built and every transaction of a history when one is read.
///
/// The walk takes only what is plainly well formed: sizes in canonical encoding of at most 5 bytes and up to
/// 2^25 (Core's limit), a segwit flag of 1, every part inside the bytes. Anything else (malformed, or merely unusual) finds no layout, and the
/// caller walks the transaction with `ByteReader`, whose errors say what is wrong and where. So the walk never
/// accepts what `ByteReader` would refuse: it is a subset of that grammar with the same framing.
struct TransactionLayout {
    /// Where the output count starts.
    var outputs: Int
    /// Where the witnesses start, for a transaction that has them.
    var witness: Int?
    /// Where the transaction ends.
    var end: Int

    /// The layout of the transaction starting at `start` in `bytes`, which must end by `limit`.
    @inline(__always)
    init?(_ bytes: UnsafeRawBufferPointer, from start: Int, to limit: Int) {
        guard let base = bytes.baseAddress, limit <= bytes.count, start >= 0, limit - start >= 10 else { return nil }
        var at = start + 4
        // A CompactSize below 2^16, canonical; nil past `limit` or for anything else.
        @inline(__always) func size() -> Int? {
            guard at < limit else { return nil }
            let first = base.load(fromByteOffset: at, as: UInt8.self)
            if first < 0xfd {
                at += 1
                return Int(first)
            }
            if first == 0xfd {
                guard limit - at >= 3 else { return nil }
                let value = Int(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: at + 1, as: UInt16.self)))
                guard value >= 0xfd else { return nil }
                at += 3
                return value
            }
            guard first == 0xfe, limit - at >= 5 else { return nil }
            let value = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: at + 1, as: UInt32.self)))
            guard value >= 0x1_0000, value <= 0x0200_0000 else { return nil }
            at += 5
            return value
        }
        @inline(__always) func skip(_ count: Int) -> Bool {
            guard limit - at >= count else { return false }
            at += count
            return true
        }
        guard var inputs = size() else { return nil }
        var segwit = false
        if inputs == 0 {
            // The segwit marker: a flag of 1 must follow (anything else is left to ByteReader's walk).
            guard at < limit, base.load(fromByteOffset: at, as: UInt8.self) == 1 else { return nil }
            at += 1
            guard let count = size() else { return nil }
            inputs = count
            segwit = true
        }
        for _ in 0..<inputs {
            guard skip(36), let script = size(), skip(script + 4) else { return nil }
        }
        outputs = at
        guard let count = size() else { return nil }
        for _ in 0..<count {
            guard skip(8), let script = size(), skip(script) else { return nil }
        }
        if segwit {
            witness = at
            for _ in 0..<inputs {
                guard let items = size() else { return nil }
                for _ in 0..<items {
                    guard let item = size(), skip(item) else { return nil }
                }
            }
        } else {
            witness = nil
        }
        guard skip(4) else { return nil }
        end = at
    }

    /// Calls `body` with each output's index, value and where its script lies: the outputs of a layout
    /// found in `bytes` (so every size is known to be in range and canonical).
    @inline(__always)
    func forEachOutput(in bytes: UnsafeRawBufferPointer, _ body: (_ vout: Int, _ value: Int64, _ script: Range<Int>) -> Void) {
        var at = outputs
        @inline(__always) func size() -> Int {
            let first = bytes[at]
            if first < 0xfd {
                at += 1
                return Int(first)
            }
            if first == 0xfd {
                defer { at += 3 }
                return Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 1, as: UInt16.self)))
            }
            defer { at += 5 }
            return Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 1, as: UInt32.self)))
        }
        let count = size()
        for vout in 0..<count {
            let value = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int64.self))
            at += 8
            let length = size()
            body(vout, value, at..<at + length)
            at += length
        }
    }

    /// The txid: the version, inputs, outputs and lock time hashed without the segwit marker, flag and
    /// witnesses.
    @inline(__always)
    func txid(in bytes: UnsafeRawBufferPointer, from start: Int) -> Txid {
        guard let witness else { return Txid(Hashes.hash256Hash32(bytes, start..<end)) }
        return Txid(Hashes.hash256Hash32(bytes, start..<start + 4, start + 6..<witness, end - 4..<end))
    }
}
