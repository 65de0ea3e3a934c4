import SovElectrum
import SovJSON
import SovPrimitives
import Testing

@Suite struct JSONRPCLineTests {
    let parser = JSONRPCLineParser()

    /// The error of a line that must come back as one error object.
    func lineError(_ line: String, _ parser: JSONRPCLineParser = JSONRPCLineParser()) -> (id: JSONRPCID, code: Int)? {
        let incoming = parser.parse(line: line)
        guard !incoming.isBatch, incoming.messages.count == 1, case .invalid(let id, let error) = incoming.messages[0] else { return nil }
        return (id, error.code)
    }

    @Test func malformedJSONIsParseError() {
        for line in ["", "{", "{\"id\":1,", "[1,2", "{\"a\" 1}", "nul", "{\"id\":1}x", "\u{1}", "{'id':1}"] {
            let failure = lineError(line)
            #expect(failure?.code == -32700, "\(line)")
            #expect(failure?.id == .null)
        }
        // Invalid UTF-8 is a parse error too.
        let incoming = parser.parse(line: [0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])
        guard case .invalid(_, let error) = incoming.messages.first else { Issue.record("not invalid"); return }
        #expect(error.code == -32700)
        // Nesting deeper than the JSON parser allows is refused, not a crash.
        #expect(lineError(String(repeating: "[", count: 5000))?.code == -32700)
    }

    @Test func nonObjectsAreInvalidRequests() {
        for line in ["1", "\"x\"", "null", "true", "[]"] {
            #expect(lineError(line)?.code == -32600, "\(line)")
        }
    }

