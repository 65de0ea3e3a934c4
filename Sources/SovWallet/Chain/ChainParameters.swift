import SovPrimitives

/// The consensus parameters a light client needs to validate a network's header chain (Bitcoin Core's
/// `chainparams.cpp`): its genesis block (the compiled-in checkpoint every chain must start from), the proof
/// of work limit, and how difficulty changes.
public struct ChainParameters: Sendable {
    public let network: Network
    /// The hash of block 0.
    public let genesis: BlockHash
    /// The easiest target allowed, in compact form.
    public let powLimitBits: UInt32
    /// Blocks between difficulty adjustments.
    public let adjustmentInterval = 2016
    /// The two weeks an adjustment interval should take, in seconds.
    public let targetTimespan: UInt32 = 14 * 24 * 60 * 60
    /// The ten minutes a block should take, in seconds.
    public let targetSpacing: UInt32 = 600
    /// Regtest: the target never changes.
    public let noRetargeting: Bool
    /// Testnets: a block more than 20 minutes after its parent may use the minimum difficulty.
    public let allowsMinimumDifficultyBlocks: Bool
    /// Testnet4 (BIP94): an adjustment starts from the first block of the period, not the last.
    public let adjustsFromFirstBlock: Bool

    /// The easiest target allowed, big-endian.
    public var powLimit: [UInt8] { CompactTarget.expand(powLimitBits) ?? [] }

    public static func of(_ network: Network) -> ChainParameters {
        func hash(_ hex: String) -> BlockHash { BlockHash(hex)! }
        switch network {
        case .main:
            return ChainParameters(network: network, genesis: hash("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"),
                                   powLimitBits: 0x1d00_ffff, noRetargeting: false, allowsMinimumDifficultyBlocks: false, adjustsFromFirstBlock: false)
        case .test:
            return ChainParameters(network: network, genesis: hash("000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943"),
                                   powLimitBits: 0x1d00_ffff, noRetargeting: false, allowsMinimumDifficultyBlocks: true, adjustsFromFirstBlock: false)
        case .testnet4:
            return ChainParameters(network: network, genesis: hash("00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043"),
                                   powLimitBits: 0x1d00_ffff, noRetargeting: false, allowsMinimumDifficultyBlocks: true, adjustsFromFirstBlock: true)
        case .signet:
            return ChainParameters(network: network, genesis: hash("00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6"),
                                   powLimitBits: 0x1e03_77ae, noRetargeting: false, allowsMinimumDifficultyBlocks: false, adjustsFromFirstBlock: false)
        case .regtest:
            return ChainParameters(network: network, genesis: hash("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"),
                                   powLimitBits: 0x207f_ffff, noRetargeting: true, allowsMinimumDifficultyBlocks: true, adjustsFromFirstBlock: false)
        }
    }

    /// Core's `CalculateNextWorkRequired`: the bits of the first block of a new period, from the bits the
    /// adjustment starts from (the last block's; the first block's under BIP94) and the time the period took.
    public func retargetedBits(from bits: UInt32, firstBlockTime: UInt32, lastBlockTime: UInt32) -> UInt32 {
        let span = Int64(lastBlockTime) - Int64(firstBlockTime)
        let actual = UInt32(min(max(span, Int64(targetTimespan / 4)), Int64(targetTimespan * 4)))
        guard let target = CompactTarget.expand(bits) else { return powLimitBits }
        var value = Target256(bigEndian: target)
        value.multiply(by: actual)
        value.divide(by: targetTimespan)
        let limit = Target256(bigEndian: powLimit)
        if limit < value { value = limit }
        return value.compactBits
    }
}

/// A 256-bit unsigned number in eight 32-bit limbs, least significant first: just what a difficulty
/// adjustment needs (multiply and divide by a 32-bit number, compare, compact form).
struct Target256: Comparable {
    var limbs: [UInt32]

    init(bigEndian bytes: [UInt8]) {
        limbs = (0..<8).map { i in
            let start = 32 - 4 * (i + 1)
            return bytes[start..<start + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }
    }

    var bigEndianBytes: [UInt8] {
        limbs.reversed().flatMap { limb in (0..<4).map { UInt8(truncatingIfNeeded: limb >> (24 - 8 * $0)) } }
    }

    /// Multiplies in place; a carry out of the top limb is dropped (never happens for real targets:
    /// limits are below 2^255 and factors below 2^23 only for targets far below the limit).
    mutating func multiply(by factor: UInt32) {
        var carry: UInt64 = 0
        for i in 0..<8 {
            let product = UInt64(limbs[i]) * UInt64(factor) + carry
            limbs[i] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
    }

    mutating func divide(by divisor: UInt32) {
        var remainder: UInt64 = 0
        for i in (0..<8).reversed() {
            let current = remainder << 32 | UInt64(limbs[i])
            limbs[i] = UInt32(current / UInt64(divisor))
            remainder = current % UInt64(divisor)
        }
    }

    static func < (lhs: Target256, rhs: Target256) -> Bool {
        for i in (0..<8).reversed() where lhs.limbs[i] != rhs.limbs[i] { return lhs.limbs[i] < rhs.limbs[i] }
        return false
    }

    /// Core's `GetCompact`.
    var compactBits: UInt32 {
        let bytes = bigEndianBytes
        guard let first = bytes.firstIndex(where: { $0 != 0 }) else { return 0 }
        var size = UInt32(32 - first)
        func byte(_ i: Int) -> UInt32 { i < 32 ? UInt32(bytes[i]) : 0 }
        var mantissa = byte(first) << 16 | byte(first + 1) << 8 | byte(first + 2)
        if mantissa & 0x0080_0000 != 0 {
            mantissa >>= 8
            size += 1
        }
        return mantissa | size << 24
    }
}
