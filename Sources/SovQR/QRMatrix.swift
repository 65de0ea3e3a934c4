/// The module grid while a symbol is drawn: function patterns, the codeword zigzag, masks and their penalty.
struct QRMatrix {
    let version: Int
    let size: Int
    /// Row-major, true for dark.
    private(set) var modules: [Bool]
    /// Row-major, true where a function pattern (or format/version information) lies: masks skip these.
    private var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
    }

    private mutating func setFunction(column x: Int, row y: Int, _ dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    /// Timing patterns, finders with separators, alignment patterns, reserved format areas, the dark module and
    /// version information.
    mutating func drawFunctionPatterns() {
        for i in 0..<size {
            setFunction(column: 6, row: i, i % 2 == 0)
            setFunction(column: i, row: 6, i % 2 == 0)
        }
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(x + dx) && (0..<size).contains(y + dy) {
                    let distance = max(abs(dx), abs(dy))
                    setFunction(column: x + dx, row: y + dy, distance != 2 && distance != 4)
                }
            }
        }
        let positions = QRVersionTable.alignmentPositions(version: version, size: size)
        let last = positions.count - 1
        for (i, x) in positions.enumerated() {
            for (j, y) in positions.enumerated() where !((i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0)) {
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(column: x + dx, row: y + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        drawFormatBits(0)  // reserves the areas; the real bits are drawn with the mask
        if version >= 7 {
            var remainder = UInt32(version)
            for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
            let bits = UInt32(version) << 12 | remainder
            for i in 0..<18 {
                let dark = (bits >> UInt32(i)) & 1 == 1
                let a = size - 11 + i % 3
                let b = i / 3
                setFunction(column: a, row: b, dark)
                setFunction(column: b, row: a, dark)
            }
        }
    }

    /// The 15 format bits (level and mask, BCH-protected, XOR 0x5412) in both copies, and the dark module.
    private mutating func drawFormatBits(_ bits: UInt32) {
        func bit(_ i: Int) -> Bool { (bits >> UInt32(i)) & 1 == 1 }
        for i in 0...5 { setFunction(column: 8, row: i, bit(i)) }
        setFunction(column: 8, row: 7, bit(6))
        setFunction(column: 8, row: 8, bit(7))
        setFunction(column: 7, row: 8, bit(8))
        for i in 9..<15 { setFunction(column: 14 - i, row: 8, bit(i)) }
        for i in 0..<8 { setFunction(column: size - 1 - i, row: 8, bit(i)) }
        for i in 8..<15 { setFunction(column: 8, row: size - 15 + i, bit(i)) }
        setFunction(column: 8, row: size - 8, true)
    }

    static func formatBits(level: QRErrorCorrectionLevel, mask: Int) -> UInt32 {
        let data = level.formatBits << 3 | UInt32(mask)
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// Places the codewords in the two-column zigzag from the bottom right, skipping function modules.
    mutating func drawCodewords(_ codewords: [UInt8]) {
        var index = 0
        let total = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for vertical in 0..<size {
                let y = upward ? size - 1 - vertical : vertical
                for j in 0..<2 {
                    let x = right - j
                    guard !isFunction[y * size + x], index < total else { continue }
                    modules[y * size + x] = (codewords[index >> 3] >> UInt8(7 - (index & 7))) & 1 == 1
                    index += 1
                }
            }
            right -= 2
        }
    }

    /// A copy with mask pattern `mask` applied to the data modules and its format bits drawn.
    func masked(_ mask: Int, level: QRErrorCorrectionLevel) -> QRMatrix {
        var copy = self
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let invert: Bool
                switch mask {
                case 0: invert = (x + y) % 2 == 0
                case 1: invert = y % 2 == 0
                case 2: invert = x % 3 == 0
                case 3: invert = (x + y) % 3 == 0
                case 4: invert = (x / 3 + y / 2) % 2 == 0
                case 5: invert = x * y % 2 + x * y % 3 == 0
                case 6: invert = (x * y % 2 + x * y % 3) % 2 == 0
                default: invert = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert { copy.modules[y * size + x].toggle() }
            }
        }
        copy.drawFormatBits(Self.formatBits(level: level, mask: mask))
        return copy
    }
}
