import SovTestSupport
import Testing
import SovJSON
import SovPrimitives

/// Per-block work (Core's `GetBlockProof`) and chain totals against Core's recorded `chainwork`, and the
/// defining relation work = ⌊2^256 / (target + 1)⌋ checked with a multiplication written here.
@Suite(.needsSharedData) struct ChainWorkTests {
    // MARK: An independent 256×256-bit multiplication over 32-bit limbs (least significant first)

    static func limbs(_ bigEndian: [UInt8]) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: 8)
        for (i, byte) in bigEndian.reversed().enumerated() { out[i / 4] |= UInt64(byte) << (8 * UInt64(i % 4)) }
        return out
    }

    static func addOne(_ value: [UInt64]) -> [UInt64] {
        var out = value, i = 0
        while i < out.count {
            out[i] += 1
            if out[i] <= 0xffff_ffff { break }
            out[i] = 0
            i += 1
        }
        if i == out.count { out.append(1) }
        return out
    }

    static func multiply(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var product = [UInt64](repeating: 0, count: a.count + b.count + 1)
        for i in a.indices {
            var carry: UInt64 = 0
            for j in b.indices {
                let t = product[i + j] + a[i] * b[j] + carry
                product[i + j] = t & 0xffff_ffff
                carry = t >> 32
            }
            var k = i + b.count
            while carry != 0 {
                let t = product[k] + carry
                product[k] = t & 0xffff_ffff
                carry = t >> 32
                k += 1
            }
        }
        return product
    }

    /// Compares a limb number with 2^256 (limb 8 = 1, all others 0): -1, 0 or 1.
    static func compareWithTwoTo256(_ value: [UInt64]) -> Int {
        let high = value.count > 9 ? value[9...].contains { $0 != 0 } : false
        if high { return 1 }
        let limb8 = value.count > 8 ? value[8] : 0
        if limb8 > 1 { return 1 }
        if limb8 == 0 { return -1 }
        return value[..<8].contains { $0 != 0 } ? 1 : 0
    }

    /// The target `bits` encodes, derived here (mantissa × 256^(exponent − 3)) as 32 big-endian bytes.
    static func target(_ bits: UInt32) -> [UInt8] {
        let exponent = Int(bits >> 24), mantissa = bits & 0x007f_ffff
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in 0..<3 {
            let position = exponent - 1 - i  // from the least significant end
            if position >= 0 && position < 32 { bytes[31 - position] = UInt8(truncatingIfNeeded: mantissa >> (8 * UInt32(2 - i))) }
        }
        return bytes
    }

    static func checkDefiningRelation(bits: UInt32) {
        let work = ChainWork(blockBits: bits)
        let t = target(bits)
        let targetPlusOne = addOne(limbs(t))
        let workLimbs = limbs(work.bigEndianBytes)
        let low = multiply(workLimbs, targetPlusOne)
        let high = multiply(addOne(workLimbs), targetPlusOne)
        #expect(compareWithTwoTo256(low) <= 0, "work × (target + 1) ≤ 2^256 for bits \(String(bits, radix: 16))")
        #expect(compareWithTwoTo256(high) > 0, "(work + 1) × (target + 1) > 2^256 for bits \(String(bits, radix: 16))")
    }

    @Test func genesisDifficultyWork() {
        // Core's well-known chainwork of the mainnet genesis block (bits 0x1d00ffff).
        #expect(ChainWork(blockBits: 0x1d00_ffff) == ChainWork(hex: "100010001"))
        #expect(ChainWork(blockBits: 0x1d00_ffff).hex == "0000000000000000000000000000000000000000000000000000000100010001")
        Self.checkDefiningRelation(bits: 0x1d00_ffff)
    }

    @Test func regtestBlocksProveTwo() {
        #expect(ChainWork(blockBits: 0x207f_ffff) == ChainWork(2))
        Self.checkDefiningRelation(bits: 0x207f_ffff)
    }

    @Test func invalidBitsProveNothing() {
        #expect(ChainWork(blockBits: 0) == .zero)
        #expect(ChainWork(blockBits: 0x0480_0001) == .zero, "negative")
        #expect(ChainWork(blockBits: 0x2301_0000) == .zero, "overflowing")
        #expect(ChainWork(blockBits: 0x0100_0000) == .zero, "zero target")
    }

    @Test func mainnetBlockWork() throws {
        let raw = try Fixtures.bytes("blocks/mainnet-413567.raw")
        let header = try BlockHeader(bytes: Array(raw[..<80]))
        let work = ChainWork(blockBits: header.bits)
        #expect(work > ChainWork(blockBits: 0x1d00_ffff))
        Self.checkDefiningRelation(bits: header.bits)
        // Difficulty is 0xffff·2^208 / target and work ≈ 2^256 / target, so work ≈ difficulty · 2^48 / 0xffff.
        let asDouble = work.bigEndianBytes.reduce(0.0) { $0 * 256 + Double($1) }
        let expected = header.difficulty * 281_474_976_710_656.0 / 65_535.0
        #expect(abs(asDouble / expected - 1) < 1e-9)
    }

    @Test func extremesKeepTheRelation() {
        for bits: UInt32 in [0x0101_0000, 0x0300_0001, 0x0412_3456, 0x1b04_864c, 0x1705_dd01, 0x2000_0001, 0x207f_ffff, 0x2100_7fff, 0x2200_007f] {
            Self.checkDefiningRelation(bits: bits)
        }
    }

    @Test func additionComparisonAndHex() throws {
        let a = try #require(ChainWork(hex: "ffffffffffffffff"))
        let b = ChainWork(1)
        #expect((a + b).hex == "0000000000000000000000000000000000000000000000010000000000000000")
        #expect(a < a + b && !(a + b < a))
        #expect(ChainWork.max + b == .max, "saturates")
        #expect(ChainWork.max.addingReportingOverflow(b).overflow)
        #expect(ChainWork(hex: "xyz") == nil)
        #expect(ChainWork(hex: String(repeating: "f", count: 65)) == nil)
        #expect(ChainWork(hex: String(repeating: "f", count: 64)) == .max)
    }

    /// The sum of every block's work along the recorded active chain equals the node's `chainwork` at its tip.
    @Test(arguments: ["regtest", "regtest-busy"]) func recordedChainwork(folder: String) throws {
        let exchange = try Fixtures.json("fixtures/\(folder)/rpc/getblockheader.json")
        let body = try #require(exchange["body"]?.stringValue)
        let result = try #require(try JSONParser.parse(body)["result"])
        let height = try #require(result["height"]?.intValue)
        let chainwork = try #require(result["chainwork"]?.stringValue)
        let blocks = try Fixtures.chain("fixtures/\(folder)/chain.hex")
        #expect(blocks.count == height + 1)
        var total = ChainWork.zero
        for block in blocks { total += ChainWork(blockBits: try BlockHeader(bytes: Array(block[..<80])).bits) }
        #expect(total.hex == chainwork)
        #expect(ChainWork(hex: chainwork) == total)
    }
}
