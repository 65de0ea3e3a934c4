import Foundation
import SovIndex
import SovPrimitives

/// What a synthetic chain holds.
struct SyntheticChainStats {
    var blocks = 0
    /// All transactions, coinbases included.
    var transactions = 0
    var inputs = 0
    var outputs = 0
    /// Serialized block bytes (records' magic and size not counted).
    var blockBytes: Int64 = 0
    var files = 0
    /// Outputs paying to a script that had been paid before.
    var reusedOutputs = 0
    /// Outputs paying each of the first `hotScriptCount` scripts paid, which the reuse favors (the first most).
    var hotScriptOutputs = [Int](repeating: 0, count: SyntheticChain.hotScriptCount)
    /// Those scripts themselves (fewer while the chain is young).
    var hotScripts: [[UInt8]] = []
    var outputsByKind: [SyntheticOutput: Int] = [:]
    /// Block hashes (internal order) by height.
    var blockHashes: [BlockHash] = []
    /// Where each block was written, by height.
    var locations: [BlockLocation] = []
}

/// A deterministic synthetic regtest chain written as Bitcoin Core's `blocks/` folder, for benchmarks.
///
/// From `seed` alone the same chain comes out byte for byte: a genesis block, 100 coinbase-only blocks
/// (coinbase outputs mature after 100 blocks, as on regtest), then blocks of `blockSize` transactions until
/// at least `transactionTarget` transactions exist. Transactions spend 1–3 unspent outputs (with scriptSig
/// and witness data of realistic sizes; signatures are random, not valid) and pay 1–3 outputs, sometimes a
/// batch of 20–60, over a mainnet-like mix of output types (`SyntheticOutput.shares`); a third of outputs
/// pay a script seen before, mostly a few hot ones (with `hotScriptShare`, that percentage of the paying outputs
/// pays the hottest script on top of it). Headers link and carry correct merkle roots, witness
/// commitments and regtest proof of work (bits 0x207fffff).
struct SyntheticChain {
    var transactionTarget: Int
    var seed: UInt64 = 1
    var blockSize: ClosedRange<Int> = 2_000...3_000
    /// Percent of paying outputs sent to the hottest script besides its share of the reuse; nil leaves the
    /// random draws, and so the chain's bytes, exactly as without it.
    var hotScriptShare: Double?
    /// Percents of paying outputs sent to the second, third… hottest scripts as `hotScriptShare` sends to the
    /// first: histories of chosen sizes (the history benchmark's cold-against-warm table).
    var furtherHotScriptShares: [Double] = []
    /// A wallet's scripts, paid in turn by `accountShare` percent of the paying outputs (nil: none, and the
    /// chain's bytes exactly as without them): a synthetic account with thousands of transactions.
    var accountScripts: [[UInt8]] = []
    var accountShare: Double?
    /// A real genesis block to start from (Core's regtest genesis, so that wallets that check it, as BDK does,
    /// accept the chain); nil: a generated one, as before.
    var genesis: [UInt8]?
    /// Scripts whose payments the stats count one by one.
    static let hotScriptCount = 5
    static let network = Network.regtest
    static let coinbaseMaturity = 100
    static let bits: UInt32 = 0x207f_ffff

    struct Coin {
        var txid: Txid
        var vout: UInt32
        var value: Int64
        var kind: SyntheticOutput
    }

