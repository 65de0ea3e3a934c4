import Foundation
import SovElectrum
import SovIndex
import SovJSON
import SovNodeDouble
import SovNodeRPC
import SovPrimitives
import SovServer
import SovTestSupport
import Testing

/// The Electrum calls answered from the index built from the node double equal the recorded scripts,
/// and the proofs they give verify independently.
@Suite(.serialized, .needsSharedData) struct ElectrumQueryServiceTests {
    static func service() throws -> (ElectrumQueryService, NodeDouble, String) {
        let node = try NodeDouble(fixture: try FixtureChain(name: "regtest"))
        let client = NodeRPCClient(endpoint: NodeEndpoint(url: node.url, credentials: .cookieFile(path: node.cookiePath), network: .regtest))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sov-service-\(UUID().uuidString)").path
        let index = try AddressIndex(directory: directory, network: .regtest, create: true)
        let sync = IndexSync(index: index, files: nil, node: client)
        _ = try sync.sync(to: try sync.nodeChain(from: 0))
        return (ElectrumQueryService(index: index, mempool: try MempoolView.fetch(from: client, index: index)), node, directory)
    }

    @Test func scriptCallsMatchTheRecord() throws {
        let (service, node, directory) = try Self.service()
        defer { node.stop(); try? FileManager.default.removeItem(atPath: directory) }
        let record = try SharedData.json("fixtures/regtest/scripts.json")["scripthashes"]!.objectValue!
        for (sh, v) in record.entries {
            let hash = try #require(ScriptHash(sh))
            let balance = try service.balance(hash).json
            #expect(balance["confirmed"]?.int64Value == v["confirmed_balance"]?.int64Value)
            #expect(balance["unconfirmed"]?.int64Value == v["unconfirmed_delta"]?.int64Value)
            let unspent = try service.unspent(hash).json.arrayValue ?? []
            #expect(Set(unspent.map { "\($0["tx_hash"]!.stringValue!):\($0["tx_pos"]!.intValue!):\($0["height"]!.intValue!):\($0["value"]!.int64Value!)" })
                    == Set(v["utxos_after_mempool"]!.arrayValue!.map { "\($0["txid"]!.stringValue!):\($0["vout"]!.intValue!):\($0["height"]!.intValue!):\($0["value"]!.int64Value!)" }))
            let historyResult = try service.history(hash, mempoolOrder: .canonical).json
            let history = historyResult.arrayValue ?? []
            let confirmedEvents = v["events"]!.arrayValue!.filter { $0["height"]!.intValue! > 0 }
                .sorted { ($0["height"]!.intValue!, $0["pos"]!.intValue!) < ($1["height"]!.intValue!, $1["pos"]!.intValue!) }
            var seen = Set<String>()
            let expectedConfirmed = confirmedEvents.map { $0["txid"]!.stringValue! }.filter { seen.insert($0).inserted }
            #expect(history.filter { $0["height"]!.intValue! > 0 }.map { $0["tx_hash"]!.stringValue! } == expectedConfirmed)
            let status = try service.status(hash, mempoolOrder: .canonical).json
            #expect(status.stringValue == (try ScriptHashStatus.hash(ofHistoryResult: historyResult)))
            #expect(status.stringValue != nil)
        }
    }

    @Test func transactionsAndProofsVerify() throws {
        let (service, node, directory) = try Self.service()
        defer { node.stop(); try? FileManager.default.removeItem(atPath: directory) }
        let chain = try SharedData.chain("fixtures/regtest/chain.hex")
        let tip = chain.count - 1
        for height in [1, 151, 152, tip] {
            let block = try Block(bytes: chain[height])
            for (position, tx) in block.transactions.enumerated() {
                let txid = tx.txid
                #expect(try service.transaction(txid).json.stringValue == tx.serialized().hex)
                let merkle = try service.transactionMerkle(txid, height: height).json
                #expect(merkle["pos"]?.intValue == position)
                let branch = merkle["merkle"]!.arrayValue!.map { $0.stringValue! }
                #expect(MerkleProofVerifier.verifyTransaction(txid: txid, branchHex: branch, position: position, merkleRoot: block.header.merkleRoot))
                let byPosition = try service.transactionID(height: height, position: position, merkle: true).json
                #expect(byPosition["tx_hash"]?.stringValue == txid.hex)
            }
            let header = try service.blockHeader(height: height, checkpointHeight: tip).json
            #expect(header["header"]?.stringValue == Array(chain[height].prefix(80)).hex)
            #expect(MerkleProofVerifier.verifyHeader(header: Array(chain[height].prefix(80)), height: height, checkpointHeight: tip,
                                                     branchHex: header["branch"]!.arrayValue!.map { $0.stringValue! },
                                                     rootHex: header["root"]!.stringValue!))
        }
        let tipResult = try service.headerTip().json
        #expect(tipResult["height"]?.intValue == tip)
        #expect(tipResult["hex"]?.stringValue == Array(chain[tip].prefix(80)).hex)
        let headers = try service.blockHeaders(startHeight: 0, count: 10, checkpointHeight: 0, shape: .list).json
        #expect(headers["headers"]?.arrayValue?.map { $0.stringValue! } == chain.prefix(10).map { Array($0.prefix(80)).hex })
        #expect(throws: ElectrumRPCError.self) { try service.blockHeader(height: tip + 1, checkpointHeight: 0) }
    }

    @Test func aRefusedHistoryIsRefusedAgainWithoutReadingTheIndex() throws {
        var (service, node, directory) = try Self.service()
        defer { node.stop(); try? FileManager.default.removeItem(atPath: directory) }
        let long = try #require(try ScriptRecord.scripts().first { ScriptRecord.confirmedHistory($0.record).count > 1 })
        let sh = try #require(ScriptHash(long.hash))
        let cache = ScriptHistoryCache()
        service.historyLimit = 1
        service.historyCache = (cache, 7)
        func refusal(_ call: () throws -> ElectrumResult) -> IndexError? {
            do { _ = try call() } catch let error as IndexError { return error } catch { Issue.record("\(error)") }
            return nil
        }
        guard case .historyTooLarge(_, 1)? = refusal({ try service.history(sh, mempoolOrder: .canonical) }) else {
            Issue.record("a history longer than the limit was not refused")
            return
        }
        #expect(cache.refusedLimit(sh, generation: 7) == 1)
        // With the index closed, only the kept refusal can answer: every script call of the script is refused
        // at once, with the same error.
        service.index.store.close()
        for call in [{ try service.history(sh, mempoolOrder: .canonical) }, { try service.balance(sh) }, { try service.unspent(sh) },
                     { try service.status(sh, mempoolOrder: .canonical) }] {
            guard case .historyTooLarge(let refused, 1)? = refusal(call) else {
                Issue.record("the kept refusal was not used")
                continue
            }
            #expect(refused == sh)
        }
        // A refusal belongs to its limit and its generation: past either, the index is read again (and is closed).
        service.historyLimit = 2
        guard case .store? = refusal({ try service.history(sh, mempoolOrder: .canonical) }) else {
            Issue.record("a refusal kept for another limit was used")
            return
        }
        service.historyLimit = 1
        service.historyCache = (cache, 8)
        guard case .store? = refusal({ try service.history(sh, mempoolOrder: .canonical) }) else {
            Issue.record("a refusal kept for another generation was used")
            return
        }
        #expect(cache.refusedLimit(sh, generation: 8) == nil)
    }
}
