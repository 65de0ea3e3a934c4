/// Where the parts of one transaction in block encoding lie: found by one walk over raw bytes, without
/// building the transaction. The fast path behind `Transaction.skip`, `forEachOutput` and `txid`, which read
/// every transaction of a block when an index is built and every transaction of a history when one is read.
///
/// The walk takes only what is plainly well formed: sizes in canonical encoding of at most 5 bytes and up to
/// 2^25 (Core's limit), a segwit flag of 1, every part inside the bytes. Anything else (malformed, or merely
/// unusual) finds no layout, and the caller walks the transaction with `ByteReader`, whose errors say what is
/// wrong and where. So the walk never accepts what `ByteReader` would refuse: it is a subset of that grammar
/// with the same framing.
struct TransactionLayout {
    /// Where the transaction starts.
    var start: Int
    /// Where the output count starts.
    var outputs: Int
    /// Where the witnesses start, for a transaction that has them.
    var witness: Int?
    /// Where the transaction ends.
    var end: Int

    /// The layout of the transaction starting at `start` in `bytes`, which must end by `limit`.
    @inline(__always)
    init?(_ bytes: UnsafeRawBufferPointer, from start: Int, to limit: Int) {
        guard limit <= bytes.count, start >= 0, limit - start >= 10 else { return nil }
        self.start = start
        var at = start + 4
        @inline(__always) func size() -> Int? { Self.size(in: bytes, at: &at, limit: limit) }
        @inline(__always) func skip(_ count: Int) -> Bool {
            guard limit - at >= count else { return false }
            at += count
            return true
        }
        guard var inputs = size() else { return nil }
        var segwit = false
        if inputs == 0 {
            // The segwit marker: a flag of 1 must follow (anything else is left to ByteReader's walk).
            guard at < limit, bytes.load(fromByteOffset: at, as: UInt8.self) == 1 else { return nil }
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

    /// The CompactSize at `at` in `bytes`, moving `at` past it: nil when it does not end by `limit`, is not
    /// canonical, takes 9 bytes or exceeds 2^25 (all left to ByteReader's walk).
    @inline(__always)
    static func size(in bytes: UnsafeRawBufferPointer, at: inout Int, limit: Int) -> Int? {
        guard at < limit else { return nil }
        let first = bytes.load(fromByteOffset: at, as: UInt8.self)
        if first < 0xfd {
            at += 1
            return Int(first)
        }
        if first == 0xfd {
            guard limit - at >= 3 else { return nil }
            let value = Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 1, as: UInt16.self)))
            guard value >= 0xfd else { return nil }
            at += 3
            return value
        }
        guard first == 0xfe, limit - at >= 5 else { return nil }
        let value = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 1, as: UInt32.self)))
        guard value >= 0x1_0000, value <= 0x0200_0000 else { return nil }
        at += 5
        return value
    }

    /// Calls `body` with each output's index, value and where its script lies: the outputs of a layout
    /// found in `bytes` (so every size is known to be there and well formed).
    @inline(__always)
    func forEachOutput(in bytes: UnsafeRawBufferPointer, _ body: (_ vout: Int, _ value: Int64, _ script: Range<Int>) -> Void) {
        var at = outputs
        let count = Self.size(in: bytes, at: &at, limit: end)!
        for vout in 0..<count {
            let value = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int64.self))
            at += 8
            let length = Self.size(in: bytes, at: &at, limit: end)!
            body(vout, value, at..<at + length)
            at += length
        }
    }

    /// The txid, hashed from `bytes`.
    @inline(__always)
    func txid(in bytes: UnsafeRawBufferPointer) -> Txid { Self.txid(in: bytes, start: start, witness: witness, end: end) }

    /// The txid of the transaction at `start..<end` of `bytes` whose witnesses (if any) start at `witness`: the
    /// version, inputs, outputs and lock time hashed without the segwit marker, flag and witnesses.
    static func txid(in bytes: UnsafeRawBufferPointer, start: Int, witness: Int?, end: Int) -> Txid {
        guard let witness else { return Txid(Hashes.hash256Hash32(bytes, start..<end)) }
        return Txid(Hashes.hash256Hash32(bytes, start..<start + 4, start + 6..<witness, end - 4..<end))
    }
}