    /// Writes the chain into `directory` (created; it must not hold block files yet).
    func write(to directory: String) throws -> SyntheticChainStats {
        var rng = SeededRandom(seed: seed)
        let key = BlockFileKey(rng.bytes(8))!
        let writer = try BlockFileWriter(directory: directory, network: Self.network, key: key)
        var state = GeneratorState(rng: rng, hotScriptShare: hotScriptShare)
        state.furtherHotScriptShares = furtherHotScriptShares
        state.accountScripts = accountScripts
        state.accountShare = accountScripts.isEmpty ? nil : accountShare
        var previous = BlockHash(.zero)
        var height = 0
        if let genesis {
            let block = try Block(bytes: genesis)
            let location = try writer.append(genesis)
            state.stats.blockHashes.append(block.header.hash)
            state.stats.locations.append(location)
            state.stats.blocks += 1
            state.stats.transactions += 1
            state.stats.blockBytes += Int64(genesis.count)
            previous = block.header.hash
            height = 1
        }
        while state.stats.transactions < transactionTarget || height <= Self.coinbaseMaturity {
            state.releaseMatureCoinbases(at: height)
            var count = 0
            if height > Self.coinbaseMaturity {
                let left = transactionTarget - state.stats.transactions - 1
                count = max(0, min(blockSize.lowerBound + state.rng.below(blockSize.count), left))
            }
            let block = state.makeBlock(height: height, previous: previous, transactions: count)
            let location = try writer.append(block.bytes)
            state.stats.blockHashes.append(block.hash)
            state.stats.locations.append(location)
            state.stats.blocks += 1
            state.stats.blockBytes += Int64(block.bytes.count)
            previous = block.hash
            height += 1
        }
        try writer.finish()
        state.stats.files = writer.fileCount
        return state.stats
    }

    /// The evolving chain: unspent outputs, scripts that may be paid again, counts.
    struct GeneratorState {
        var rng: SeededRandom
        var stats = SyntheticChainStats()
        var unspent: [Coin] = []
        var maturing: [(height: Int, coin: Coin)] = []
        var maturingStart = 0
        /// Scripts that may be paid again, hot ones first.
        var reusable: [(script: [UInt8], kind: SyntheticOutput)] = []
        let minerScripts: [[UInt8]]
        let hotScriptShare: Double?
        var furtherHotScriptShares: [Double] = []
        var accountScripts: [[UInt8]] = []
        var accountShare: Double?
        var accountPaid = 0
        static let reusableLimit = 200_000

        init(rng: SeededRandom, hotScriptShare: Double? = nil) {
            var rng = rng
            minerScripts = (0..<5).map { _ in SyntheticOutput.p2wpkh.newScript(&rng) }
            self.rng = rng
            self.hotScriptShare = hotScriptShare
        }

        mutating func releaseMatureCoinbases(at height: Int) {
            while maturingStart < maturing.count, maturing[maturingStart].height + SyntheticChain.coinbaseMaturity <= height {
                unspent.append(maturing[maturingStart].coin)
                maturingStart += 1
            }
        }

        static func subsidy(height: Int) -> Int64 {
            let halvings = height / 150  // regtest halving interval
            return halvings >= 64 ? 0 : (50 * 100_000_000) >> Int64(halvings)
        }

        mutating func makeBlock(height: Int, previous: BlockHash, transactions count: Int) -> (bytes: [UInt8], hash: BlockHash) {
            var bodies: [[UInt8]] = []
            var txids: [[UInt8]] = [[]]
            var wtxids: [[UInt8]] = [[UInt8](repeating: 0, count: 32)]
            bodies.reserveCapacity(count + 1)
            txids.reserveCapacity(count + 1)
            wtxids.reserveCapacity(count + 1)
            var fees: Int64 = 0
            for _ in 0..<count {
                let (tx, fee, kinds) = makeTransaction(lockTime: UInt32(height - 1))
                let full = tx.serialized(includingWitness: true)
                let txid = tx.hasWitness ? Hashes.hash256(tx.serialized(includingWitness: false)) : Hashes.hash256(full)
                bodies.append(full)
                txids.append(txid)
                wtxids.append(Hashes.hash256(full))
                fees += fee
                addOutputs(of: tx, kinds: kinds, txid: Txid(bytes: txid)!)
                stats.transactions += 1
            }
            let coinbase = makeCoinbase(height: height, value: Self.subsidy(height: height) + fees, wtxids: wtxids)
            let coinbaseBytes = coinbase.serialized(includingWitness: true)
            txids[0] = coinbase.txid.bytes
            stats.transactions += 1
            stats.outputs += coinbase.outputs.count
            if height > 0 {
                maturing.append((height, Coin(txid: coinbase.txid, vout: 0, value: coinbase.outputs[0].value, kind: .p2wpkh)))
            }
            var header = BlockHeader(version: height == 0 ? 1 : 0x2000_0000, previousBlockHash: previous,
                                     merkleRoot: Block.merkleRoot(txids), time: 1_700_000_000 + UInt32(height) * 600,
                                     bits: SyntheticChain.bits, nonce: 0)
            while !header.hasValidProofOfWork { header.nonce += 1 }
            var w = ByteWriter(capacity: 80 + 9 + coinbaseBytes.count + bodies.reduce(0) { $0 + $1.count })
            w.write(bytes: header.serialized)
            w.writeCompactSize(count + 1)
            w.write(bytes: coinbaseBytes)
            for body in bodies { w.write(bytes: body) }
            return (w.bytes, header.hash)
        }

