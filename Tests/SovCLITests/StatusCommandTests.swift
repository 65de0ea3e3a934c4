import Foundation
import SovJSON
import SovNodeDouble
import SovPrimitives
import SovTestSupport
import Testing

/// `sov status` and the status page of `sov serve`, over the fixture chain with the node double behind the
/// server: the values are the fixture's; the page, loaded in headless Chromium, shows the height and a QR
/// code that zbarimg reads back as the connection string.
@Suite(.serialized, .needsSharedData) struct StatusCommandTests {
    @Test func runningServerStatusAndPage() async throws {
        let fixture = try FixtureChain(name: "regtest")
        let node = try NodeDouble(fixture: fixture)
        defer { node.stop() }
        let scripts = try SharedData.json("fixtures/regtest/scripts.json")
        let tip = try #require(scripts["tip_height"]?.intValue)
        let dataDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDir) }
        let statusPort = try freeLoopbackPort()
        let common = ["--network", "regtest", "--data-dir", dataDir.path, "--node", node.url, "--node-datadir", node.datadir.path,
                      "--status", "127.0.0.1:\(statusPort)"]
        let server = try await SovServeProcess(common)
        #expect(server.listening["status"]?.stringValue == "http://127.0.0.1:\(statusPort)/")
        let listeners = ["--tcp", try #require(server.tcpAddress), "--tls", try #require(server.tlsAddress)]

        let result = try await SovProcess.run(["status", "--json"] + common + listeners)
        #expect(result.status == 0, "\(result.stderr)")
        let status = try JSONParser.parse(result.stdout)
        #expect(status["running"]?.boolValue == true)
        #expect(status["index"]?["height"]?.intValue == tip)
        // The tip's hash: the double256 of its header, in RPC byte order.
        let tipHash = Hex.encode(Hashes.hash256(Array(try #require(fixture.blocks.last).prefix(80))).reversed())
        #expect(status["index"]?["hash"]?.stringValue == tipHash)
        #expect(status["index"]?["lag"]?.intValue == 0)
        #expect(status["node"]?["blocks"]?.intValue == tip)
        #expect(status["node"]?["headers"]?.intValue == tip)
        // Core's recorded getnetworkinfo answer (its HTTP body), as the double replays it.
        let body = try #require(try SharedData.json("fixtures/regtest/rpc/getnetworkinfo.json")["body"]?.stringValue)
        let peers = try #require(try JSONParser.parse(body)["result"]?["connections"]?.intValue)
        #expect(status["node"]?["peers"]?.intValue == peers)
        #expect(status["connection"]?.stringValue == "\(try #require(server.tlsAddress)):s", "a loopback server offers its loopback address")
        #expect(status["tls_fingerprint"]?.stringValue == server.tlsFingerprint)
        #expect(status["connections"]?.intValue == 0)
        #expect(status["uptime"]?.intValue.map { $0 >= 0 } == true)

        // The page in a real browser.
        if let chromium = ExternalTool.find("chromium", package: "chromium") {
            let scratch = try Fixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: scratch) }
            let url = "http://127.0.0.1:\(statusPort)/"
            let flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(scratch.path)/profile"]
            let dom = try await chromium.run(flags + ["--dump-dom", url])
            #expect(dom.text.contains("<span id=\"height\">\(tip)</span>"), "the page shows the fixture's height")
            let screenshot = scratch.appendingPathComponent("status.png").path
            let shot = try await chromium.run(flags + ["--window-size=1100,900", "--screenshot=\(screenshot)", url])
            #expect(shot.status == 0, "\(shot.stderr.suffix(500))")
            if let zbarimg = ExternalTool.find("zbarimg", package: "zbar-tools") {
                let decoded = try await zbarimg.run(["--raw", "-q", screenshot])
                #expect(decoded.text.trimmingCharacters(in: .newlines) == status["connection"]?.stringValue, "the page's QR code, as a phone reads it")
            }
        }

        // Stopped: put together locally, and said so.
        #expect(server.stop() == 0)
        let stopped = try JSONParser.parse(try await SovProcess.run(["status", "--json"] + common + listeners).stdout)
        #expect(stopped["running"]?.boolValue == false)
        #expect(stopped["index"]?["height"]?.intValue == tip, "the index, read-only")
        #expect(stopped["node"]?["blocks"]?.intValue == tip)
        #expect(stopped["connection"]?.stringValue == status["connection"]?.stringValue)
    }

    /// `sov status --watch` on a terminal (a pty from `script`): the key p shows a sov:pair code with a
    /// single-use token and a countdown, any key hides it, q quits and gives the terminal back.
    @Test func watchShowsASecretCodeOnlyAfterAKeyPress() async throws {
        guard let script = ExternalTool.find("script", package: "bsdutils"), let executable = SovProcess.executable else { return }
        let dataDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDir) }
        let port = try freeLoopbackPort()
        // A status address nobody serves: the screen is put together locally (no other test's server answers).
        let nobody = try freeLoopbackPort()
        let common = ["--network", "regtest", "--data-dir", dataDir.path, "--tls", "127.0.0.1:\(port)", "--no-node", "--status", "127.0.0.1:\(nobody)"]
        let command = ([executable.path, "status", "--watch", "--interval", "0.5"] + common).joined(separator: " ")
        let keys = try dataDir.appendingPathComponent("keys.sh")
        try Data("sleep 1.5; printf p; sleep 1.5; printf x; sleep 1.5; printf q\n".utf8).write(to: keys)
        let sh = try #require(ExternalTool.find("sh", package: "dash"))
        let pressed = try await sh.run(["-c", "sh \(keys.path) | \(script.path) -qfc '\(command)' /dev/null"])
        #expect(pressed.status == 0, "\(pressed.stderr)")
        let screens = pressed.text.components(separatedBy: "\u{1B}[H\u{1B}[2J").filter { !$0.isEmpty }
        #expect(!(screens.first?.contains("sov:pair?") ?? true), "no secret before the key press")
        #expect(screens.contains { $0.contains("single-use pairing code:") && $0.contains("sov wallet connect WALLET 'sov:pair?v=1&e=127.0.0.1:\(port):s&fp=") })
        #expect(!(screens.last?.contains("sov:pair?") ?? true), "hidden again by the next key")
        // The token it showed is an enrolment of two minutes in the store.
        let listed = try JSONParser.parse(try await SovProcess.run(["serve", "auth", "list", "--json", "--network", "regtest", "--data-dir", dataDir.path]).stdout)
        let enrolment = try #require(listed.arrayValue?.first { $0["kind"]?.stringValue == "enrolment" })
        let formatter = ISO8601DateFormatter()
        let created = try #require(enrolment["created"]?.stringValue.flatMap(formatter.date(from:)))
        let expires = try #require(enrolment["expires"]?.stringValue.flatMap(formatter.date(from:)))
        #expect(expires.timeIntervalSince(created) == 120)
    }
}
