import FoundationEssentials
import SovPrimitives

/// Recomputes the index rows of every indexed block from the block's bytes and checks they are present.
public struct IndexVerifier {
    public let index: AddressIndex

    public init(index: AddressIndex) { self.index = index }

    public struct Report: Sendable {
        public var blocks = 0
        public var transactions = 0
        public var problems: [String] = []
    }

    public func verify(progress: ((IndexProgress) -> Void)? = nil) throws -> Report {
        var report = Report()
        guard let tip = index.tip else { return report }
        let start = Date()
        var bytes = 0
        var previousHash: BlockHash?
        for height in 0...tip.height {
            guard let record = try index.blockRecord(height: height) else {
                report.problems.append("no block record at height \(height)")
                continue
            }
            let raw = try index.rawBlock(height: height)
            bytes += raw.count
            let block = try PreparedBlock(height: height, raw: raw, source: record.source, file: record.file, offset: record.offset)
            if block.hash != record.hash { report.problems.append("height \(height): stored hash differs from the block's") }
            if let previousHash, block.header.previousBlockHash != previousHash { report.problems.append("height \(height): does not link to height \(height - 1)") }
            previousHash = block.hash
            for chunk in block.table.chunks
            where try index.store.get(IndexSchema.transactionsKey(height: height, chunk: chunk.first / BlockTransactionTable.chunkSize)) != chunk.encoded {
                report.problems.append("height \(height): transaction table missing or wrong")
            }
            for (i, tx) in block.transactions.enumerated() {
                let position = TxPosition(height: height, index: i)
                if try index.store.get(IndexSchema.txidKey(txid: block.txids[i], position)) == nil {
                    report.problems.append("height \(height) tx \(i): txid row missing")
                }
                if height > 0 || i > 0 {
                    for sh in block.outputScriptHashes[i] where try index.store.get(IndexSchema.fundingKey(scriptHash: sh, position)) == nil {
                        report.problems.append("height \(height) tx \(i): funding row missing")
                    }
                }
                if tx.isCoinbase { continue }
                for input in tx.inputs {
                    guard let funding = try index.position(ofTxid: input.previousOutput.txid) else {
                        report.problems.append("height \(height) tx \(i): spends an unindexed transaction")
                        continue
                    }
                    let prefix = try index.scriptPrefix(ofOutput: input.previousOutput.index, of: funding)
                    let value = try index.store.get(IndexSchema.spendKey(scriptPrefix: prefix, funding, vout: input.previousOutput.index))
                    if value != IndexSchema.positionValue(position) { report.problems.append("height \(height) tx \(i): spend row missing or wrong") }
                }
            }
            report.transactions += block.transactions.count
            report.blocks += 1
            if report.problems.count > 1000 { break }
            progress?(IndexProgress(height: height, targetHeight: tip.height, blocks: report.blocks, transactions: report.transactions,
                                    bytes: bytes, elapsed: Date().timeIntervalSince(start)))
        }
        return report
    }
}
