import SovElectrum
import SovJSON
import SovPrimitives
import Testing

/// Every method's parameters: accepted in positional and named form, refused with the right code otherwise.
@Suite struct MethodParameterTests {
    let table = ElectrumMethodTable()
    static let sh = "f04bf26fc16a27abaa2f10540da7a24e369e6ec408f2d901202a7c0cd4a6112d"
    static let tx = "a6c9c361bd0bc536d6a22648efbf8f9b200e425ef6c3a7a9669dc444c532a347"
    var hash: ScriptHash { ScriptHash(Self.sh)! }
    var txid: Txid { Txid(Self.tx)! }

    func call(_ method: String, _ params: String, _ version: ProtocolVersion = .v1_6) -> Result<ElectrumCall, ElectrumRPCError> {
        let json = try! JSONParser.parse(params)
        let p: JSONRPCParams = json.objectValue.map(JSONRPCParams.named) ?? .positional(json.arrayValue!)
        do throws(ElectrumRPCError) {
            return .success(try table.call(for: JSONRPCRequest(id: .int(1), method: method, params: p), version: version))
        } catch { return .failure(error) }
    }

    func code(_ method: String, _ params: String, _ version: ProtocolVersion = .v1_6) -> Int? {
        if case .failure(let e) = call(method, params, version) { return e.code }
        return nil
    }

