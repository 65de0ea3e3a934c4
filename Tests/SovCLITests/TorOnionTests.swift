import Foundation
import SovJSON
import SovPrimitives
@testable import SovServer
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

        /// `sov serve`'s (and `sov pair`'s) options for the fixture chain, without a node, publishing through this tor.
        func serveOptions(dataDir: URL) -> [String] {
            ["--network", "regtest", "--data-dir", dataDir.path, "--blocks-dir", SharedData.path("fixtures/regtest/blocks"), "--no-node",
             "--tor", "--set", "tor.control=\(control)", "--status", ""]
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
        let options = tor.serveOptions(dataDir: dataDir)

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

    /// One onion per device: `sov pair --onion` makes it through tor (with client authorization on request),
    /// the running server publishes it within a second, and `sov serve auth revoke` withdraws it (DEL_ONION)
    /// while the other device's stays. Tor itself is asked: adding a published service again is refused as
    /// a collision; once withdrawn, it can be added.
    @Test func deviceOnionsArePublishedAndWithdrawnOnRevoke() async throws {
        guard let tor = try TorProcess() else { return }
        try await tor.waitUntilReady()
        let dataDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDir) }
        let options = tor.serveOptions(dataDir: dataDir)
        let server = try await SovServeProcess(options)
        defer { _ = server.stop() }
        #expect(server.listening["onion_devices"]?.arrayValue?.isEmpty == true)
        let listeners = ["--tcp", try #require(server.tcpAddress), "--tls", try #require(server.tlsAddress)]
        let tlsPort = try #require(server.tlsAddress?.split(separator: ":").last.map(String.init))

        // Two devices: one with Tor client authorization, one without.
        let phone = try await SovProcess.run(["pair", "--onion", "--client-auth", "--device", "phone", "--json"] + options + listeners)
        #expect(phone.status == 0, "\(phone.stderr)")
        let phoneJSON = try JSONParser.parse(phone.stdout)
        let phoneAddress = try #require(phoneJSON["offers"]?[0]?["host"]?.stringValue)
        #expect(OnionAddress.isValid(phoneAddress) && phoneAddress != server.listening["onion"]?[0]?.stringValue?.split(separator: ":").first.map(String.init))
        #expect(phoneJSON["connection"]?.stringValue == "\(phoneAddress):\(tlsPort):s", "the code carries the device's onion")
        #expect(phoneJSON["offers"]?.arrayValue?.allSatisfy { $0["host"]?.stringValue == phoneAddress } == true)
        let authLine = try #require(phoneJSON["onion_client_auth"]?.stringValue)
        let authParts = authLine.split(separator: ":").map(String.init)
        #expect(authParts.count == 4 && authParts[0] == OnionAddress.serviceID(phoneAddress) && authParts[1] == "descriptor" && authParts[2] == "x25519"
                    && authParts[3].count == 52, "\(authLine)")
        let laptop = try await SovProcess.run(["pair", "--onion", "--device", "laptop", "--json"] + options + listeners)
        #expect(laptop.status == 0, "\(laptop.stderr)")
        let laptopJSON = try JSONParser.parse(laptop.stdout)
        let laptopAddress = try #require(laptopJSON["offers"]?[0]?["host"]?.stringValue)
        #expect(laptopJSON["onion_client_auth"]?.isNull == true)
        // The client authorization's line is shown once: never with the image on standard output, where it would be lost.
        let lost = try await SovProcess.run(["pair", "--onion", "--client-auth", "--device", "tablet", "--format", "svg", "--output", "-"] + options + listeners)
        #expect(lost.status == 64 && lost.stderrLines.count == 1, "\(lost.stderr)")
        // A taken name is refused before tor is asked.
        let again = try await SovProcess.run(["pair", "--onion", "--device", "phone", "--json"] + options + listeners)
        #expect(again.status == 65 && again.stderrLines.last?.contains("already exists") == true, "\(again.stderr)")

        let listed = try await SovProcess.run(["serve", "auth", "list", "--json"] + options)
        let entries = try JSONParser.parse(listed.stdout).arrayValue ?? []
        #expect(entries.map { [$0["name"]?.stringValue, $0["kind"]?.stringValue, $0["onion"]?.stringValue] }
                == [["phone", "onion", phoneAddress], ["laptop", "onion", laptopAddress]])
        #expect(entries.map { $0["client_auth"]?.boolValue } == [true, false])
        let serve = dataDir.path + "/serve"
        let phoneKey = try String(contentsOfFile: DeviceOnion.keyPath(address: phoneAddress, serveDirectory: serve), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let laptopKey = try String(contentsOfFile: DeviceOnion.keyPath(address: laptopAddress, serveDirectory: serve), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(phoneKey.hasPrefix("ED25519-V3:") && laptopKey.hasPrefix("ED25519-V3:"))
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: DeviceOnion.keyPath(address: phoneAddress, serveDirectory: serve))[.posixPermissions] as? Int)
        #expect(mode == 0o600)

        // Asked directly: is a service with this key published (by someone else)?
        let probe = try TorController(endpoint: tor.control)
        try probe.authenticate()
        func isPublished(_ key: String) throws -> Bool {
            let reply = try probe.command("ADD_ONION \(key) Port=1,127.0.0.1:1")
            if reply.code == 550, reply.lines.joined().contains("collision") { return true }
            #expect(reply.code == 250, "\(reply.lines)")
            if let id = reply.lines.first(where: { $0.hasPrefix("ServiceID=") })?.dropFirst("ServiceID=".count) {
                try probe.deleteOnion(serviceID: String(id))
            }
            return false
        }
        func waitFor(_ published: Bool, _ key: String) async throws -> Bool {
            for _ in 0..<40 {
                if try isPublished(key) == published { return true }
                try await Task.sleep(for: .milliseconds(500))
            }
            return false
        }
        #expect(try await waitFor(true, phoneKey), "the running server publishes a device onion issued after it started")
        #expect(try await waitFor(true, laptopKey))
        // The client authorization's private half is a key tor accepts for that address (the control port
        // takes it in Base64, the .auth_private file in Base32).
        let privateKey = try #require(Base32.decode(authParts[3]))
        let clientAuth = try probe.command("ONION_CLIENT_AUTH_ADD \(authParts[0]) x25519:\(Base64.encode(privateKey))")
        #expect(clientAuth.code == 250, "\(clientAuth.lines)")

        let revoked = try await SovProcess.run(["serve", "auth", "revoke", "phone"] + options)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(!FileManager.default.fileExists(atPath: DeviceOnion.keyPath(address: phoneAddress, serveDirectory: serve)), "the key goes with the device")
        #expect(try await waitFor(false, phoneKey), "revoking the device withdraws its onion from the running server")
        #expect(try isPublished(laptopKey), "the other device keeps its onion")
        let serverErrors = server.stderr
        #expect(serverErrors.contains("onion of device 'phone' withdrawn"), "\(serverErrors)")
        #expect(server.stop() == 0)
        probe.close()
        #expect(tor.stop())
    }

    @Test func unreachableTorIsOneLineAndStatus69() async throws {
        let dataDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDir) }
        let port = try freeLoopbackPort()
        let result = try await SovProcess.run(["serve", "--network", "regtest", "--data-dir", dataDir.path, "--blocks-dir",
                                               SharedData.path("fixtures/regtest/blocks"), "--no-node", "--tcp", "127.0.0.1:\(port)",
                                               "--status", "", "--tor", "--set", "tor.control=/nonexistent/tor-control", "--json"])
        #expect(result.status == 69)
        #expect(result.stderrLines.last?.hasPrefix("sov: tor: cannot reach tor's control port at /nonexistent/tor-control") == true, "\(result.stderr)")
    }

    /// A damaged onion key file is refused before tor is asked anything (its text would go into a control
    /// command), with exit 65 and the path; the file is left as it is, so the address can still be restored.
    @Test func damagedOnionKeyIsRefusedAndKept() async throws {
        let dataDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDir) }
        let torDirectory = dataDir.appendingPathComponent("serve/tor")
        try FileManager.default.createDirectory(at: torDirectory, withIntermediateDirectories: true)
        let keyFile = torDirectory.appendingPathComponent("onion_v3_key")
        let damaged = "ED25519-V3:abc\r\nSETCONF DisableNetwork=0\n"
        try damaged.write(to: keyFile, atomically: true, encoding: .utf8)
        let port = try freeLoopbackPort()
        let result = try await SovProcess.run(["serve", "--network", "regtest", "--data-dir", dataDir.path, "--blocks-dir",
                                               SharedData.path("fixtures/regtest/blocks"), "--no-node", "--tcp", "127.0.0.1:\(port)",
                                               "--status", "", "--tor", "--set", "tor.control=/nonexistent/tor-control", "--json"])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderrLines.last?.hasPrefix("sov: tor: \(keyFile.path): not an onion service key tor made") == true, "\(result.stderr)")
        #expect(try String(contentsOf: keyFile, encoding: .utf8) == damaged, "the key file is kept")
    }
}
