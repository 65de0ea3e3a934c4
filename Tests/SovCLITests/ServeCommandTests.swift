import Foundation
import SovJSON
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
