import Foundation
import SovIndex
import SovJSON
import SovNodeDouble
import SovNodeRPC
import SovPrimitives
import SovTestSupport
import Testing

/// The index built from the node double over RPC answers every script exactly as recorded.
@Suite(.serialized, .needsSharedData) struct IndexOverRPCTests {
    static func temporaryIndexDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sov-index-\(UUID().uuidString)").path
    }

    @Test(arguments: ["regtest", "regtest-busy"])
    func buildFromTheNodeMatchesTheRecord(_ fixture: String) throws {
        let node = try NodeDouble(fixture: try FixtureChain(name: fixture))
        defer { node.stop() }
        let client = NodeRPCClient(endpoint: NodeEndpoint(url: node.url, credentials: .cookieFile(path: node.cookiePath), network: .regtest))
        let directory = Self.temporaryIndexDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let index = try AddressIndex(directory: directory, network: .regtest, create: true)
        let sync = IndexSync(index: index, files: nil, node: client)
        sync.batchBlocks = 16
        let result = try sync.sync(to: try sync.nodeChain(from: 0))
        let record = try ScriptsRecord(fixture: fixture)
        #expect(result.tipHeight == record.tipHeight)
        #expect(index.tip?.hash.hex == node.expectedBlockHashes.last)
        let mempool = try MempoolView.fetch(from: client, index: index)
        try IndexExpectations.check(index: index, mempool: mempool, record: record)
    }
}

/// Compares the index's answers with scripts.json.
enum IndexExpectations {
    static func check(index: AddressIndex, mempool: MempoolView?, record: ScriptsRecord) throws {
        var mismatches = 0
        for expected in record.scripts {
            let sh = try #require(ScriptHash(expected.scriptHash))
            #expect(ScriptHash(script: expected.script) == sh)
            let confirmedOnly = try index.history(scriptHash: sh)
            let history = confirmedOnly.history.map { ($0.txid.hex, $0.height.wire) }
            let unspent = confirmedOnly.unspent.map { ($0.txid.hex, Int($0.vout), $0.height.wire, $0.value.satoshis) }
            let ok = history.elementsEqual(expected.confirmedHistory, by: { $0 == $1 })
                && Set(unspent.map { "\($0.0):\($0.1):\($0.2):\($0.3)" }) == Set(expected.confirmedUnspent.map { "\($0.0):\($0.1):\($0.2):\($0.3)" })
                && confirmedOnly.confirmedBalance.satoshis == expected.confirmedBalance
            if !ok {
                mismatches += 1
                if mismatches <= 3 {
                    Issue.record("\(expected.scriptHash): history \(history.count) vs \(expected.confirmedHistory.count), utxos \(unspent.count) vs \(expected.confirmedUnspent.count), balance \(confirmedOnly.confirmedBalance) vs \(expected.confirmedBalance)")
                }
            }
            guard let mempool else { continue }
            let full = try index.history(scriptHash: sh, mempool: mempool)
            let unconfirmed = full.history.filter { !$0.height.isConfirmed }.map { ($0.txid.hex, $0.height.wire, $0.fee?.satoshis ?? -1) }
            // The index lists mempool entries by txid as displayed; Electrum's canonical order (height 0 before -1)
            // is applied by the protocol layer and checked over sockets in ElectrumServerTests.
            let expectedUnconfirmed = expected.mempoolHistory.sorted { $0.txid < $1.txid }
            #expect(unconfirmed.elementsEqual(expectedUnconfirmed, by: { $0 == $1 }), "\(expected.scriptHash) mempool history")
            #expect(full.unconfirmedBalance.satoshis == expected.unconfirmedDelta, "\(expected.scriptHash) unconfirmed")
            #expect(full.confirmedBalance.satoshis == expected.confirmedBalance)
            let after = Set(full.unspent.map { "\($0.txid.hex):\($0.vout):\($0.height.wire):\($0.value.satoshis)" })
            #expect(after == Set(expected.unspentAfterMempool.map { "\($0.txid):\($0.vout):\($0.height):\($0.value)" }), "\(expected.scriptHash) utxos after mempool")
        }
        #expect(mismatches == 0, "\(mismatches) of \(record.scripts.count) scripts differ from the record")
    }
}
