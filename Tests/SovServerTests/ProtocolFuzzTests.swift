import Foundation
import SovElectrum
import SovElectrumClient
import SovJSON
import SovServer
import SovTestSupport
import Testing

/// The protocol fuzzer: a live server (the node double behind it) gets every method of both protocol
/// generations with extreme and wrongly-typed values in every parameter position, odd `params` and `id`
/// shapes, and seeded random mutations of valid requests. Every request with an id must be answered with a
/// result or an error, the connection must stay open, and the server must go on serving others. Seeded and
/// bounded: the same lines every run.
@Suite(.serialized, .needsSharedData) struct ProtocolFuzzTests {
    /// JSON values chosen to break integer conversions, sums, type checks and hex decoding.
    static let extremes: [String] = [
        "-9223372036854775808", "9223372036854775807", "-9223372036854775809", "9223372036854775808",
        "18446744073709551615", "18446744073709551616", "4294967296", "4294967295", "2147483648", "2147483647",
        "9007199254740992", "9007199254740993", "1e308", "-1e308", "1e999", "1.5", "-0", "0", "-1", "1e3", "0.0",
        "123456789012345678901234567890",
        "null", "true", "false", "[]", "[[[[[[1]]]]]]", "{}", #"{"a":[1,{"b":null}]}"#,
        #""""#, #""x""#, #""0""#, #""ff""#, #""f""#, #""zz""#, #""-1""#,
        "\"" + String(repeating: "a", count: 64) + "\"", "\"" + String(repeating: "0", count: 63) + "\"",
        "\"" + String(repeating: "00", count: 5_000) + "\"", "\"" + String(repeating: "é", count: 300) + "\"",
        #"["00"]"#, #"["zz"]"#, "[" + Array(repeating: #""00""#, count: 300).joined(separator: ",") + "]",
        #""\u0000""#, #""1.4""#, #"["1.4","1.6"]"#, #"["1.6","1.4"]"#, #"["9.9"]"#,
    ]

    /// What a valid value of each kind looks like (a real script hash and txid of the fixture).
    static func valid(_ kind: ElectrumParameter.Kind, scriptHash: String, txid: String) -> String {
        switch kind {
        case .scriptHash: return "\"\(scriptHash)\""
        case .txid: return "\"\(txid)\""
        case .nonNegativeInteger: return "1"
        case .boolean: return "false"
        case .hex: return #""00""#
        case .hexList: return #"["00"]"#
        case .estimateMode: return "null"
        case .string: return #""fuzz""#
        case .protocolVersion: return #""1.4""#
        case .object: return "{}"
        }
    }

