import ArgumentParser
import FoundationEssentials
import SovJSON
import SovNodeRPC

struct NodeMempoolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mempool",
        abstract: "Show the node's mempool: summary and transactions by fee rate.",
        discussion: reflowed("""
            --json prints {"transactions": N, "bytes": vbytes, "fees": satoshis, "min_fee_sat_per_kvb": N,
            "entries": [{"txid", "vsize", "weight", "fee" (satoshis), "fee_rate_sat_per_kvb",
            "depends" (unconfirmed parents), "time"}]} with every entry, highest fee rate first.
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var node: NodeOptions

    @Option(name: .long, help: ArgumentHelp("Transactions to list in the table (0 for all).", valueName: "count"))
    var top: Int = 20

    func run() throws {
        let client = node.client(network: try global.resolvedNetwork(), quiet: global.quiet, requestTimeout: 600)
        let entries: [(txid: String, entry: MempoolEntry)]
        let info: JSONValue
        do {
            entries = try client.mempool()
            info = try client.mempoolInfo()
        } catch { throw error.report() }
        func rate(_ e: MempoolEntry) -> Int64 { e.vsize > 0 ? e.fee * 1000 / Int64(e.vsize) : 0 }
        let sorted = entries.sorted { rate($0.entry) != rate($1.entry) ? rate($0.entry) > rate($1.entry) : $0.txid < $1.txid }
        let totalFee = entries.reduce(Int64(0)) { $0 + $1.entry.fee }
        let totalSize = entries.reduce(0) { $0 + $1.entry.vsize }
        let minFee = info["mempoolminfee"]?.satoshis ?? 0
        if global.json {
            let list: [JSONValue] = sorted.map { item in
                .object(JSONObject([
                    ("txid", .string(item.txid)), ("vsize", .int(item.entry.vsize)), ("weight", .int(item.entry.weight)),
                    ("fee", .int(item.entry.fee)), ("fee_rate_sat_per_kvb", .int(rate(item.entry))),
                    ("depends", .array(item.entry.depends.map(JSONValue.string))), ("time", .int(item.entry.time)),
                ]))
            }
            Output.write(JSONValue.object(JSONObject([
                ("transactions", .int(entries.count)), ("bytes", .int(totalSize)), ("fees", .int(totalFee)),
                ("min_fee_sat_per_kvb", .int(minFee)), ("entries", .array(list)),
            ])).pretty + "\n")
            return
        }
        Output.write("\(entries.count) transactions, \(totalSize) vB, \(totalFee) sat in fees, min fee \(HumanFormat.feeRate(minFee)) sat/vB\n")
        guard !sorted.isEmpty else { return }
        var table = TextTable(["txid", "vsize", "fee sat", "sat/vB", "parents"])
        for item in (top > 0 ? Array(sorted.prefix(top)) : sorted) {
            table.add([item.txid, String(item.entry.vsize), String(item.entry.fee), HumanFormat.feeRate(rate(item.entry)),
                       item.entry.depends.isEmpty ? "-" : String(item.entry.depends.count)])
        }
        Output.write("\n" + table.rendered)
        if top > 0 && sorted.count > top { Output.write("… \(sorted.count - top) more (--top 0 lists all)\n") }
    }
}