        mutating func makeCoinbase(height: Int, value: Int64, wtxids: [[UInt8]]) -> Transaction {
            let reserved = [UInt8](repeating: 0, count: 32)
            if height == 0 {
                let message = Array("sov synthetic regtest chain".utf8)
                let input = TxInput(previousOutput: OutPoint(txid: Txid(.zero), index: .max),
                                    scriptSig: Script(Script.pushNumber(486_604_799) + Script.pushData(message)))
                let output = TxOutput(value: Self.subsidy(height: 0), scriptPubKey: Script(SyntheticOutput.p2pk.newScript(&rng)))
                return Transaction(version: 1, inputs: [input], outputs: [output])
            }
            var scriptSig = Script.pushNumber(Int64(height))
            scriptSig += Script.pushData(rng.bytes(8))
            let input = TxInput(previousOutput: OutPoint(txid: Txid(.zero), index: .max), scriptSig: Script(scriptSig),
                                witness: [reserved])
            let commitment = Hashes.hash256(Block.merkleRoot(wtxids) + reserved)
            let miner = minerScripts[rng.below(minerScripts.count)]
            return Transaction(version: 2, inputs: [input], outputs: [
                TxOutput(value: value, scriptPubKey: Script(miner)),
                TxOutput(value: 0, scriptPubKey: Script([Opcode.opReturn, 0x24, 0xaa, 0x21, 0xa9, 0xed] + commitment)),
            ])
        }

