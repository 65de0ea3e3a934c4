extension Transaction {
    /// Moves `r` past one transaction in block encoding (witness allowed), without building it: where each
    /// transaction of a block starts, at a fraction of the cost of parsing them. It reads exactly the bytes
    /// `Transaction(from:allowWitness: true)` reads and refuses what that refuses for its framing.
    public static func skip(_ r: inout ByteReader) throws(DecodingError) {
        if withLayout(&r, { _, _ in }) != nil { return }
        _ = try walk(&r) { _, _, _ in }
    }

    /// Moves `r` past one transaction as `skip` does, calling `body` with each output's index, value and where
    /// its script lies in the reader's bytes: which outputs pay a script, without building the transaction.
    public static func forEachOutput(_ r: inout ByteReader,
                                     _ body: (_ vout: Int, _ value: Int64, _ script: Range<Int>) -> Void) throws(DecodingError) {
        if withLayout(&r, { layout, raw in layout.forEachOutput(in: raw, body) }) != nil { return }
        _ = try walk(&r, body)
    }

    /// Moves `r` past one transaction as `forEachOutput` does (calling `body` the same way) and returns its
    /// txid, hashed from the reader's bytes: the version, inputs, outputs and lock time, without the segwit
    /// marker, flag and witnesses. What a transaction's bytes say of its identity, without building it.
    public static func txid(_ r: inout ByteReader,
                            forEachOutput body: (_ vout: Int, _ value: Int64, _ script: Range<Int>) -> Void = { _, _, _ in }) throws(DecodingError) -> Txid {
        let fast = withLayout(&r) { layout, raw in
            layout.forEachOutput(in: raw, body)
            return layout.txid(in: raw)
        }
        if let fast { return fast }
        // Malformed or unusual: the walk that says what is wrong (and takes the unusual).
        return try txidByReader(&r, forEachOutput: body)
    }

    /// The raw walk (`TransactionLayout`) of the transaction at `r`'s position: `use` gets its layout and the
    /// reader's bytes, and `r` moves past it. Nil, `r` unmoved, when the raw walk leaves it to `walk`.
    @inline(__always)
    private static func withLayout<T>(_ r: inout ByteReader, _ use: (TransactionLayout, UnsafeRawBufferPointer) -> T) -> T? {
        let (start, limit) = (r.position, r.end)
        let walked: (T, Int)? = r.bytes.withUnsafeBytes { raw in
            guard let layout = TransactionLayout(raw, from: start, to: limit) else { return nil }
            return (use(layout, raw), layout.end)
        }
        guard let (value, end) = walked else { return nil }
        r.seek(to: end)
        return value
    }

    /// `txid` by `ByteReader`'s walk alone: what the fast path falls back to, and what tests hold it to.
    static func txidByReader(_ r: inout ByteReader,
                             forEachOutput body: (_ vout: Int, _ value: Int64, _ script: Range<Int>) -> Void) throws(DecodingError) -> Txid {
        let start = r.position
        let witness = try walk(&r, body)
        let end = r.position
        return r.bytes.withUnsafeBytes { TransactionLayout.txid(in: $0, start: start, witness: witness, end: end) }
    }

    /// The walk behind `forEachOutput` and `txid`: where the witnesses start, for a transaction that has them.
    private static func walk(_ r: inout ByteReader, _ body: (Int, Int64, Range<Int>) -> Void) throws(DecodingError) -> Int? {
        try r.skip(4, "transaction version")
        var inputCount = try r.readCount("input count", minimumItemSize: 41)
        var witnessStart: Int?
        if inputCount == 0 {
            let flags = try r.readUInt8("segwit flag")
            if flags != 0 {
                guard flags == 1 else { throw DecodingError(offset: r.position, "unknown transaction optional data") }
                inputCount = try r.readCount("input count", minimumItemSize: 41)
                try skipInputs(inputCount, &r)
                try readOutputs(&r, body)
                witnessStart = r.position
            }
        } else {
            try skipInputs(inputCount, &r)
            try readOutputs(&r, body)
        }
        if witnessStart != nil {
            for _ in 0..<inputCount {
                let items = try r.readCount("witness item count", minimumItemSize: 1)
                for _ in 0..<items { try r.skip(Int(try r.readCompactSize("witness item")), "witness item") }
            }
        }
        try r.skip(4, "lock time")
        return witnessStart
    }

    private static func skipInputs(_ count: Int, _ r: inout ByteReader) throws(DecodingError) {
        for _ in 0..<count {
            try r.skip(36, "previous output")
            try r.skip(Int(try r.readCompactSize("scriptSig")), "scriptSig")
            try r.skip(4, "sequence")
        }
    }

    private static func readOutputs(_ r: inout ByteReader, _ body: (Int, Int64, Range<Int>) -> Void) throws(DecodingError) {
        let count = try r.readCount("output count", minimumItemSize: 9)
        for vout in 0..<count {
            let value = Int64(bitPattern: try r.readUInt64("output value"))
            let length = Int(try r.readCompactSize("scriptPubKey"))
            let start = r.position
            try r.skip(length, "scriptPubKey")
            body(vout, value, start..<start + length)
        }
    }
}