    /// Checks accepted and refused parameter lists of one method; returns the method for the coverage check.
    @discardableResult
    func check(_ method: ElectrumMethod, version: ProtocolVersion = .v1_6,
               accepts: [(String, ElectrumCall)], refuses: [(String, Int)]) -> ElectrumMethod {
        for (params, expected) in accepts {
            #expect(call(method.rawValue, params, version) == .success(expected), "\(method.rawValue)(\(params)) @\(version)")
            // What a client sends for the call (`ElectrumCall.params`) reads back to the same call.
            #expect(call(method.rawValue, JSONValue.array(expected.params).compact, version) == .success(expected),
                    "\(method.rawValue) as a client sends \(expected) @\(version)")
        }
        for (params, expectedCode) in refuses {
            #expect(code(method.rawValue, params, version) == expectedCode, "\(method.rawValue)(\(params)) @\(version)")
        }
        return method
    }

    @Test func everyMethod() {
        let sh = Self.sh, tx = Self.tx
        var covered: Set<ElectrumMethod> = []
        covered.insert(check(.blockHeader, accepts: [
            ("[5]", .blockHeader(height: 5, checkpointHeight: 0)),
            ("[5, 8]", .blockHeader(height: 5, checkpointHeight: 8)),
            ("[0, 0]", .blockHeader(height: 0, checkpointHeight: 0)),
            ("[8, 8]", .blockHeader(height: 8, checkpointHeight: 8)),
            (#"{"height": 5, "cp_height": 8}"#, .blockHeader(height: 5, checkpointHeight: 8)),
            (#"{"height": 5}"#, .blockHeader(height: 5, checkpointHeight: 0)),
        ], refuses: [
            ("[]", -32602), ("[1, 2, 3]", -32602), (#"{"cp_height": 8}"#, -32602), (#"{"height": 1, "raw": true}"#, -32602),
            ("[-1]", 1), ("[1.5]", 1), ("[\"5\"]", 1), ("[true]", 1), ("[null]", 1), ("[1e2]", 1), ("[5, -8]", 1),
            ("[9, 8]", 1),  // height above cp_height
            ("[99999999999999999999999]", 1),
        ]))
        covered.insert(check(.blockHeaders, accepts: [
            ("[0, 2]", .blockHeaders(startHeight: 0, count: 2, checkpointHeight: 0, shape: .list)),
            ("[0, 0, 8]", .blockHeaders(startHeight: 0, count: 0, checkpointHeight: 8, shape: .list)),
            ("[3, 6, 8]", .blockHeaders(startHeight: 3, count: 6, checkpointHeight: 8, shape: .list)),
            (#"{"start_height": 1, "count": 2016}"#, .blockHeaders(startHeight: 1, count: 2016, checkpointHeight: 0, shape: .list)),
        ], refuses: [
            ("[0]", -32602), ("[0, 1, 2, 3]", -32602), (#"{"start_height": 0}"#, -32602), (#"{"start": 0, "count": 1}"#, -32602),
            ("[-1, 1]", 1), ("[0, -1]", 1), ("[0, \"1\"]", 1), ("[0, 1, false]", 1), ("[9, 1, 8]", 1),
        ]))
        check(.blockHeaders, version: .v1_4, accepts: [
            ("[0, 2]", .blockHeaders(startHeight: 0, count: 2, checkpointHeight: 0, shape: .concatenatedHex)),
        ], refuses: [])
        covered.insert(check(.estimateFee, accepts: [
            ("[2]", .estimateFee(blocks: 2, mode: nil)),
            ("[2, null]", .estimateFee(blocks: 2, mode: nil)),
            ("[6, \"ECONOMICAL\"]", .estimateFee(blocks: 6, mode: .economical)),
            ("[6, \"conservative\"]", .estimateFee(blocks: 6, mode: .conservative)),
            (#"{"number": 1, "mode": "Economical"}"#, .estimateFee(blocks: 1, mode: .economical)),
            (#"{"number": 1}"#, .estimateFee(blocks: 1, mode: nil)),
        ], refuses: [
            ("[]", -32602), ("[1, null, 3]", -32602), (#"{"mode": "ECONOMICAL"}"#, -32602),
            ("[-2]", 1), ("[\"2\"]", 1), ("[2, \"UNSET\"]", 1), ("[2, \"fast\"]", 1), ("[2, 1]", 1),
        ]))
        check(.estimateFee, version: .v1_4, accepts: [("[2]", .estimateFee(blocks: 2, mode: nil))],
              refuses: [("[2, null]", -32602), (#"{"number": 2, "mode": "ECONOMICAL"}"#, -32602)])
        covered.insert(check(.headersSubscribe, accepts: [("[]", .headersSubscribe), ("{}", .headersSubscribe)],
                             refuses: [("[true]", -32602), (#"{"raw": true}"#, -32602)]))
        covered.insert(check(.relayFee, version: .v1_4, accepts: [("[]", .relayFee)], refuses: [("[1]", -32602)]))
        check(.relayFee, accepts: [], refuses: [("[]", -32601)])

        let badHashes: [(String, Int)] = [
            ("[]", -32602), ("[\"\(sh)\", 1]", -32602), (#"{"script_hash": "\#(sh)"}"#, -32602),
            ("[\"\(sh.dropLast(2))\"]", 1), ("[\"\(sh)00\"]", 1), ("[\"\(sh.dropLast())g\"]", 1), ("[5]", 1), ("[null]", 1),
            ("[[\"\(sh)\"]]", 1), ("[\"\"]", 1),
        ]
        let upper = sh.uppercased()
        for (method, make): (ElectrumMethod, (ScriptHash) -> ElectrumCall) in [
            (.scriptHashGetBalance, { .scriptHashGetBalance($0) }),
            (.scriptHashGetHistory, { .scriptHashGetHistory($0, mempoolOrder: .canonical) }),
            (.scriptHashGetMempool, { .scriptHashGetMempool($0, mempoolOrder: .canonical) }),
            (.scriptHashListUnspent, { .scriptHashListUnspent($0) }),
            (.scriptHashSubscribe, { .scriptHashSubscribe($0, mempoolOrder: .canonical) }),
            (.scriptHashUnsubscribe, { .scriptHashUnsubscribe($0) }),
        ] {
            covered.insert(check(method, accepts: [("[\"\(sh)\"]", make(hash)), ("[\"\(upper)\"]", make(hash)),
                                                   (#"{"scripthash": "\#(sh)"}"#, make(hash))], refuses: badHashes))
        }
        // Before 1.6 the mempool order is the listing's own.
        check(.scriptHashGetHistory, version: .v1_4, accepts: [("[\"\(sh)\"]", .scriptHashGetHistory(hash, mempoolOrder: .asListed))], refuses: [])
        check(.scriptHashSubscribe, version: .v1_4_2, accepts: [("[\"\(sh)\"]", .scriptHashSubscribe(hash, mempoolOrder: .asListed))], refuses: [])
        check(.scriptHashUnsubscribe, version: .v1_4_2, accepts: [("[\"\(sh)\"]", .scriptHashUnsubscribe(hash))], refuses: [])
        check(.scriptHashUnsubscribe, version: .v1_4_1, accepts: [], refuses: [("[\"\(sh)\"]", -32601)])

        covered.insert(check(.transactionBroadcast, accepts: [
            ("[\"0200ff\"]", .transactionBroadcast(rawTransaction: [2, 0, 0xff])),
            (#"{"raw_tx": "AB"}"#, .transactionBroadcast(rawTransaction: [0xab])),
        ], refuses: [
            ("[]", -32602), ("[\"00\", \"00\"]", -32602), ("[\"\"]", 1), ("[\"abc\"]", 1), ("[\"zz\"]", 1), ("[12]", 1), ("[[\"00\"]]", 1),
        ]))
        covered.insert(check(.transactionBroadcastPackage, accepts: [
            ("[[\"00\", \"0102\"]]", .transactionBroadcastPackage(rawTransactions: [[0], [1, 2]], verbose: false)),
            ("[[\"00\"], true]", .transactionBroadcastPackage(rawTransactions: [[0]], verbose: true)),
            (#"{"raw_txs": ["00"], "verbose": false}"#, .transactionBroadcastPackage(rawTransactions: [[0]], verbose: false)),
        ], refuses: [
            ("[]", -32602), ("[[\"00\"], true, 1]", -32602), (#"{"verbose": true}"#, -32602),
            ("[\"00\"]", 1), ("[[]]", 1), ("[[\"0\"]]", 1), ("[[\"00\", 5]]", 1), ("[[\"00\"], \"yes\"]", 1), ("[[\"00\"], 1]", 1),
        ]))
        check(.transactionBroadcastPackage, version: .v1_4_2, accepts: [], refuses: [("[[\"00\"]]", -32601)])
        covered.insert(check(.transactionGet, accepts: [
            ("[\"\(tx)\"]", .transactionGet(txid: txid, verbose: false)),
            ("[\"\(tx)\", true]", .transactionGet(txid: txid, verbose: true)),
            (#"{"tx_hash": "\#(tx)", "verbose": false}"#, .transactionGet(txid: txid, verbose: false)),
        ], refuses: [
            ("[]", -32602), ("[\"\(tx)\", true, 1]", -32602), (#"{"txid": "\#(tx)"}"#, -32602),
            ("[\"\(tx.dropLast(2))\"]", 1), ("[\"\(tx)\", 1]", 1), ("[\"\(tx)\", null]", 1), ("[\"\(tx)\", \"true\"]", 1), ("[7]", 1),
        ]))
        covered.insert(check(.transactionGetMerkle, accepts: [
            ("[\"\(tx)\", 2472]", .transactionGetMerkle(txid: txid, height: 2472)),
            (#"{"tx_hash": "\#(tx)", "height": 0}"#, .transactionGetMerkle(txid: txid, height: 0)),
        ], refuses: [
            ("[\"\(tx)\"]", -32602),  // height is required through 1.6
            ("[\"\(tx)\", 1, 2]", -32602), (#"{"tx_hash": "\#(tx)"}"#, -32602),
            ("[\"\(tx)\", -1]", 1), ("[\"\(tx)\", \"1\"]", 1), ("[\"xyz\", 1]", 1),
        ]))
        covered.insert(check(.transactionIDFromPosition, accepts: [
            ("[2473, 2]", .transactionIDFromPosition(height: 2473, position: 2, merkle: false)),
            ("[2473, 2, true]", .transactionIDFromPosition(height: 2473, position: 2, merkle: true)),
            (#"{"height": 1, "tx_pos": 0, "merkle": true}"#, .transactionIDFromPosition(height: 1, position: 0, merkle: true)),
        ], refuses: [
            ("[1]", -32602), ("[1, 0, true, 1]", -32602), (#"{"height": 1, "pos": 0}"#, -32602),
            ("[-1, 0]", 1), ("[1, -1]", 1), ("[1, 0, 1]", 1), ("[1, 0.5]", 1),
        ]))
        covered.insert(check(.mempoolGetFeeHistogram, accepts: [("[]", .mempoolGetFeeHistogram)], refuses: [("[0]", -32602)]))
        covered.insert(check(.mempoolGetInfo, accepts: [("[]", .mempoolGetInfo)], refuses: [("[0]", -32602)]))
        check(.mempoolGetInfo, version: .v1_4, accepts: [], refuses: [("[]", -32601)])
        covered.insert(check(.serverAddPeer, accepts: [
            (#"[{"hosts": {}}]"#, .serverAddPeer(features: JSONObject([("hosts", .object(JSONObject()))]))),
            (#"{"features": {}}"#, .serverAddPeer(features: JSONObject())),
        ], refuses: [("[]", -32602), ("[{}, {}]", -32602), ("[[]]", 1), ("[\"x\"]", 1)]))
        for (method, expected): (ElectrumMethod, ElectrumCall) in [
            (.serverBanner, .serverBanner), (.serverDonationAddress, .serverDonationAddress), (.serverFeatures, .serverFeatures),
            (.serverPeersSubscribe, .serverPeersSubscribe), (.serverPing, .serverPing),
        ] {
            covered.insert(check(method, accepts: [("[]", expected), ("{}", expected)],
                                 refuses: [("[1]", -32602), (#"{"x": 1}"#, -32602)]))
            check(method, version: .v1_4, accepts: [("[]", expected)], refuses: [])
        }
        covered.insert(check(.serverVersion, accepts: [
            ("[]", .serverVersion(clientName: "", requested: .default)),
            ("[\"Electrum 4.6.2\", \"1.4\"]", .serverVersion(clientName: "Electrum 4.6.2", requested: RequestedVersions(json: .string("1.4")))),
            ("[\"e\", [\"1.4\", \"1.6\"], {\"ext\": 1}]",
             .serverVersion(clientName: "e", requested: RequestedVersions(json: .array([.string("1.4"), .string("1.6")])))),
            (#"{"client_name": "e", "protocol_version": "1.6", "new": true}"#, .serverVersion(clientName: "e", requested: RequestedVersions(.v1_6))),
        ], refuses: [("[5]", 1), ("[null]", 1)]))

        // Unknown methods, and a version that never existed in the table.
        #expect(code("blockchain.scripthash.get_balanc", "[]") == -32601)
        #expect(code("blockchain.address.get_balance", "[\"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\"]") == -32601)
        #expect(code("blockchain.outpoint.subscribe", "[\"\(tx)\", 0]") == -32601)
        #expect(code("blockchain.scriptpubkey.get_history", "[\"00\"]") == -32601)
        #expect(code("blockchain.block.get_chunk", "[0]") == -32601)
        #expect(code("", "[]") == -32601)

        #expect(covered == Set(ElectrumMethod.allCases))
    }

    @Test func methodTableVersions() {
        let at14 = Set(table.methods(in: .v1_4)), at142 = Set(table.methods(in: .v1_4_2)), at16 = Set(table.methods(in: .v1_6))
        #expect(at142.subtracting(at14) == [.scriptHashUnsubscribe])
        #expect(at16.subtracting(at142) == [.transactionBroadcastPackage, .mempoolGetInfo])
        #expect(at142.subtracting(at16) == [.relayFee])
        #expect(at16.count == 24 && at14.count == 22)
        // Each method has exactly one signature per version.
        for version in [ProtocolVersion.v1_4, .v1_4_1, .v1_4_2, ProtocolVersion(major: 1, minor: 5), .v1_6] {
            for method in ElectrumMethod.allCases {
                #expect(table.specs.filter { $0.method == method && $0.applies(to: version) }.count <= 1)
            }
        }
        #expect(table.spec("blockchain.estimatefee", in: .v1_6)?.signature == "blockchain.estimatefee(number, mode=null)")
        #expect(table.spec("blockchain.block.header", in: .v1_4)?.signature == "blockchain.block.header(height, cp_height=0)")
        #expect(table.spec("server.version", in: .v1_6)?.signature == "server.version(client_name=\"\", protocol_version=\"1.4\", ...)")
    }

    @Test func valueErrorCodeIsConfigurable() {
        let strict = ElectrumMethodTable(valueErrorCode: ElectrumRPCError.invalidParamsCode)
        let result: Result<ElectrumCall, ElectrumRPCError>
        do throws(ElectrumRPCError) {
            result = .success(try strict.call(for: JSONRPCRequest(id: .int(1), method: "blockchain.block.header", params: .positional([.int(-1)])),
                                              version: .v1_6))
        } catch { result = .failure(error) }
        #expect(result == .failure(.invalidParams("-1 should be a non-negative integer")))
    }
}