    @Test func requestMembersAreChecked() {
        func single(_ line: String) -> JSONRPCMessage? { parser.parse(line: line).messages.first }
        // A method that is not a string: invalid request, answered to the id.
        #expect(single(#"{"jsonrpc":"2.0","id":7,"method":5}"#) == .invalid(id: .int(7), error: .invalidRequest("request method must be a string")))
        // An id of a type JSON-RPC does not allow: invalid request with a null id.
        for id in ["{}", "[1]", "true"] {
            guard case .invalid(let rid, let error)? = single(#"{"jsonrpc":"2.0","id":\#(id),"method":"server.ping"}"#) else {
                Issue.record("id \(id) accepted"); continue
            }
            #expect(rid == .null && error.code == -32600)
        }
        // Params that are neither array nor object: invalid params, answered to the id.
        for params in ["5", "\"abc\"", "true", "null"] {
            guard case .invalid(let rid, let error)? = single(#"{"id":"a","method":"server.ping","params":\#(params)}"#) else {
                Issue.record("params \(params) accepted"); continue
            }
            #expect(rid == .string("a") && error.code == -32602)
        }
        // A jsonrpc member other than "2.0".
        guard case .invalid(_, let error)? = single(#"{"jsonrpc":"1.0","id":1,"method":"server.ping"}"#) else { Issue.record("accepted"); return }
        #expect(error.code == -32600)
        // Neither a request nor a response.
        guard case .invalid(let rid, let neither)? = single(#"{"jsonrpc":"2.0","id":3}"#) else { Issue.record("accepted"); return }
        #expect(rid == .int(3) && neither.code == -32600)
    }

    @Test func requestsAndNotifications() {
        let request = parser.parse(line: #"{"jsonrpc":"2.0","id":0,"method":"server.version","params":["electrum","1.4"]}"# + "\n")
        #expect(request == JSONRPCIncoming(messages: [.request(JSONRPCRequest(id: .int(0), method: "server.version",
                                                                               params: .positional([.string("electrum"), .string("1.4")])))], isBatch: false))
        // No params member: no parameters. No jsonrpc member: accepted (aiorpcx's loose mode).
        #expect(parser.parse(line: #"{"id":"x","method":"server.ping"}"#).messages == [.request(JSONRPCRequest(id: .string("x"), method: "server.ping"))])
        // Named parameters, an explicit null id, and a notification without an id.
        let named = parser.parse(line: #"{"jsonrpc":"2.0","id":null,"method":"blockchain.block.header","params":{"height":5}}"#)
        #expect(named.messages == [.request(JSONRPCRequest(id: .null, method: "blockchain.block.header",
                                                           params: .named(JSONObject([("height", .int(5))]))))])
        let notification = parser.parse(line: #"{"jsonrpc":"2.0","method":"blockchain.headers.subscribe","params":[{"height":1,"hex":"00"}]}"# + "\r\n")
        guard case .request(let n)? = notification.messages.first else { Issue.record("not a request"); return }
        #expect(n.isNotification && n.id == nil)
        // A fractional id keeps its text.
        #expect(parser.parse(line: #"{"id":1.5,"method":"m"}"#).messages == [.request(JSONRPCRequest(id: .number("1.5"), method: "m"))])
    }

    @Test func batches() {
        let line = #"[{"jsonrpc":"2.0","id":1,"method":"server.ping"},5,{"jsonrpc":"2.0","method":"server.banner"},{"jsonrpc":"2.0","id":2,"method":[]}]"#
        let incoming = parser.parse(line: line)
        #expect(incoming.isBatch)
        #expect(incoming.messages == [
            .request(JSONRPCRequest(id: .int(1), method: "server.ping")),
            .invalid(id: .null, error: .invalidRequest("request object must be a dictionary")),
            .request(JSONRPCRequest(id: nil, method: "server.banner")),
            .invalid(id: .int(2), error: .invalidRequest("request method must be a string")),
        ])
        #expect(lineError("[]")?.code == -32600)
    }

    @Test func lineAndBatchLimits() {
        let small = JSONRPCLineParser(limits: JSONRPCLimits(maxLineBytes: 64, maxBatchCount: 3))
        let request = #"{"jsonrpc":"2.0","id":1,"method":"server.ping","params":[]}"#
        #expect(request.utf8.count <= 64)
        #expect(small.parse(line: request).messages.count == 1)
        // Exactly at the limit passes (the newline does not count); one byte over fails before parsing.
        let padded = #"{"jsonrpc":"2.0","id":1,"method":"server.ping","params":[]}"# + String(repeating: " ", count: 64 - request.utf8.count)
        #expect(padded.utf8.count == 64)
        guard case .request? = small.parse(line: padded + "\n").messages.first else { Issue.record("at-limit line refused"); return }
        #expect(lineError(padded + " ", small)?.code == -32600)
        #expect(lineError(String(repeating: "x", count: 100), small)?.code == -32600)
        // Batch count.
        let three = JSONRPCLineParser(limits: JSONRPCLimits(maxLineBytes: 10_000, maxBatchCount: 3))
        let item = #"{"id":1,"method":"server.ping"}"#
        #expect(three.parse(line: "[" + Array(repeating: item, count: 3).joined(separator: ",") + "]").messages.count == 3)
        let over = lineError("[" + Array(repeating: item, count: 4).joined(separator: ",") + "]", three)
        #expect(over?.code == -32600 && over?.id == .null)
    }

    @Test func responsesAreRead() {
        func single(_ line: String) -> JSONRPCMessage? { parser.parse(line: line).messages.first }
        #expect(single(#"{"jsonrpc":"2.0","result":["ElectrumX 1.16.0","1.4"],"id":0}"#)
                == .response(JSONRPCResponse(id: .int(0), result: .array([.string("ElectrumX 1.16.0"), .string("1.4")]))))
        #expect(single(#"{"jsonrpc":"2.0","error":{"code":1,"message":"bad"},"id":"q"}"#)
                == .response(JSONRPCResponse(id: .string("q"), error: .badRequest("bad"))))
        // A null result is a result.
        #expect(single(#"{"jsonrpc":"2.0","result":null,"id":4}"#) == .response(JSONRPCResponse(id: .int(4), result: .null)))
        // Both, an ill-formed error, or no id: invalid.
        for line in [#"{"jsonrpc":"2.0","result":1,"error":{"code":1,"message":"x"},"id":1}"#,
                     #"{"jsonrpc":"2.0","error":"boom","id":1}"#,
                     #"{"jsonrpc":"2.0","result":1}"#] {
            guard case .invalid(_, let error)? = single(line) else { Issue.record("accepted \(line)"); continue }
            #expect(error.code == -32600)
        }
    }

    @Test func writtenLines() {
        #expect(JSONRPCResponse(id: .int(0), result: .array([.string("sov 0.1"), .string("1.6")])).line
                == #"{"jsonrpc":"2.0","result":["sov 0.1","1.6"],"id":0}"# + "\n")
        #expect(JSONRPCResponse(id: .null, error: .parseError("cannot decode JSON")).line
                == #"{"jsonrpc":"2.0","error":{"code":-32700,"message":"cannot decode JSON"},"id":null}"# + "\n")
        #expect(JSONRPCResponse(id: .string("a"), result: .null).line == #"{"jsonrpc":"2.0","result":null,"id":"a"}"# + "\n")
        let notification = ElectrumResults.scriptHashNotification(ScriptHash(String(repeating: "ab", count: 32))!, status: nil)
        #expect(notification.line == #"{"jsonrpc":"2.0","method":"blockchain.scripthash.subscribe","params":[""#
                + String(repeating: "ab", count: 32) + #"",null]}"# + "\n")
        let header = ElectrumResults.headerNotification(height: 1, header: [0xab])
        #expect(header.line == #"{"jsonrpc":"2.0","method":"blockchain.headers.subscribe","params":[{"height":1,"hex":"ab"}]}"# + "\n")
        #expect(JSONRPCRequest(id: .int(3), method: "server.ping").line == #"{"jsonrpc":"2.0","method":"server.ping","params":[],"id":3}"# + "\n")
        let batch = JSONRPCResponse.batchLine([JSONRPCResponse(id: .int(1), result: .null), JSONRPCResponse(id: .int(2), error: .badRequest("no"))])
        #expect(batch == #"[{"jsonrpc":"2.0","result":null,"id":1},{"jsonrpc":"2.0","error":{"code":1,"message":"no"},"id":2}]"# + "\n")
        #expect(JSONRPCResponse.batchLine([]) == nil)
        // Every written line is one line: strings with newlines are escaped.
        let banner = JSONRPCResponse(id: .int(9), result: .string("line one\nline two")).line
        #expect(banner.filter { $0 == "\n" }.count == 1 && banner.hasSuffix("\n"))
        // And reads back as what was written.
        guard case .response(let back)? = parser.parse(line: banner).messages.first else { Issue.record("unreadable"); return }
        #expect(back == JSONRPCResponse(id: .int(9), result: .string("line one\nline two")))
    }

    @Test func aResultWrittenAheadMakesTheSameResponse() {
        // The server writes long results where they are computed and puts them in their envelope there.
        let results: [JSONValue] = [.null, .int(0), .string("a\"b\\c\n"), .array([]),
                                    .array((0..<3).map { .object(JSONObject([("tx_hash", .string(String(repeating: "ab", count: 32))), ("height", .int($0 - 1))])) })]
        for id in [JSONRPCID.int(7), .number("-1.5e3"), .string("id \"quoted\" \u{1}"), .null] {
            for result in results {
                #expect(JSONRPCResponse.objectText(id: id, resultText: result.compact) == JSONRPCResponse(id: id, result: result).json.compact)
            }
        }
    }
}

