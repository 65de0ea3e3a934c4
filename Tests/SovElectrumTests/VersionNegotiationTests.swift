import SovElectrum
import SovJSON
import Testing

@Suite struct VersionNegotiationTests {
    let negotiation = VersionNegotiation()

    func v(_ text: String) -> ProtocolVersion { ProtocolVersion(text)! }

    @Test func versionTextAndOrder() {
        #expect(v("1.4") < v("1.4.1") && v("1.4.1") < v("1.4.2") && v("1.4.2") < v("1.5") && v("1.5") < v("1.6"))
        #expect(v("1.4") < v("1.4.0"))  // tuple order, as ElectrumX compares
        #expect(v("1.10") > v("1.9"))
        #expect(v("1.4.2").description == "1.4.2" && v("1").description == "1.0" && ProtocolVersion.v1_6.description == "1.6")
        for bad in ["", ".", "1.", ".4", "1..4", "a.b", "1.4a", "-1.4", " 1.4", "1.4 ", "+1.4", "1.2.3.4.5", "99999.1", "1.4\n"] {
            #expect(ProtocolVersion(bad) == nil, "\(bad)")
        }
    }

    func negotiate(_ json: JSONValue) -> Result<ProtocolVersion, ElectrumRPCError> {
        do throws(ElectrumRPCError) { return .success(try negotiation.negotiate(RequestedVersions(json: json))) } catch { return .failure(error) }
    }

    @Test func highestCommonVersion() throws {
        let cases: [(JSONValue, String)] = [
            (.string("1.4"), "1.4"),
            (.string("1.6"), "1.6"),
            (.string("1.4.2"), "1.4.2"),
            (.string("1.5"), "1.5"),  // in range; ElectrumX answers it too (1.5 was skipped: it behaves as 1.4.2+)
            (.array([.string("1.4"), .string("1.6")]), "1.6"),
            (.array([.string("1.2"), .string("1.4")]), "1.4"),
            (.array([.string("1.1"), .string("1.5")]), "1.5"),
            (.array([.string("1.4"), .string("2.0")]), "1.6"),
            (.array([.string("1.0"), .string("9.9")]), "1.6"),
        ]
        for (requested, expected) in cases {
            #expect(negotiate(requested) == .success(v(expected)), "\(requested.compact)")
        }
        #expect(try negotiation.negotiate(.default) == .v1_4)
    }

    @Test func noCommonVersionIsBadRequest() {
        let cases: [JSONValue] = [
            .string("1.3"), .string("1.2"), .string("1.7"), .string("2.0"),
            .array([.string("1.7"), .string("1.8")]), .array([.string("1.0"), .string("1.3")]),
            .array([.string("1.6"), .string("1.4")]),  // min above max
            .string("abc"), .string(""), .number("1.4"), .null, .object(JSONObject()),
            .array([.string("1.4")]), .array([.string("1.4"), .string("1.5"), .string("1.6")]), .array([.number("1"), .number("2")]),
        ]
        for requested in cases {
            guard case .failure(let error) = negotiate(requested) else { Issue.record("negotiated \(requested.compact)"); continue }
            #expect(error.code == 1 && error.message.hasPrefix("unsupported protocol version"), "\(requested.compact)")
        }
    }

    @Test func clientReadsTheAnswer() throws {
        let answer = try negotiation.acceptResult(.array([.string("ElectrumX 1.18.0"), .string("1.6")]))
        #expect(answer.serverSoftware == "ElectrumX 1.18.0" && answer.version == .v1_6)
        #expect(VersionNegotiation.result(serverSoftware: "sov", version: .v1_4_2) == .array([.string("sov"), .string("1.4.2")]))
        for bad: JSONValue in [.array([.string("x"), .string("1.3")]), .array([.string("x"), .string("1.7")]), .string("1.6"),
                               .array([.string("x")]), .array([.number("1"), .string("1.6")])] {
            #expect(throws: ElectrumRPCError.self) { try negotiation.acceptResult(bad) }
        }
        #expect(RequestedVersions(.v1_6).json == .string("1.6"))
        #expect(RequestedVersions(minimum: .v1_4, maximum: .v1_6, text: "").json == .array([.string("1.4"), .string("1.6")]))
    }

    // MARK: - Session

    func request(_ id: Int?, _ method: String, _ params: [JSONValue] = []) -> JSONRPCRequest {
        JSONRPCRequest(id: id.map(JSONRPCID.int), method: method, params: .positional(params))
    }

    func errorCode(_ step: ElectrumSession.Step) -> Int? {
        switch step {
        case .respond(let r), .respondAndClose(let r):
            if case .failure(let e) = r.outcome { return e.code }
            return nil
        default: return nil
        }
    }

    @Test func versionMustComeFirst() {
        var session = ElectrumSession(serverSoftware: "sov 0.1")
        let step = session.receive(request(1, "server.ping"))
        guard case .respondAndClose(let response) = step else { Issue.record("\(step)"); return }
        #expect(response.id == .int(1))
        #expect(response.outcome == .failure(.badRequest("use server.version to identify client")))
        #expect(session.version == nil)
    }

