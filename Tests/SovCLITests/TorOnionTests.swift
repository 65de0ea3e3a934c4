import Foundation
import SovJSON
import SovTestSupport
import Testing

/// `sov serve --tor` against a real tor (Debian's), started here with the network off (`DisableNetwork 1`)
/// and a control socket with cookie authentication: sov authenticates (SAFECOOKIE), creates the onion
/// service, keeps its key, and gets the same address back after a restart; `sov pair` offers it.
@Suite(.serialized, .needsSharedData) struct TorOnionTests {
    /// A tor process in a folder of its own; stopped on release.
    final class TorProcess {
        let directory: URL
        var daemon: Daemon!
        var control: String { directory.appendingPathComponent("control").path }

        init?() throws {
            guard let tor = ExternalTool.find("tor", package: "tor") else { return nil }
            // Short: the control socket's path must fit in sockaddr_un.
            directory = URL(fileURLWithPath: "/tmp/sov-tor-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("data"), withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
            let torrc = """
                DataDirectory \(directory.path)/data
                ControlSocket \(directory.path)/control
                CookieAuthentication 1
                CookieAuthFile \(directory.path)/control.authcookie
                DisableNetwork 1
                SocksPort 0
                Log notice file \(directory.path)/tor.log

                """
            try Data(torrc.utf8).write(to: directory.appendingPathComponent("torrc"))
            daemon = try Daemon(tor.path, ["-f", directory.appendingPathComponent("torrc").path])
        }

        func waitUntilReady() async throws {
            let deadline = Date().addingTimeInterval(30)
            while !FileManager.default.fileExists(atPath: control) {
                guard daemon.isRunning, Date() < deadline else {
                    let log = (try? String(contentsOf: directory.appendingPathComponent("tor.log"), encoding: .utf8)) ?? ""
                    throw FixtureError("tor did not open its control socket:\n\(log.suffix(2000))")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }

        /// Stops tor with SIGTERM (spawned with a clean signal mask, it sees it); whether that sufficed.
        func stop() -> Bool { daemon.stop(within: 15) }

        deinit {
            daemon.stop(within: 5)
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test func onionServiceKeepsItsAddressAcrossRestarts() async throws {
        guard let tor = try TorProcess() else { return }
        try await tor.waitUntilReady()
        let dataDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDir) }
        let options = ["--network", "regtest", "--data-dir", dataDir.path, "--blocks-dir", SharedData.path("fixtures/regtest/blocks"), "--no-node",
                       "--tor", "--set", "tor.control=\(tor.control)", "--status", ""]

        func onionOffers(_ server: SovServeProcess) -> [String] { server.listening["onion"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        let first = try await SovServeProcess(options)
        let offers = onionOffers(first)
        let tcpPort = try #require(first.tcpAddress?.split(separator: ":").last)
        let tlsPort = try #require(first.tlsAddress?.split(separator: ":").last)
        let address = try #require(offers.first?.split(separator: ":").first.map(String.init))
        #expect(address.count == 62 && address.hasSuffix(".onion"), "a v3 onion address: \(address)")
        #expect(Set(offers) == ["\(address):\(tlsPort):s", "\(address):\(tcpPort):t"], "both listeners, on their own port numbers")
        #expect(first.stop() == 0)

        let keyPath = dataDir.path + "/serve/tor/onion_v3_key"
        let key = try String(contentsOfFile: keyPath, encoding: .utf8)
        #expect(key.hasPrefix("ED25519-V3:"))
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int)
        #expect(mode == 0o600, "the onion key is private to its user")

        // The same address after a restart (the kept key), and sov pair offers it.
        let second = try await SovServeProcess(options)
        let again = onionOffers(second)
        #expect(again.first?.split(separator: ":").first.map(String.init) == address)
        let listeners = ["--tcp", try #require(second.tcpAddress), "--tls", try #require(second.tlsAddress)]
        let paired = try await SovProcess.run(["pair", "--json"] + options + listeners)
        #expect(paired.status == 0, "\(paired.stderr)")
        let strings = try JSONParser.parse(paired.stdout)["offers"]?.arrayValue?.compactMap { $0["string"]?.stringValue } ?? []
        // (The restarted server listens on other ports: SovServeProcess picks free ones.)
        let ports = listeners.compactMap { $0.split(separator: ":").last }.filter { Int($0) != nil }
        #expect(strings.contains("\(address):\(ports[1]):s") && strings.contains("\(address):\(ports[0]):t"), "\(strings)")
        #expect(second.stop() == 0)
        #expect(tor.stop(), "tor, spawned with a clean signal mask, stops on SIGTERM")
    }

    @Test func unreachableTorIsOneLineAndStatus69() async throws {
        let dataDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDir) }
        let port = try SovServeProcess.freeLoopbackPort()
        let result = try await SovProcess.run(["serve", "--network", "regtest", "--data-dir", dataDir.path, "--blocks-dir",
                                               SharedData.path("fixtures/regtest/blocks"), "--no-node", "--tcp", "127.0.0.1:\(port)",
                                               "--status", "", "--tor", "--set", "tor.control=/nonexistent/tor-control", "--json"])
        #expect(result.status == 69)
        #expect(result.stderrLines.last?.hasPrefix("sov: tor: cannot reach tor's control port at /nonexistent/tor-control") == true, "\(result.stderr)")
    }
}
