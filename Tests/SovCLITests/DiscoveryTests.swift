import Foundation
import SovJSON
import SovTestSupport
import Testing

/// LAN discovery through a real Avahi (avahi-daemon): `sov serve` on every interface announces
/// `_electrum._tcp` and `_sov._tcp`; Avahi's own browser sees them, and `sov pair --discover` lists the
/// connection strings a wallet would use.
@Suite(.serialized, .needsSharedData) struct DiscoveryTests {
    @Test func servedListenersAreAnnouncedAndFound() async throws {
        guard let browse = ExternalTool.find("avahi-browse", package: "avahi-utils") else { return }
        let running = try await ExternalTool(path: "/usr/sbin/avahi-daemon").run(["-c"])
        guard running.status == 0 else {
            if SharedData.underCI { Issue.record("avahi-daemon is not running (.ci/setup starts it)") } else { print("SKIPPED: avahi-daemon is not running") }
            return
        }
        let dataDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDir) }
        let server = try await SovServeProcess(["--network", "regtest", "--data-dir", dataDir.path, "--blocks-dir",
                                                SharedData.path("fixtures/regtest/blocks"), "--no-node"], bind: "0.0.0.0")
        defer { _ = server.stop() }
        #expect(server.listening["mdns"]?.arrayValue?.compactMap(\.stringValue) == ["_electrum._tcp", "_sov._tcp"], "\(server.stderr)")
        let tcpPort = try #require(server.tcpAddress?.split(separator: ":").last.flatMap { Int($0) })
        let tlsPort = try #require(server.tlsAddress?.split(separator: ":").last.flatMap { Int($0) })
        let fingerprint = try #require(server.tlsFingerprint).replacingOccurrences(of: ":", with: "").lowercased()

        // Avahi's own browser: the TCP port under _electrum._tcp, with sov's TXT records.
        let seen = try await browse.run(["--resolve", "--parsable", "--terminate", "--no-db-lookup", "_electrum._tcp"])
        let ours = seen.text.split(separator: "\n").filter { $0.hasPrefix("=;") && $0.contains(";\(tcpPort);") }
        #expect(!ours.isEmpty, "avahi-browse did not see the announcement:\n\(seen.text)")
        #expect(ours.allSatisfy { $0.contains("\"fp=\(fingerprint.prefix(16))\"") && $0.contains("\"net=regtest\"") && $0.contains("\"s=\(tlsPort)\"") })

        // sov pair --discover: the connection strings. Avahi announces each service on each interface on its own
        // schedule (probing first), so on a loaded machine one of them may appear a moment after the others:
        // the discovery is asked again, up to 10 times a second apart, until the LAN address has both connection strings.
        var connections: Set<String> = []
        var lan: String?
        for attempt in 0..<10 {
            if attempt > 0 { try await Task.sleep(for: .seconds(1)) }
            let discovered = try await SovProcess.run(["pair", "--discover", "--json"])
            #expect(discovered.status == 0, "\(discovered.stderr)")
            let entries = try #require(try JSONParser.parse(discovered.stdout).arrayValue)
            connections = Set(entries.compactMap { $0["connection"]?.stringValue })
            lan = entries.first { $0["port"]?.intValue == tlsPort && $0["address"]?.stringValue?.contains(".") == true }?["address"]?.stringValue
            if let lan, connections.contains("\(lan):\(tlsPort):s"), connections.contains("\(lan):\(tcpPort):t") { break }
        }
        let address = try #require(lan, "\(connections)")
        #expect(connections.contains("\(address):\(tlsPort):s"), "\(connections)")
        #expect(connections.contains("\(address):\(tcpPort):t"), "\(connections)")

        // Withdrawn when the server stops.
        #expect(server.stop() == 0)
        // (Avahi sends goodbyes; caches drop the records a second after them, RFC 6762 §10.1.)
        var after = ""
        for _ in 0..<10 {
            try await Task.sleep(for: .seconds(1))
            after = try await browse.run(["--resolve", "--parsable", "--terminate", "--no-db-lookup", "_electrum._tcp"]).text
            if !after.split(separator: "\n").contains(where: { $0.hasPrefix("=;") && $0.contains(";\(tcpPort);") }) { break }
        }
        #expect(!after.split(separator: "\n").contains { $0.hasPrefix("=;") && $0.contains(";\(tcpPort);") }, "still announced:\n\(after)")
    }
}