    @Test func everyMethodWithExtremeValuesAndMutations() async throws {
        let server = try await ServerHarness.start()
        defer { Task { await server.stop() } }
        let scripts = try ScriptRecord.scripts()
        let scriptHash = scripts[0].hash
        let txid = try #require(scripts[0].record["events"]?.arrayValue?.first?["txid"]?.stringValue)
        let table = ElectrumMethodTable()
        var random = SplitMix64(seed: 0x5eed_f00d)
        var requests = 0

        for version in ["1.4", "1.6"] {
            let connection = try await server.connection()
            var prober = LineProber(connection: connection)
            let hello = try await prober.exchange([#"{"jsonrpc":"2.0","id":"v","method":"server.version","params":["fuzz","\#(version)"]}"#])
            #expect(hello.count == 1, "server.version \(version) answered")

            // Every method (and a few that do not exist) × every position × every extreme, positional and named.
            var lines: [String] = []
            var nextID = 0
            func request(_ method: String, params: String, id: String? = nil) {
                nextID += 1
                lines.append(#"{"jsonrpc":"2.0","id":\#(id ?? String(nextID)),"method":"\#(method)","params":\#(params)}"#)
            }
            let methods = ElectrumMethod.allCases.map(\.rawValue) + ["blockchain.nothing", "", "server.authenticate"]
            for method in methods {
                let specs = table.specs.filter { $0.method.rawValue == method }
                let parameters = specs.max { $0.parameters.count < $1.parameters.count }?.parameters ?? []
                let good = parameters.map { Self.valid($0.kind, scriptHash: scriptHash, txid: txid) }
                for position in 0...parameters.count {
                    for value in Self.extremes {
                        var params = good
                        if position < params.count { params[position] = value } else { params.append(value) }
                        request(method, params: "[" + params.joined(separator: ",") + "]")
                        if position < parameters.count {
                            let named = parameters.indices.map { "\"\(parameters[$0].name)\":\($0 == position ? value : good[$0])" }
                            request(method, params: "{" + named.joined(separator: ",") + "}")
                        }
                    }
                }
                for params in ["5", #""x""#, "null", "true", "[]", "{}"] { request(method, params: params) }
            }
            requests += lines.count
            for chunk in stride(from: 0, to: lines.count, by: 250) {
                let part = Array(lines[chunk..<min(chunk + 250, lines.count)])
                let answers = try await prober.exchange(part)
                #expect(answers.count == part.count, "\(version): \(part.count) requests, \(answers.count) answers")
            }

            // Odd ids, batches, and random byte mutations of valid requests: each line followed by a ping,
            // and every line that comes back must be a well-formed answer or notification.
            let base = lines.filter { !$0.contains("\"" + String(repeating: "00", count: 100)) }
            for round in 0..<1_500 {
                var bytes = Array(base[Int(random.next() % UInt64(base.count))].utf8)
                let edits = 1 + Int(random.next() % 8)
                for _ in 0..<edits where !bytes.isEmpty {
                    let at = Int(random.next() % UInt64(bytes.count))
                    switch random.next() % 5 {
                    case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                    case 1: bytes.remove(at: at)
                    case 2:
                        let punctuation = Array(#"{}[]",:0-9e."#.utf8)
                        bytes.insert(punctuation[Int(random.next() % UInt64(punctuation.count))], at: at)
                    case 3: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 1 + Int(random.next() % 40))], at: at)
                    default: bytes[at] ^= 1 << UInt8(random.next() % 8)
                    }
                }
                bytes.removeAll { $0 == UInt8(ascii: "\n") }
                if round % 100 == 0 { bytes = Array(("[" + base.prefix(3).joined(separator: ",") + "]").utf8) }
                requests += 1
                _ = try await prober.exchange(bytes: bytes)
            }
            let odd = [#"{"jsonrpc":"2.0","id":{"a":1},"method":"server.ping"}"#, #"{"jsonrpc":"2.0","id":[1],"method":"server.ping"}"#,
                       #"{"jsonrpc":"2.0","id":1e400,"method":"server.ping"}"#, #"{"jsonrpc":"2.0","id":-9223372036854775809,"method":"server.ping"}"#,
                       "[]", "[1,2,3]", "{}", "null", "[[]]", String(repeating: "[", count: 600) + String(repeating: "]", count: 600)]
            for line in odd { _ = try await prober.exchange(bytes: Array(line.utf8)) }
            requests += odd.count
            #expect(prober.malformed.isEmpty, "\(version): answers that are not JSON-RPC: \(prober.malformed.prefix(3))")
            #expect(!prober.closed, "\(version): the server closed the connection")
            await connection.close()
        }
        // The server survived and serves a new client.
        let after = try await server.client()
        #expect(try await after.call("server.ping") == .null)
        #expect(try await after.call("blockchain.block.header", [.int(0)]).stringValue?.count == 160)
        await after.close()
        #expect(requests > 10_000, "\(requests) fuzzed requests")
    }
}

/// Sends lines and reads back their answers, checking the shape of everything that comes back.
struct LineProber {
    let connection: ElectrumConnection
    var malformed: [String] = []
    var closed = false
    private var pings = 0

    init(connection: ElectrumConnection) {
        self.connection = connection
    }

    /// Sends `lines` (each with an id) and returns the answers, until one per line has come or 30 s pass.
    mutating func exchange(_ lines: [String]) async throws -> [JSONValue] {
        try await connection.send(line: lines.joined(separator: "\n"))
        var answers: [JSONValue] = []
        while answers.count < lines.count {
            guard let line = try await connection.nextLine(timeout: .seconds(30)) else {
                closed = true
                break
            }
            for value in check(line) where value["method"] == nil { answers.append(value) }
        }
        return answers
    }

    /// Sends one (possibly broken) line, then a ping, and reads until the ping's answer; returns what came.
    mutating func exchange(bytes: [UInt8]) async throws -> [JSONValue] {
        pings += 1
        let marker = "ping-\(pings)"
        try await connection.send(bytes: bytes + Array("\n{\"jsonrpc\":\"2.0\",\"id\":\"\(marker)\",\"method\":\"server.ping\"}\n".utf8))
        var seen: [JSONValue] = []
        while true {
            guard let line = try await connection.nextLine(timeout: .seconds(30)) else {
                closed = true
                return seen
            }
            let values = check(line)
            seen += values
            if values.contains(where: { $0["id"]?.stringValue == marker }) { return seen }
        }
    }

    /// The JSON-RPC objects of one answer line (one, or a batch's array); anything else is recorded.
    private mutating func check(_ line: String) -> [JSONValue] {
        guard let value = try? JSONParser.parse(line) else {
            malformed.append(String(line.prefix(200)))
            return []
        }
        let objects = value.arrayValue ?? [value]
        for object in objects {
            let isAnswer = object["jsonrpc"]?.stringValue == "2.0" && (object["result"] != nil) != (object["error"] != nil) && object["id"] != nil
            let isNotification = object["method"] != nil && object["id"] == nil
            if !isAnswer && !isNotification { malformed.append(String(line.prefix(200))) }
        }
        return objects
    }
}
