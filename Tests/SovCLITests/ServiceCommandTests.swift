import Foundation
import SovTestSupport
import Testing

/// `sov service install`: the unit it writes is accepted by systemd's own checker (`systemd-analyze
/// verify`, with sov's man pages on MANPATH for its Documentation= line) and runs what the options say.
@Suite struct ServiceCommandTests {
    @Test func unitIsValidAndRunsTheServerAsTheUser() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let unit = directory.appendingPathComponent("sov-regtest.service").path
        let dataDir = directory.appendingPathComponent("data").path
        let result = try await SovProcess.run(["service", "install", "--network", "regtest", "--user", "daemon", "--data-dir", dataDir,
                                               "--tor", "--output", unit, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"commands\":[\"systemctl daemon-reload\",\"systemctl enable --now sov-regtest\""))
        let text = try String(contentsOfFile: unit, encoding: .utf8)
        let executable = try #require(SovProcess.executable).resolvingSymlinksInPath().path
        #expect(text.contains("\nExecStart=\(executable) serve --network regtest --data-dir \(dataDir) --tor\n"), "\(text)")
        #expect(text.contains("\nUser=daemon\n"))
        #expect(text.contains("\nReadWritePaths=\(dataDir)\n"))
        for hardening in ["NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=read-only", "PrivateTmp=yes", "CapabilityBoundingSet="] {
            #expect(text.contains("\n\(hardening)\n"), "missing \(hardening)")
        }
        #expect(text.contains("After=network-online.target bitcoind.service tor.service"))

        if let analyze = ExternalTool.find("systemd-analyze", package: "systemd") {
            // Documentation=man:sov-serve(1) is checked with man: point it at the repository's pages.
            let manpath = directory.appendingPathComponent("manpath")
            try FileManager.default.createDirectory(at: manpath, withIntermediateDirectories: true)
            let pages = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("man")
            try FileManager.default.createSymbolicLink(at: manpath.appendingPathComponent("man1"), withDestinationURL: pages)
            let verified = try await analyze.run(["verify", unit], environment: ["MANPATH": manpath.path])
            #expect(verified.status == 0, "systemd-analyze verify: \(verified.stderr)")
        }

        // Bad input: an unknown user, an unwritable place.
        #expect(try await SovProcess.run(["service", "install", "--user", "no-such-user-here", "--output", unit]).status == 64)
        #expect(try await SovProcess.run(["service", "install", "--user", "daemon", "--output", "/nonexistent/dir/sov.service"]).status == 73)
    }
}
