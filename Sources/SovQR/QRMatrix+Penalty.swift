extension QRMatrix {
    /// The mask penalty of ISO/IEC 18004 §7.8.3: N1 = 3 (+1 per module beyond 5) for each run of five or more
    /// same-coloured modules in a row or column; N2 = 3 for each 2×2 block of one colour; N3 = 40 for each
    /// 1:1:3:1:1 dark-light-dark-light-dark pattern (at any scale) with light four units wide on one side, the
    /// quiet zone counting as light; N4 = 10 for each whole 5 % the dark share (rounded to a percent) lies
    /// away from 50 %.
    var penalty: Int {
        var total = 0
        for y in 1..<size {
            for x in 1..<size {
                let a = modules[y * size + x]
                if a == modules[y * size + x - 1], a == modules[(y - 1) * size + x], a == modules[(y - 1) * size + x - 1] {
                    total += 3
                }
            }
        }
        var runs: [Int] = []
        runs.reserveCapacity(size + 1)
        for line in 0..<size {
            for horizontal in [true, false] {
                runs.removeAll(keepingCapacity: true)
                var previous = false
                for i in 0..<size {
                    let dark = horizontal ? modules[line * size + i] : modules[i * size + line]
                    if i == 0 {
                        if dark { runs.append(0) }  // an empty light run first: even indexes are light
                        runs.append(1)
                    } else if dark == previous {
                        runs[runs.count - 1] += 1
                    } else {
                        runs.append(1)
                    }
                    previous = dark
                }
                total += Self.runPenalty(runs)
            }
        }
        let dark = modules.reduce(0) { $0 + ($1 ? 1 : 0) }
        let cells = size * size
        let percent = (200 * dark + cells) / cells / 2
        total += abs(percent - 50) / 5 * 10
        return total
    }

    /// N1 and N3 for one row or column given as run lengths, light runs at even indexes (the first may be
    /// empty).
    private static func runPenalty(_ runs: [Int]) -> Int {
        var total = 0
        for i in runs.indices {
            if runs[i] >= 5 { total += 3 + runs[i] - 5 }
            guard i & 1 == 1, i >= 3, i < runs.count - 2, runs[i] % 3 == 0 else { continue }
            let unit = runs[i] / 3
            guard runs[i - 2] == unit, runs[i - 1] == unit, runs[i + 1] == unit, runs[i + 2] == unit else { continue }
            // Light on the left: the row's first run (it meets the quiet zone) or one ≥ 4 units; likewise right.
            if i == 3 || runs[i - 3] >= 4 * unit || i + 4 >= runs.count || runs[i + 3] >= 4 * unit {
                total += 40
            }
        }
        return total
    }
}