        mutating func makeTransaction(lockTime: UInt32) -> (Transaction, fee: Int64, kinds: [SyntheticOutput]) {
            let scarce = unspent.count < 2_000
            var inputCount = 1
            if !scarce {
                let roll = rng.below(100)
                inputCount = roll < 55 ? 1 : roll < 85 ? 2 : 3
            }
            var inputs: [TxInput] = []
            inputs.reserveCapacity(inputCount)
            var inputValue: Int64 = 0
            for _ in 0..<min(inputCount, unspent.count) {
                let index = rng.below(unspent.count)
                let coin = unspent[index]
                unspent[index] = unspent[unspent.count - 1]
                unspent.removeLast()
                let spend = coin.kind.spend(&rng)
                inputs.append(TxInput(previousOutput: OutPoint(txid: coin.txid, index: coin.vout), scriptSig: Script(spend.scriptSig),
                                      sequence: 0xffff_fffd, witness: spend.witness))
                inputValue += coin.value
            }
            stats.inputs += inputs.count

            let batch = rng.chance(scarce ? 40 : 3)
            let outputCount: Int
            if batch {
                outputCount = 20 + rng.below(41)
            } else {
                let roll = rng.below(100)
                outputCount = roll < 30 ? 1 : roll < 85 ? 2 : 3
            }
            let fee = min(inputValue / 2, Int64(100 + rng.below(1_500)) * Int64(inputs.count + outputCount))
            var remaining = inputValue - fee
            var outputs: [TxOutput] = []
            var kinds: [SyntheticOutput] = []
            outputs.reserveCapacity(outputCount)
            kinds.reserveCapacity(outputCount)
            // Kinds first: at most one OP_RETURN, placed first and never alone.
            var planned = (0..<outputCount).map { _ in SyntheticOutput.random(&rng) }
            if let first = planned.firstIndex(of: .opReturn) {
                planned.remove(at: first)
                planned = [.opReturn] + planned.map { $0 == .opReturn ? .p2wpkh : $0 }
                if planned.count == 1 { planned.append(.p2wpkh) }
            }
            let paying = planned.count - (planned.first == .opReturn ? 1 : 0)
            var paid = 0
            for kind in planned {
                if kind == .opReturn {
                    outputs.append(TxOutput(value: 0, scriptPubKey: Script(kind.newScript(&rng))))
                    kinds.append(kind)
                    stats.outputsByKind[kind, default: 0] += 1
                    continue
                }
                let left = paying - paid
                let value: Int64
                if left == 1 {
                    value = remaining
                } else if batch {
                    value = Int64(Double(remaining) / Double(left) * (0.5 + rng.unit()))
                } else {
                    value = Int64(Double(remaining) * (0.05 + 0.9 * rng.unit()))
                }
                remaining -= value
                paid += 1
                let (script, paidKind) = payee(kind)
                outputs.append(TxOutput(value: value, scriptPubKey: Script(script)))
                kinds.append(paidKind)
                stats.outputsByKind[paidKind, default: 0] += 1
            }
            stats.outputs += outputs.count
            let tx = Transaction(version: 2, inputs: inputs, outputs: outputs, lockTime: lockTime)
            return (tx, inputValue - outputs.reduce(0) { $0 + $1.value }, kinds)
        }

        /// The script an output of `kind` pays: a third of the time one paid before (mostly the hot ones,
        /// whatever their kind), otherwise a new one.
        mutating func payee(_ kind: SyntheticOutput) -> ([UInt8], SyntheticOutput) {
            if let accountShare, rng.chance(accountShare) {
                accountPaid += 1
                return (accountScripts[accountPaid % accountScripts.count], .p2wpkh)
            }
            if let hotScriptShare, !reusable.isEmpty, rng.chance(hotScriptShare) {
                return reuse(0)
            }
            for (k, share) in furtherHotScriptShares.enumerated() where reusable.count > k + 1 && rng.chance(share) {
                return reuse(k + 1)
            }
            if !reusable.isEmpty && rng.chance(33) {
                let u = rng.unit()
                return reuse(min(Int(u * u * u * u * Double(reusable.count)), reusable.count - 1))
            }
            let script = kind.newScript(&rng)
            if stats.hotScripts.count < SyntheticChain.hotScriptCount {
                stats.hotScriptOutputs[stats.hotScripts.count] = 1
                stats.hotScripts.append(script)
            }
            if reusable.count < Self.reusableLimit {
                reusable.append((script, kind))
            } else {
                reusable[1_000 + rng.below(Self.reusableLimit - 1_000)] = (script, kind)
            }
            return (script, kind)
        }

        /// The script at `index` of `reusable`, paid again.
        private mutating func reuse(_ index: Int) -> ([UInt8], SyntheticOutput) {
            stats.reusedOutputs += 1
            // The first thousand entries are never replaced: index k < hotScriptCount is always the k-th script.
            if index < SyntheticChain.hotScriptCount { stats.hotScriptOutputs[index] += 1 }
            return reusable[index]
        }

        mutating func addOutputs(of tx: Transaction, kinds: [SyntheticOutput], txid: Txid) {
            for (vout, (output, kind)) in zip(tx.outputs, kinds).enumerated() where kind.isSpendable {
                unspent.append(Coin(txid: txid, vout: UInt32(vout), value: output.value, kind: kind))
            }
        }
    }
}
