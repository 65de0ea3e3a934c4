import Foundation
import SovJSON
import SovTestSupport
import Testing

/// `sov serve`'s configuration and `sov serve auth`, as a user runs them.
@Suite struct ServeCommandTests {
    @Test func printConfigShowsEachValueAndItsSource() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("sov.toml")
        try """
            [listen]
            tcp = ["127.0.0.1:51001"]

            [limits]
            max_batch = 50
            history_limit = 1234
            """.write(to: file, atomically: true, encoding: .utf8)
        let result = try await SovProcess.run(["serve", "--network", "regtest", "--data-dir", directory.path, "--config", file.path,
                                         "--set", "limits.history_limit=999", "--print-config"],
                                        environment: ["SOV_MAX_BATCH": "60", "SOV_TLS": "127.0.0.1:51002"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdoutLines
        func line(_ prefix: String) -> String? { lines.first { $0.hasPrefix(prefix) } }
        #expect(line("tcp = ")?.contains(#"["127.0.0.1:51001"]"#) == true && line("tcp = ")?.contains("# file") == true)
        #expect(line("tls = ")?.contains(#"["127.0.0.1:51002"]"#) == true && line("tls = ")?.contains("env SOV_TLS") == true)
        #expect(line("max_batch = 60") != nil && line("max_batch = ")?.contains("env SOV_MAX_BATCH") == true)
        #expect(line("history_limit = 999") != nil && line("history_limit = ")?.contains("flag") == true)
        #expect(line("network = \"regtest\"")?.contains("flag --network") == true)
    }

    /// Issue 13: the TOML name spelled as a variable is read too, and a variable sov does not read is named.
    @Test func environmentNamesAreReadOrReported() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await SovProcess.run(["serve", "--network", "regtest", "--data-dir", directory.path, "--print-config"],
                                              environment: ["SOV_LIMITS_MAX_BATCH": "70", "SOV_LIMTS_HISTORY_LIMIT": "5"])
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stdoutLines.first { $0.hasPrefix("max_batch = ") }
        #expect(line?.hasPrefix("max_batch = 70") == true && line?.contains("env SOV_LIMITS_MAX_BATCH") == true, "\(line ?? "")")
        #expect(result.stderrLines.contains("sov: SOV_LIMTS_HISTORY_LIMIT is not a variable sov reads; it is ignored (did you mean SOV_HISTORY_LIMIT?)"),
                "\(result.stderr)")
    }

    /// Issue 13: one batch limit, the configured one (there was a second, undocumented one of 500).
    @Test(.needsSharedData) func configuredBatchLimitIsTheOnlyOne() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await SovServeProcess(["--network", "regtest", "--data-dir", directory.path, "--blocks-dir",
                                                SharedData.path("fixtures/regtest/blocks"), "--no-node", "--status", "", "--set", "limits.max_batch=700"])
        defer { _ = server.stop() }
        let port = try #require(server.tcpAddress?.split(separator: ":").last.flatMap { UInt16($0) })
        let socket = try LineSocket(port: port)
        _ = try socket.ask(#"{"id":0,"method":"server.version","params":["t","1.4"]}"#)
        func batch(_ count: Int) -> String { "[" + (1...count).map { #"{"id":\#($0),"method":"server.ping","params":[]}"# }.joined(separator: ",") + "]" }
        let answers = try socket.ask(batch(600))
        #expect(answers.arrayValue?.count == 600, "a batch of 600 under a limit of 700 is served")
        let refused = try socket.ask(batch(701))
        // (Each request of the refused batch gets the refusal, by its id.)
        #expect(refused.arrayValue?.count == 701 && refused[0]?["error"]?["message"]?.stringValue?.contains("larger than this server's limit of 700") == true,
                "\(refused.compact.prefix(300))")
    }

    @Test func badConfigurationIsOneLineAndUsageStatus() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.toml")
        try "[limits]\nmax_batch = \"many\"\n".write(to: file, atomically: true, encoding: .utf8)
        for arguments in [["--config", file.path], ["--tcp", "localhost"], ["--set", "limits.no_such=1"], ["--set", "nonsense"]] {
            let result = try await SovProcess.run(["serve", "--network", "regtest", "--data-dir", directory.path, "--print-config"] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderrLines.count == 1 && result.stderrLines.first?.hasPrefix("sov: ") == true, "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func credentialsAreIssuedListedAndRevoked() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let where_ = ["--network", "regtest", "--data-dir", directory.path]
        func auth(_ arguments: [String]) async throws -> SovResult {
            // The options work on either side of the subcommand's name.
            try await SovProcess.run(arguments.first == "list" ? ["serve", "auth"] + where_ + arguments : ["serve", "auth"] + arguments + where_)
        }
        let token = try await auth(["token", "laptop"])
        #expect(token.status == 0)
        #expect(token.stdout.hasPrefix("sov_") && token.stdoutLines.count == 1)
        let certificate = try await auth(["certificate", "phone", "--out", directory.path, "--json"])
        #expect(certificate.status == 0, "\(certificate.stderr)")
        let issued = try JSONParser.parse(certificate.stdout)
        #expect(FileManager.default.fileExists(atPath: issued["certificate"]!.stringValue!))
        #expect(try await auth(["allow-ip", "192.168.1.0/24"]).status == 0)
        let list = try JSONParser.parse(try await auth(["list", "--json"]).stdout).arrayValue ?? []
        #expect(Set(list.map { $0["kind"]!.stringValue! }) == ["token", "certificate", "ip"])
        #expect(list.allSatisfy { $0["revoked"] == .null })
        // The token itself is never stored.
        let stored = try String(contentsOfFile: directory.path + "/serve/credentials.json", encoding: .utf8)
        #expect(!stored.contains(token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(try await auth(["revoke", "laptop"]).status == 0)
        let after = try JSONParser.parse(try await auth(["list", "--json"]).stdout).arrayValue ?? []
        #expect(after.first { $0["name"]?.stringValue == "laptop" }?["revoked"] != .null)
        let unknown = try await auth(["revoke", "nobody"])
        #expect(unknown.status == 65 && unknown.stderrLines.count == 1)
    }
}
