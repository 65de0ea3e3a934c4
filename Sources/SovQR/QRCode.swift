/// A QR code symbol (ISO/IEC 18004, model 2): the module matrix for a byte-mode payload.
///
/// Encoding follows the standard: the smallest version that holds the payload at the chosen level, byte mode,
/// terminator and pad codewords, Reed–Solomon blocks interleaved, and the mask with the lowest penalty
/// (rules N1–N4). Where the standard leaves the penalty open — the quiet zone counted as light for the
/// finder-like pattern of N3, N4's dark share rounded to a whole percent — it is read as libqrencode reads it,
/// so sov draws the same matrix `qrencode -8` does.
public struct QRCode: Sendable, Equatable {
    /// 1…40: the symbol is `17 + 4 × version` modules wide.
    public let version: Int
    public let level: QRErrorCorrectionLevel
    /// The mask pattern applied, 0…7.
    public let mask: Int
    /// Modules per side, without the quiet zone.
    public let size: Int
    /// Row-major, true for a dark module.
    public let modules: [Bool]

    /// Whether the module at `row`, `column` is dark.
    public subscript(row: Int, column: Int) -> Bool { modules[row * size + column] }

    /// Encodes UTF-8 text in byte mode.
    public init(text: String, level: QRErrorCorrectionLevel = .medium, minimumVersion: Int = 1, mask: Int? = nil) throws(QRError) {
        try self.init(bytes: Array(text.utf8), level: level, minimumVersion: minimumVersion, mask: mask)
    }

    /// Encodes bytes in byte mode, in the smallest version ≥ `minimumVersion` that holds them; `mask` forces a
    /// mask pattern instead of choosing the one with the lowest penalty.
    public init(bytes: [UInt8], level: QRErrorCorrectionLevel = .medium, minimumVersion: Int = 1, mask: Int? = nil) throws(QRError) {
        guard (1...40).contains(minimumVersion) else { throw .invalidParameter("QR version \(minimumVersion) is not in 1…40") }
        if let mask, !(0...7).contains(mask) { throw .invalidParameter("QR mask \(mask) is not in 0…7") }
        guard let version = (minimumVersion...40).first(where: { QRVersionTable.byteCapacity(version: $0, level: level) >= bytes.count }) else {
            throw .payloadTooLong(bytes: bytes.count, capacity: QRVersionTable.byteCapacity(version: 40, level: level), level: level)
        }
        let codewords = Self.codewords(bytes, version: version, level: level)
        var matrix = QRMatrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.drawCodewords(codewords)
        let chosen = mask ?? (0..<8).min { a, b in
            // Ties go to the lower pattern number (min keeps the first of equal elements).
            matrix.masked(a, level: level).penalty < matrix.masked(b, level: level).penalty
        }!
        let final = matrix.masked(chosen, level: level)
        self.version = version
        self.level = level
        self.mask = chosen
        self.size = final.size
        self.modules = final.modules
    }

    /// The payload as byte-mode segment, terminated and padded, split into blocks with their Reed–Solomon
    /// codewords and interleaved as the symbol carries them.
    static func codewords(_ payload: [UInt8], version: Int, level: QRErrorCorrectionLevel) -> [UInt8] {
        let capacity = QRVersionTable.dataCodewords(version: version, level: level)
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(UInt32(payload.count), count: QRVersionTable.byteModeCountBits(version: version))
        for byte in payload { bits.append(UInt32(byte), count: 8) }
        bits.append(0, count: min(4, capacity * 8 - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < capacity {
            data.append(pad)
            pad ^= 0xEC ^ 0x11
        }

        let blockCount = QRVersionTable.errorCorrectionBlocks[level.tableRow][version]
        let eccLength = QRVersionTable.eccCodewordsPerBlock[level.tableRow][version]
        let rawCodewords = QRVersionTable.rawDataModules(version: version) / 8
        let shortBlocks = blockCount - rawCodewords % blockCount
        let shortDataLength = rawCodewords / blockCount - eccLength
        let generator = ReedSolomon(degree: eccLength)

        var dataBlocks: [ArraySlice<UInt8>] = []
        var eccBlocks: [[UInt8]] = []
        var offset = 0
        for block in 0..<blockCount {
            let length = shortDataLength + (block < shortBlocks ? 0 : 1)
            let slice = data[offset..<(offset + length)]
            dataBlocks.append(slice)
            eccBlocks.append(generator.remainder(slice))
            offset += length
        }
        var result: [UInt8] = []
        result.reserveCapacity(rawCodewords)
        for i in 0...shortDataLength {
            for block in dataBlocks where i < block.count { result.append(block[block.startIndex + i]) }
        }
        for i in 0..<eccLength {
            for block in eccBlocks { result.append(block[i]) }
        }
        return result
    }
}

/// Bits appended most significant first.
struct BitBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: UInt32, count bits: Int) {
        for i in stride(from: bits - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> UInt32(i)) & 1 == 1 { bytes[count / 8] |= 0x80 >> UInt8(count % 8) }
            count += 1
        }
    }
}
