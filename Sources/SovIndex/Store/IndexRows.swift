import SovPrimitives

/// The rows one batch of blocks adds to the index, kept flat: every key (at most 16 bytes, as all of the
/// index's keys are) packed into two big-endian words, every value in one shared byte buffer. Building a
/// batch this way allocates nothing per row, and the rows sort as pairs of integers.
struct IndexRows {
    /// One row: the key's bytes as two big-endian words (zero-padded), its length, and where its value is.
    struct Row {
        var high: UInt64
        var low: UInt64
        var valueOffset: UInt32
        /// The value's length (up to 16 MB) above the key's length (the low byte): a row stays 24 bytes.
        var lengths: UInt32

        init(high: UInt64, low: UInt64, valueOffset: UInt32, valueLength: Int, keyLength: UInt8) {
            (self.high, self.low, self.valueOffset) = (high, low, valueOffset)
            lengths = UInt32(truncatingIfNeeded: valueLength) << 8 | UInt32(keyLength)
        }

        var valueLength: Int { Int(lengths >> 8) }
        var keyLength: UInt8 { UInt8(truncatingIfNeeded: lengths) }

        /// Key order (byte order of the keys), then insertion order: of equal keys the last written wins.
        @inline(__always) static func precedes(_ a: Row, _ b: Row) -> Bool {
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            if a.keyLength != b.keyLength { return a.keyLength < b.keyLength }
            return a.valueOffset < b.valueOffset
        }

        @inline(__always) func sameKey(as other: Row) -> Bool {
            high == other.high && low == other.low && keyLength == other.keyLength
        }
    }

    private(set) var rows: [Row] = []
    private(set) var values: [UInt8] = []

    init(capacity: Int) {
        rows.reserveCapacity(capacity)
        values.reserveCapacity(capacity * 3)
    }

    var count: Int { rows.count }

    /// Adds a row with an empty value.
    @inline(__always) mutating func append(high: UInt64, low: UInt64, keyLength: Int) {
        rows.append(Row(high: high, low: low, valueOffset: UInt32(truncatingIfNeeded: values.count), valueLength: 0, keyLength: UInt8(keyLength)))
    }

    /// Adds a row whose value is a position (height, then index: 6 bytes big-endian).
    @inline(__always) mutating func append(high: UInt64, low: UInt64, keyLength: Int, positionValue position: TxPosition) {
        let offset = values.count
        let h = position.height, i = position.index
        values.append(UInt8(truncatingIfNeeded: h >> 24)); values.append(UInt8(truncatingIfNeeded: h >> 16))
        values.append(UInt8(truncatingIfNeeded: h >> 8)); values.append(UInt8(truncatingIfNeeded: h))
        values.append(UInt8(truncatingIfNeeded: i >> 8)); values.append(UInt8(truncatingIfNeeded: i))
        rows.append(Row(high: high, low: low, valueOffset: UInt32(truncatingIfNeeded: offset), valueLength: 6, keyLength: UInt8(keyLength)))
    }

    /// Adds a row from a key of at most 16 bytes and a value of less than 16 MB.
    mutating func append(key: [UInt8], value: [UInt8]) {
        precondition(key.count <= 16 && value.count < 1 << 24, "index key or value too long for a packed row")
        var high: UInt64 = 0, low: UInt64 = 0
        for (j, byte) in key.enumerated() {
            if j < 8 { high |= UInt64(byte) << (56 - 8 * UInt64(j)) } else { low |= UInt64(byte) << (56 - 8 * UInt64(j - 8)) }
        }
        let offset = values.count
        values.append(contentsOf: value)
        rows.append(Row(high: high, low: low, valueOffset: UInt32(truncatingIfNeeded: offset), valueLength: value.count, keyLength: UInt8(key.count)))
    }

    /// Sorts the rows into key order (equal keys in the order they were added): a stable radix sort on the
    /// first word of the keys (skipping bytes every row shares), then each run of rows with an equal first
    /// word by the rest.
    mutating func sort() {
        let n = rows.count
        guard n > 1 else { return }
        let scratch = UnsafeMutablePointer<Row>.allocate(capacity: n)
        defer { scratch.deallocate() }
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 8 * 256)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: 8 * 256)
        rows.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            IndexRows.radixSort(base, count: n, scratch: scratch, counts: counts)
        }
    }

    /// The radix sort of `sort`, over `count` rows at `rows`, with room for as many at `scratch` and
    /// 8 × 256 zeroed counters at `counts`.
    private static func radixSort(_ rows: UnsafeMutablePointer<Row>, count n: Int, scratch: UnsafeMutablePointer<Row>,
                                  counts: UnsafeMutablePointer<Int>) {
        for i in 0..<n {
            var word = rows[i].high
            for byte in 0..<8 {
                counts[byte << 8 | Int(word & 0xff)] += 1
                word >>= 8
            }
        }
        var source = rows, destination = scratch
        for byte in 0..<8 {
            let digits = counts + byte << 8
            let shift = UInt64(8 * byte)
            // A byte every row shares leaves the order as it is.
            if digits[Int(source[0].high >> shift & 0xff)] == n { continue }
            var offset = 0
            for digit in 0..<256 {
                let count = digits[digit]
                digits[digit] = offset
                offset += count
            }
            for i in 0..<n {
                let row = source[i]
                let digit = Int(row.high >> shift & 0xff)
                (destination + digits[digit]).initialize(to: row)
                digits[digit] += 1
            }
            swap(&source, &destination)
        }
        if source != rows { rows.update(from: source, count: n) }
        // Runs of equal first words (the same script hash prefix, the same spent transaction).
        var start = 0
        while start < n {
            var end = start + 1
            while end < n && rows[end].high == rows[start].high { end += 1 }
            if end - start > 16 {
                var run = Array(UnsafeBufferPointer(start: rows + start, count: end - start))
                run.sort(by: Row.precedes)
                for (i, row) in run.enumerated() { rows[start + i] = row }
            } else if end - start > 1 {
                for i in start + 1..<end {
                    let row = rows[i]
                    var j = i
                    while j > start && Row.precedes(row, rows[j - 1]) { rows[j] = rows[j - 1]; j -= 1 }
                    rows[j] = row
                }
            }
            start = end
        }
    }

    /// Calls `body` with every row's key and value bytes, in the rows' current order, until it returns
    /// false; with `distinct`, only the last of rows with equal keys (for sorted rows: the one added last).
    func forEach(distinct: Bool = false, _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Bool) {
        rows.withUnsafeBufferPointer { rows in
            values.withUnsafeBytes { values in
                var key: (UInt64, UInt64) = (0, 0)
                withUnsafeMutableBytes(of: &key) { keyBytes in
                    for i in rows.indices {
                        let row = rows[i]
                        if distinct && i + 1 < rows.count && rows[i + 1].sameKey(as: row) { continue }
                        keyBytes.storeBytes(of: row.high.bigEndian, toByteOffset: 0, as: UInt64.self)
                        keyBytes.storeBytes(of: row.low.bigEndian, toByteOffset: 8, as: UInt64.self)
                        let start = Int(row.valueOffset)
                        let value = UnsafeRawBufferPointer(rebasing: values[start..<start + row.valueLength])
                        guard body(UnsafeRawBufferPointer(rebasing: keyBytes[0..<Int(row.keyLength)]), value) else { return }
                    }
                }
            }
        }
    }
}