    @Test func negotiatedSession() {
        var session = ElectrumSession(serverSoftware: "sov 0.1")
        #expect(session.receive(request(0, "server.version", [.string("Electrum 4.6"), .array([.string("1.4"), .string("1.6")])]))
                == .respond(JSONRPCResponse(id: .int(0), result: .array([.string("sov 0.1"), .string("1.6")]))))
        #expect(session.version == .v1_6 && session.clientName == "Electrum 4.6")
        // Only the first server.version is accepted; the connection stays.
        let again = session.receive(request(1, "server.version", [.string("Electrum"), .string("1.4")]))
        #expect(again == .respond(JSONRPCResponse(id: .int(1), error: .badRequest("server.version already sent"))))
        #expect(session.version == .v1_6)
        // 1.6 methods, and 1.6 shapes.
        #expect(session.receive(request(2, "mempool.get_info")) == .execute(id: .int(2), call: .mempoolGetInfo))
        #expect(session.receive(request(3, "blockchain.block.headers", [.int(0), .int(2)]))
                == .execute(id: .int(3), call: .blockHeaders(startHeight: 0, count: 2, checkpointHeight: 0, shape: .list)))
        #expect(errorCode(session.receive(request(4, "blockchain.relayfee"))) == -32601)
        // A notification that fails gets no answer; an unknown method as a request does.
        #expect(session.receive(request(nil, "no.such.method")) == .ignore)
        #expect(errorCode(session.receive(request(5, "no.such.method"))) == -32601)
    }

    @Test func olderVersionSession() {
        var session = ElectrumSession(serverSoftware: "sov")
        _ = session.receive(request(0, "server.version", [.string("old"), .string("1.4")]))
        #expect(session.version == .v1_4)
        #expect(session.receive(request(1, "blockchain.relayfee")) == .execute(id: .int(1), call: .relayFee))
        #expect(session.receive(request(2, "blockchain.block.headers", [.int(0), .int(2)]))
                == .execute(id: .int(2), call: .blockHeaders(startHeight: 0, count: 2, checkpointHeight: 0, shape: .concatenatedHex)))
        #expect(errorCode(session.receive(request(3, "mempool.get_info"))) == -32601)
        #expect(errorCode(session.receive(request(4, "blockchain.transaction.broadcast_package", [.array([.string("00")])]))) == -32601)
        #expect(errorCode(session.receive(request(5, "blockchain.scripthash.unsubscribe", [.string(String(repeating: "0", count: 64))]))) == -32601)
        // estimatefee has no mode before 1.6.
        #expect(errorCode(session.receive(request(6, "blockchain.estimatefee", [.int(2), .string("ECONOMICAL")]))) == -32602)
        #expect(session.receive(request(7, "blockchain.estimatefee", [.int(2)])) == .execute(id: .int(7), call: .estimateFee(blocks: 2, mode: nil)))
    }

    @Test func unsupportedVersionCloses() {
        var session = ElectrumSession(serverSoftware: "sov")
        let step = session.receive(request(0, "server.version", [.string("future"), .string("1.7")]))
        guard case .respondAndClose(let r) = step, case .failure(let e) = r.outcome else { Issue.record("\(step)"); return }
        #expect(e.code == 1)
        #expect(session.version == nil)
    }

    @Test func serverVersionArguments() {
        func version(_ params: JSONRPCParams) -> ElectrumSession.Step {
            var session = ElectrumSession(serverSoftware: "sov")
            return session.receive(JSONRPCRequest(id: .int(0), method: "server.version", params: params))
        }
        func negotiated(_ params: JSONRPCParams) -> String? {
            guard case .respond(let r) = version(params), case .success(let result) = r.outcome else { return nil }
            return result[1]?.stringValue
        }
        #expect(negotiated(.none) == "1.4")  // defaults: client_name "", protocol_version "1.4"
        #expect(negotiated(.positional([.string("c")])) == "1.4")
        #expect(negotiated(.positional([.string("c"), .string("1.6"), .string("extension"), .int(5)])) == "1.6")
        #expect(negotiated(.named(JSONObject([("protocol_version", .array([.string("1.4"), .string("1.6")]))]))) == "1.6")
        #expect(negotiated(.named(JSONObject([("client_name", .string("c")), ("future_flag", .bool(true))]))) == "1.4")
        #expect(errorCode(version(.positional([.int(5), .string("1.6")]))) == 1)
    }

    @Test func lenientSessionServesBeforeNegotiationAtMinimum() {
        var session = ElectrumSession(serverSoftware: "sov", requireVersionFirst: false)
        #expect(session.receive(request(1, "blockchain.relayfee")) == .execute(id: .int(1), call: .relayFee))
        #expect(errorCode(session.receive(request(2, "mempool.get_info"))) == -32601)
        _ = session.receive(request(3, "server.version", [.string("late"), .string("1.6")]))
        #expect(session.version == .v1_6)
    }

    @Test func sessionLines() {
        var session = ElectrumSession(serverSoftware: "sov")
        let first = session.receive(line: Array(#"{"jsonrpc":"2.0","id":0,"method":"server.version","params":["e","1.6"]}"#.utf8))
        #expect(!first.isBatch && first.steps.count == 1)
        let batch = session.receive(line: Array(#"[{"jsonrpc":"2.0","id":1,"method":"server.ping"},{"jsonrpc":"2.0","id":2,"method":"server.banner","params":[1]},7]"#.utf8))
        #expect(batch.isBatch)
        #expect(batch.steps.count == 3)
        #expect(batch.steps[0] == .execute(id: .int(1), call: .serverPing))
        #expect(errorCode(batch.steps[1]) == -32602)
        #expect(errorCode(batch.steps[2]) == -32600)
        let broken = session.receive(line: Array("{oops".utf8))
        #expect(errorCode(broken.steps[0]) == -32700)
        // A response from the client is not answered.
        #expect(session.receive(line: Array(#"{"jsonrpc":"2.0","result":null,"id":1}"#.utf8)).steps == [.ignore])
    }
}
