import SovTestSupport
/// Damaged copies of a valid input: truncations and seeded bit flips.
enum Mutations {
    /// Every prefix length below `count` for inputs up to `everyUpTo` bytes; otherwise about `sampled`
    /// lengths: the shortest and longest prefixes and an even spread between.
    static func truncationLengths(_ count: Int, everyUpTo: Int = 256, sampled: Int = 200) -> [Int] {
        guard count > everyUpTo else { return Array(0..<count) }
        let edge = min(sampled / 4, count)
        var lengths = Set(0..<edge)
        lengths.formUnion((count - edge)..<count)
        let spread = max(sampled - 2 * edge, 1)
        for i in 0..<spread { lengths.insert(edge + (count - 2 * edge) * i / spread) }
        return lengths.sorted()
    }

    /// Calls `body` with each truncation of `bytes`, then with `flips` copies that each have one to three
    /// bits flipped at positions drawn from `seed`.
    static func forEach(_ bytes: [UInt8], flips: Int, seed: UInt64, everyUpTo: Int = 256, sampled: Int = 200,
                        _ body: (_ mutated: [UInt8], _ mutation: String) -> Void) {
        for length in truncationLengths(bytes.count, everyUpTo: everyUpTo, sampled: sampled) {
            body(Array(bytes[..<length]), "truncated to \(length)")
        }
        guard !bytes.isEmpty else { return }
        var rng = SplitMix64(seed: seed ^ UInt64(bytes.count))
        for _ in 0..<flips {
            var copy = bytes
            var positions: [Int] = []
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let bit = Int.random(in: 0..<(bytes.count * 8), using: &rng)
                copy[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
                positions.append(bit)
            }
            body(copy, "bits \(positions) flipped")
        }
    }
}
