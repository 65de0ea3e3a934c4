/// An unsigned 256-bit amount of proof of work: one block's work from its `nBits`, and chain totals.
///
/// Just enough arithmetic for choosing the most-work chain: Core's `GetBlockProof`, addition, comparison,
/// and Core's 64-digit `chainwork` hex. Values are exact (no floating point).
public struct ChainWork: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 64-bit limbs, least significant first.
    var limbs: SIMD4<UInt64>

    /// Zero work.
    public static let zero = ChainWork(limbs: SIMD4(0, 0, 0, 0))
    /// The largest representable amount, 2^256 − 1 (where saturating addition stops).
    public static let max = ChainWork(limbs: SIMD4(repeating: UInt64.max))

    init(limbs: SIMD4<UInt64>) { self.limbs = limbs }

    /// A small value.
    public init(_ value: UInt64) { limbs = SIMD4(value, 0, 0, 0) }

    /// A big-endian byte string of at most 32 bytes (shorter strings are zero-extended on the left);
    /// nil when longer than 32 bytes.
    public init?(bigEndianBytes bytes: [UInt8]) {
        guard bytes.count <= 32 else { return nil }
        var value = SIMD4<UInt64>(repeating: 0)
        for (i, byte) in bytes.reversed().enumerated() {
            value[i / 8] |= UInt64(byte) << (8 * UInt64(i % 8))
        }
        limbs = value
    }

    /// Hex digits (either case, 1 to 64 of them, no prefix), as in Core's `chainwork`; nil otherwise.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard !digits.isEmpty, digits.count <= 64 else { return nil }
        var value = SIMD4<UInt64>(repeating: 0)
        for (i, c) in digits.reversed().enumerated() {
            let nibble: UInt64
            switch c {
            case 0x30...0x39: nibble = UInt64(c - 0x30)
            case 0x61...0x66: nibble = UInt64(c - 0x61 + 10)
            case 0x41...0x46: nibble = UInt64(c - 0x41 + 10)
            default: return nil
            }
            value[i / 16] |= nibble << (4 * UInt64(i % 16))
        }
        limbs = value
    }

    /// The work one block with this `nBits` proves: Core's `GetBlockProof`, `2^256 / (target + 1)`
    /// computed as `(~target / (target + 1)) + 1`. Zero when the bits encode a negative, overflowing or
    /// zero target (as in Core).
    public init(blockBits bits: UInt32) {
        guard let targetBytes = CompactTarget.expand(bits), let target = ChainWork(bigEndianBytes: targetBytes),
              target != .zero else {
            self = .zero
            return
        }
        // target < 2^256 − 1 for every valid compact value, so target + 1 does not wrap.
        let divisor = target.addingReportingOverflow(ChainWork(1)).partialValue
        self = ChainWork(limbs: ~target.limbs).dividedBy(divisor).addingReportingOverflow(ChainWork(1)).partialValue
    }

    /// The value as 32 big-endian bytes.
    public var bigEndianBytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 { out[31 - i] = UInt8(truncatingIfNeeded: limbs[i / 8] >> (8 * UInt64(i % 8))) }
        return out
    }

    /// 64 lowercase hex digits, most significant first: Core's `chainwork` field.
    public var hex: String { Hex.encode(bigEndianBytes) }

    public var description: String { hex }

    /// The sum and whether it exceeded 2^256 − 1 (the sum is then taken modulo 2^256).
    public func addingReportingOverflow(_ other: ChainWork) -> (partialValue: ChainWork, overflow: Bool) {
        var result = SIMD4<UInt64>(repeating: 0)
        var carry = false
        for i in 0..<4 {
            let (s1, o1) = limbs[i].addingReportingOverflow(other.limbs[i])
            let (s2, o2) = s1.addingReportingOverflow(carry ? 1 : 0)
            result[i] = s2
            carry = o1 || o2
        }
        return (ChainWork(limbs: result), carry)
    }

    /// Saturating addition: a sum beyond 2^256 − 1 stays at `ChainWork.max` (never traps).
    public static func + (lhs: ChainWork, rhs: ChainWork) -> ChainWork {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        return overflow ? .max : sum
    }

    public static func += (lhs: inout ChainWork, rhs: ChainWork) { lhs = lhs + rhs }

    public static func < (lhs: ChainWork, rhs: ChainWork) -> Bool {
        for i in stride(from: 3, through: 0, by: -1) where lhs.limbs[i] != rhs.limbs[i] {
            return lhs.limbs[i] < rhs.limbs[i]
        }
        return false
    }

    // MARK: Division (Core's arith_uint256 long division, shift and subtract)

    /// The number of significant bits.
    var bitWidth: Int {
        for i in stride(from: 3, through: 0, by: -1) where limbs[i] != 0 {
            return 64 * i + 64 - limbs[i].leadingZeroBitCount
        }
        return 0
    }

    func shiftedLeft(_ shift: Int) -> ChainWork {
        guard shift > 0 else { return self }
        guard shift < 256 else { return .zero }
        let limbShift = shift / 64, bitShift = UInt64(shift % 64)
        var result = SIMD4<UInt64>(repeating: 0)
        for i in stride(from: 3, through: limbShift, by: -1) {
            var value = limbs[i - limbShift] << bitShift
            if bitShift > 0, i - limbShift - 1 >= 0 { value |= limbs[i - limbShift - 1] >> (64 - bitShift) }
            result[i] = value
        }
        return ChainWork(limbs: result)
    }

    func shiftedRightByOne() -> ChainWork {
        var result = SIMD4<UInt64>(repeating: 0)
        for i in 0..<4 {
            result[i] = limbs[i] >> 1
            if i < 3 { result[i] |= limbs[i + 1] << 63 }
        }
        return ChainWork(limbs: result)
    }

    func subtracting(_ other: ChainWork) -> ChainWork {
        var result = SIMD4<UInt64>(repeating: 0)
        var borrow = false
        for i in 0..<4 {
            let (d1, b1) = limbs[i].subtractingReportingOverflow(other.limbs[i])
            let (d2, b2) = d1.subtractingReportingOverflow(borrow ? 1 : 0)
            result[i] = d2
            borrow = b1 || b2
        }
        return ChainWork(limbs: result)
    }

    /// Integer quotient; `divisor` must be non-zero.
    func dividedBy(_ divisor: ChainWork) -> ChainWork {
        let numeratorBits = bitWidth, divisorBits = divisor.bitWidth
        guard divisorBits > 0, divisorBits <= numeratorBits else { return .zero }
        var remainder = self
        var shift = numeratorBits - divisorBits
        var shifted = divisor.shiftedLeft(shift)
        var quotient = SIMD4<UInt64>(repeating: 0)
        while shift >= 0 {
            if !(remainder < shifted) {
                remainder = remainder.subtracting(shifted)
                quotient[shift / 64] |= 1 << UInt64(shift % 64)
            }
            shifted = shifted.shiftedRightByOne()
            shift -= 1
        }
        return ChainWork(limbs: quotient)
    }
}
