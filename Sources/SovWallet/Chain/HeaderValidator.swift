import SovPrimitives

/// Validates headers as a light client can, header by header from the genesis block: each connects to the one
/// below it, meets its own target, has the difficulty the network's rules require (adjustments every 2016 blocks,
/// testnets' minimum-difficulty blocks, none on regtest), and a timestamp after the median of the previous
/// eleven and at most two hours ahead of this machine's clock (Core's `ContextualCheckBlockHeader`).
///
/// Signet's block signatures are not checked (they are in the coinbase, not the header).
public struct HeaderValidator: Sendable {
    public let parameters: ChainParameters
    /// Seconds since 1970 now, for the two-hour rule.
    public var now: UInt32

    public init(parameters: ChainParameters, now: UInt32) {
        self.parameters = parameters
        self.now = now
    }

    /// Checks `header` at `height`; `ancestor(h)` gives the already validated header at any height below.
    public func validate(_ header: BlockHeader, height: Int, ancestor: (Int) -> BlockHeader?) throws(ServerFault) {
        if height == 0 {
            guard header.hash == parameters.genesis else { throw .wrongGenesis(header.hash) }
            return
        }
        guard let previous = ancestor(height - 1), header.previousBlockHash == previous.hash else {
            throw .headerDoesNotConnect(height: height)
        }
        guard let target = header.target, !Target256(bigEndian: parameters.powLimit).lessThan(target),
              header.hasValidProofOfWork else {
            throw .insufficientProofOfWork(height: height)
        }
        let expected = requiredBits(height: height, time: header.time, previous: previous, ancestor: ancestor)
        guard header.bits == expected else { throw .wrongDifficulty(height: height, bits: header.bits, expected: expected) }
        var times: [UInt32] = []
        for h in stride(from: height - 1, through: max(0, height - 11), by: -1) {
            guard let earlier = ancestor(h) else { break }
            times.append(earlier.time)
        }
        times.sort()
        guard header.time > times[times.count / 2], header.time <= now &+ 7200 else { throw .badTimestamp(height: height) }
    }

    /// Core's `GetNextWorkRequired` for the block at `height` with timestamp `time`.
    func requiredBits(height: Int, time: UInt32, previous: BlockHeader, ancestor: (Int) -> BlockHeader?) -> UInt32 {
        let p = parameters
        if p.noRetargeting { return previous.bits }
        if height % p.adjustmentInterval != 0 {
            guard p.allowsMinimumDifficultyBlocks else { return previous.bits }
            if time > previous.time &+ 2 * p.targetSpacing { return p.powLimitBits }
            // The last block that did not use the minimum difficulty, or the first of the period.
            var h = height - 1
            var bits = previous.bits
            while h > 0, h % p.adjustmentInterval != 0, bits == p.powLimitBits, let below = ancestor(h - 1) {
                h -= 1
                bits = below.bits
            }
            return bits
        }
        guard let first = ancestor(height - p.adjustmentInterval) else { return previous.bits }
        return p.retargetedBits(from: p.adjustsFromFirstBlock ? first.bits : previous.bits,
                                firstBlockTime: first.time, lastBlockTime: previous.time)
    }
}

extension Target256 {
    /// Whether this number is below the big-endian `other`.
    func lessThan(_ other: [UInt8]) -> Bool { self < Target256(bigEndian: other) }
}
