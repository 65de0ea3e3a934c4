import Foundation
import SovJSON
import SovPrimitives

/// `scripts.json` of a fixture: every script's events, outputs and balances as recorded (and checked
/// against Fulcrum) — the golden answer for the index.
struct ScriptsRecord {
    struct Expected {
        var scriptHash: String
        var confirmedHistory: [(txid: String, height: Int)]
        var mempoolHistory: [(txid: String, height: Int, fee: Int64)]
        var confirmedUnspent: [(txid: String, vout: Int, height: Int, value: Int64)]
        var unspentAfterMempool: [(txid: String, vout: Int, height: Int, value: Int64)]
        var confirmedBalance: Int64
        var unconfirmedDelta: Int64
        var script: [UInt8]
    }

    let tipHeight: Int
    let scripts: [Expected]

    init(fixture: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/fixtures/\(fixture)/scripts.json")
        let root = try JSONParser.parse(try String(contentsOf: url, encoding: .utf8))
        tipHeight = root["tip_height"]!.intValue!
        var scripts: [Expected] = []
        for (sh, v) in root["scripthashes"]!.objectValue!.entries {
            let events = v["events"]!.arrayValue!
            let confirmed = events.filter { $0["height"]!.intValue! > 0 }
                .sorted { ($0["height"]!.intValue!, $0["pos"]!.intValue!) < ($1["height"]!.intValue!, $1["pos"]!.intValue!) }
            var seen = Set<String>()
            var history: [(String, Int)] = []
            for e in confirmed where seen.insert(e["txid"]!.stringValue!).inserted { history.append((e["txid"]!.stringValue!, e["height"]!.intValue!)) }
            var mempool: [(String, Int, Int64)] = []
            var seenMempool = Set<String>()
            for e in events where e["height"]!.intValue! <= 0 && seenMempool.insert(e["txid"]!.stringValue!).inserted {
                mempool.append((e["txid"]!.stringValue!, e["height"]!.intValue!, e["fee"]!.int64Value!))
            }
            let outputs = v["outputs"]!.arrayValue!
            let confirmedUnspent = outputs.filter { o in
                o["height"]!.intValue! > 0 && (o["spent_by"]!.isNull || (o["spent_by"]!["height"]!.intValue! <= 0))
            }.map { ($0["txid"]!.stringValue!, $0["vout"]!.intValue!, $0["height"]!.intValue!, $0["value"]!.int64Value!) }
            let after = v["utxos_after_mempool"]!.arrayValue!.map {
                ($0["txid"]!.stringValue!, $0["vout"]!.intValue!, $0["height"]!.intValue!, $0["value"]!.int64Value!)
            }
            scripts.append(Expected(scriptHash: sh, confirmedHistory: history, mempoolHistory: mempool, confirmedUnspent: confirmedUnspent,
                                    unspentAfterMempool: after, confirmedBalance: v["confirmed_balance"]!.int64Value!,
                                    unconfirmedDelta: v["unconfirmed_delta"]!.int64Value!, script: try Hex.decode(v["script"]!.stringValue!)))
        }
        self.scripts = scripts
    }
}
