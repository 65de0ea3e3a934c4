/// Reed–Solomon error-correction codewords over GF(2⁸) with the QR code polynomial x⁸+x⁴+x³+x²+1.
struct ReedSolomon {
    /// Coefficients of the generator polynomial, highest degree first, leading 1 omitted.
    let divisor: [UInt8]

    init(degree: Int) {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                coefficients[j] = Self.multiply(coefficients[j], root)
                if j + 1 < degree { coefficients[j] ^= coefficients[j + 1] }
            }
            root = Self.multiply(root, 0x02)
        }
        divisor = coefficients
    }

    /// The remainder of `data`·x^degree divided by the generator: the block's error-correction codewords.
    func remainder(_ data: ArraySlice<UInt8>) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result[0]
            result.removeFirst()
            result.append(0)
            for i in 0..<result.count { result[i] ^= Self.multiply(divisor[i], factor) }
        }
        return result
    }

    /// Multiplication in GF(2⁸) modulo 0x11D.
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var product: UInt32 = 0
        for i in stride(from: 7, through: 0, by: -1) {
            product = (product << 1) ^ ((product >> 7) * 0x11D)
            product ^= ((UInt32(y) >> UInt32(i)) & 1) * UInt32(x)
        }
        return UInt8(truncatingIfNeeded: product)
    }
}
