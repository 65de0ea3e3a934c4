/// txid → position, as an open-addressing hash table whose entries (the whole txid and the position)
/// sit in one flat array: a lookup usually touches one cache line, where a `Dictionary` touches three,
/// and hashing is one multiplication of txid bits (already uniform) mixed with a per-process random seed.
struct TxidTable {
    private struct Entry {
        var key: TxidKey
        var height: UInt32
        /// `emptyMarker` for a free slot (a position's index is at most 65,535).
        var index: UInt32
    }

    private static let emptyMarker = UInt32.max
    private static let emptyEntry = Entry(key: TxidKey(words: 0, 0, 0, 0), height: 0, index: emptyMarker)
    private var entries: [Entry]
    private var shift: UInt64
    private let seed: UInt64
    private(set) var count = 0

    init() {
        entries = [Entry](repeating: Self.emptyEntry, count: 1 << 10)
        shift = 64 - 10
        var generator = SystemRandomNumberGenerator()
        seed = generator.next()
    }

    @inline(__always) private static func home(_ key: TxidKey, seed: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((key.a ^ seed) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inline(__always) private func home(_ key: TxidKey) -> Int { Self.home(key, seed: seed, shift: shift) }

    /// The slot holding `key`, or the free slot where it would go.
    @inline(__always) private func slot(of key: TxidKey) -> (index: Int, found: Bool) {
        let mask = entries.count - 1
        var i = home(key)
        return entries.withUnsafeBufferPointer { entries in
            while true {
                let entry = entries[i]
                if entry.index == Self.emptyMarker { return (i, false) }
                if entry.key == key { return (i, true) }
                i = (i + 1) & mask
            }
        }
    }

    subscript(key: TxidKey) -> TxPosition? {
        get {
            let (i, found) = slot(of: key)
            guard found else { return nil }
            let entry = entries[i]
            return TxPosition(height: entry.height, index: entry.index)
        }
        set {
            if let newValue { insert(key, newValue) } else { remove(key) }
        }
    }

    private mutating func insert(_ key: TxidKey, _ position: TxPosition) {
        precondition(position.index < Self.emptyMarker, "a transaction position out of range")
        var (i, found) = slot(of: key)
        if !found {
            // Grow at three quarters full: probes stay short.
            if (count + 1) * 4 > entries.count * 3 {
                grow()
                i = slot(of: key).index
            }
            count += 1
        }
        entries[i] = Entry(key: key, height: position.height, index: position.index)
    }

    /// Removes `key`, moving later entries of its probe run back so that no lookup stops short.
    private mutating func remove(_ key: TxidKey) {
        var (hole, found) = slot(of: key)
        guard found else { return }
        let mask = entries.count - 1
        var next = hole
        while true {
            next = (next + 1) & mask
            let entry = entries[next]
            if entry.index == Self.emptyMarker { break }
            let wanted = home(entry.key)
            // The entry stays if its home lies cyclically in (hole, next].
            let stays = hole <= next ? (hole < wanted && wanted <= next) : (hole < wanted || wanted <= next)
            if stays { continue }
            entries[hole] = entry
            hole = next
        }
        entries[hole] = Self.emptyEntry
        count -= 1
    }

    private mutating func grow() {
        let old = entries
        entries = [Entry](repeating: Self.emptyEntry, count: old.count * 2)
        shift -= 1
        let mask = entries.count - 1, seed = seed, shift = shift
        entries.withUnsafeMutableBufferPointer { entries in
            for entry in old where entry.index != Self.emptyMarker {
                var i = Self.home(entry.key, seed: seed, shift: shift)
                while entries[i].index != Self.emptyMarker { i = (i + 1) & mask }
                entries[i] = entry
            }
        }
    }

    /// Empties the table, keeping its room when `keepingCapacity`.
    mutating func removeAll(keepingCapacity: Bool) {
        if keepingCapacity {
            entries.withUnsafeMutableBufferPointer { $0.update(repeating: Self.emptyEntry) }
        } else {
            entries = [Entry](repeating: Self.emptyEntry, count: 1 << 10)
            shift = 64 - 10
        }
        count = 0
    }
}
