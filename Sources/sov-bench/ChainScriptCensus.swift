import Foundation
import SovIndex
import SovPrimitives

/// Which scripts the block files of a chain pay most often, and a sample of scripts they pay only once: where
/// the history benchmark finds its big history and its small ones. Counted from the outputs themselves (one
/// pass over every block), so it works for any chain, not only one `SyntheticChain` just wrote.
struct ChainScriptCensus {
    /// A script hash (Electrum form) and the outputs paying it.
    struct Paid {
        var scripthash: String
        var outputs: Int
    }

    /// The most paid scripts, most first.
    var hottest: [Paid]
    /// Script hashes paid by exactly one output, in a fixed order.
    var paidOnce: [String]
    var transactions = 0
    var outputs = 0
    /// Distinct scripts paid.
    var scripts = 0

    /// Outputs paying a script before its full hash is kept as a candidate for the hottest.
    static let hotThreshold: UInt32 = 256
    /// One script in `sampleEvery` (by hash) is kept as a candidate for the paid-once sample.
    static let sampleEvery: UInt64 = 251

    /// Counts the outputs of every block in `directory`; keeps `hottestCount` hottest scripts and up to
    /// `paidOnceCount` paid once. OP_RETURN outputs are not counted.
    static func take(directory: String, network: Network, hottestCount: Int = 5, paidOnceCount: Int = 1000) throws -> ChainScriptCensus {
        let reader = try BlockFileReader(directory: directory, network: network)
        // Keyed by the first 8 bytes of the script hash: collisions among a few million scripts are unlikely
        // enough (about 1 in 10^6), and a miscount would only pick a slightly different script.
        var counts: [UInt64: UInt32] = [:]
        var full: [UInt64: [UInt8]] = [:]
        var sample: [UInt64: [UInt8]] = [:]
        var census = ChainScriptCensus(hottest: [], paidOnce: [])
        for number in reader.fileNumbers {
            _ = try reader.forEachBlock(inFile: number) { _, raw in
                let block = try Block(bytes: raw)
                census.transactions += block.transactions.count
                for tx in block.transactions {
                    for output in tx.outputs where output.scriptPubKey.bytes.first != Opcode.opReturn {
                        census.outputs += 1
                        let hash = Hashes.sha256(output.scriptPubKey.bytes)
                        let key = hash.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                        let count = (counts[key] ?? 0) + 1
                        counts[key] = count
                        if count == 1 && key % sampleEvery == 0 { sample[key] = hash }
                        if count == hotThreshold { full[key] = hash }
                    }
                }
            }
        }
        census.scripts = counts.count
        census.hottest = full.map { Paid(scripthash: Hex.encodeReversed($0.value), outputs: Int(counts[$0.key] ?? 0)) }
            .sorted { ($0.outputs, $0.scripthash) > ($1.outputs, $1.scripthash) }
            .prefix(hottestCount).map { $0 }
        census.paidOnce = sample.filter { counts[$0.key] == 1 }.sorted { $0.key < $1.key }
            .prefix(paidOnceCount).map { Hex.encodeReversed($0.value) }
        return census
    }
}
