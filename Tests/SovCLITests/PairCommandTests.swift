import Foundation
import SovJSON
import SovTestSupport
import Testing

/// `sov pair` against a running `sov serve` bound to every interface, reached from this machine's own
/// network address so that the server sees a remote client (not loopback): the code and strings it
/// prints, enrolment tokens redeemed over sockets, and the pairing window.
@Suite(.serialized, .needsSharedData) struct PairCommandTests {
    /// A server on 0.0.0.0 over the fixture chain, and the options that make `sov pair` describe it.
    final class Server {
        let process: SovServeProcess
        let dataDir: URL
        let tcpPort: UInt16
        let tlsPort: UInt16

        init() async throws {
            dataDir = try Fixtures.temporaryDirectory()
            process = try await SovServeProcess(["--network", "regtest", "--data-dir", dataDir.path,
                                                 "--blocks-dir", SharedData.path("fixtures/regtest/blocks"), "--no-node"], bind: "0.0.0.0")
            tcpPort = try #require(process.tcpAddress.flatMap { UInt16($0.split(separator: ":").last!) })
            tlsPort = try #require(process.tlsAddress.flatMap { UInt16($0.split(separator: ":").last!) })
        }

        deinit {
            _ = process.stop()
            try? FileManager.default.removeItem(at: dataDir)
        }

        var options: [String] {
            ["--network", "regtest", "--data-dir", dataDir.path, "--tcp", "0.0.0.0:\(tcpPort)", "--tls", "0.0.0.0:\(tlsPort)"]
        }

        func pair(_ arguments: [String], input: String? = nil) async throws -> SovResult {
            try await SovProcess.run(["pair"] + arguments + options, input: input.map { Data($0.utf8) })
        }

        /// `sov pair --json`'s object, and the LAN address it offers (nil when this machine has none).
        func description() async throws -> (JSONValue, String?) {
            let result = try await pair(["--json"])
            try #require(result.status == 0, "\(result.stderr)")
            let json = try JSONParser.parse(result.stdout)
            let host = json["offers"]?.arrayValue?.first { $0["loopback_only"]?.boolValue == false }?["host"]?.stringValue
            return (json, host)
        }
    }

    @Test func codeCarriesTheConnectionStringAndTheServersCertificate() async throws {
        let server = try await Server()
        let (json, lan) = try await server.description()
        guard let lan else {
            print("SKIPPED: this machine has no network address besides loopback; sov pair has nothing to offer a phone")
            return
        }
        let connection = "\(lan):\(server.tlsPort):s"
        #expect(json["connection"]?.stringValue == connection)
        #expect(json["qr"]?.stringValue == connection, "the code holds the legacy string wallets scan")
        let strings = json["offers"]?.arrayValue?.compactMap { $0["string"]?.stringValue } ?? []
        #expect(strings.contains("\(lan):\(server.tcpPort):t"))
        // The fingerprint is the certificate the running server presents (sov pair reads the same one).
        let printed = try #require(server.process.tlsFingerprint)
        #expect(json["tls_fingerprint"]?.stringValue == printed)
        let hex = printed.replacingOccurrences(of: ":", with: "").lowercased()
        #expect(json["tls_fingerprint_hex"]?.stringValue == hex)
        #expect(json["electrum_command"]?.stringValue == "electrum --regtest --oneserver --server \(connection) --serverfingerprint \(hex)")
        #expect(json["warnings"]?.arrayValue?.contains { $0.stringValue?.contains("refused until allowed") == true } == true,
                "the owner is told remote wallets need admitting")

        // The PNG decodes (zbarimg) to exactly the string.
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let png = directory.appendingPathComponent("pair.png").path
        let written = try await server.pair(["--format", "png", "--output", png, "--json"])
        #expect(written.status == 0, "\(written.stderr)")
        if let zbarimg = ExternalTool.find("zbarimg", package: "zbar-tools") {
            let decoded = try await zbarimg.run(["--raw", "-q", png])
            #expect(decoded.text.trimmingCharacters(in: .newlines) == connection)
        }
        let svg = directory.appendingPathComponent("pair.svg").path
        #expect(try await server.pair(["--format", "svg", "--output", svg]).status == 0)
        #expect(try String(contentsOfFile: svg, encoding: .utf8).hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        // An image to a pipe is the image alone; to a terminal it is refused; unknown values are usage errors.
        let piped = try await server.pair(["--format", "png", "--output", "-"])
        #expect(piped.status == 0 && piped.stdout.utf8.starts(with: [0xEF, 0xBF, 0xBD, 0x50, 0x4E, 0x47]), "PNG signature on stdout")
        #expect(try await server.pair(["--format", "png"]).status == 64)
        #expect(try await server.pair(["--level", "X"]).status == 64)
        #expect(try await server.pair(["--window", "soon"]).status == 64)
        #expect(try await server.pair(["--device", "no spaces"]).status == 64)

        // A server on loopback only: said plainly.
        let local = try await SovProcess.run(["pair", "--network", "regtest", "--data-dir", server.dataDir.path, "--tls", "127.0.0.1:\(server.tlsPort)"])
        #expect(local.status == 0)
        #expect(local.stdout.contains("127.0.0.1:\(server.tlsPort):s"))
        // Off a terminal the warnings are in the JSON (stdout is a pipe here).
        let warnings = try JSONParser.parse(local.stdout)["warnings"]?.arrayValue ?? []
        #expect(warnings.contains { $0.stringValue?.contains("listens only on this machine") == true }, "\(local.stdout)")
    }

    @Test func enrolmentTokenIsRedeemedOnceAndRevocationShutsTheDeviceOut() async throws {
        let server = try await Server()
        guard let lan = try await server.description().1 else {
            print("SKIPPED: this machine has no network address besides loopback: a remote device cannot be simulated")
            return
        }
        let wallets = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: wallets) }
        func sov(_ arguments: [String], input: String? = nil) async throws -> SovResult {
            try await TxCommandTests.sov(arguments, dataDir: wallets, input: input)
        }
        let created = try await sov(["wallet", "create", "phone", "--mnemonic-stdin", "--type", "wpkh"], input: try WalletCommandTests.mnemonic.get())
        try #require(created.status == 0, "\(created.stderr)")
        // Before pairing, the server refuses the wallet: it connects from a network address, not loopback.
        let refused = try await sov(["wallet", "sync", "-w", "phone", "--server", "\(lan):\(server.tcpPort):t"])
        #expect(refused.status != 0, "a remote wallet without a credential is refused")

        func uri(_ extra: [String]) async throws -> String {
            let result = try await server.pair(["--uri", "--json"] + extra)
            try #require(result.status == 0, "\(result.stderr)")
            return try #require(try JSONParser.parse(result.stdout)["uri"]?.stringValue)
        }
        let code = try await uri(["--device", "phone-1"])
        #expect(code.hasPrefix("sov:pair?v=1&e=\(lan):\(server.tlsPort):s&fp="))
        #expect(code.contains("&net=regtest"))
        let connected = try await sov(["wallet", "connect", "-w", "phone", code, "--json"])
        #expect(connected.status == 0, "\(connected.stderr)")
        #expect(try JSONParser.parse(connected.stdout)["device"]?.stringValue == "phone-1")
        // Single use.
        let again = try await sov(["wallet", "connect", "-w", "phone", code])
        #expect(again.status == 77)
        #expect(again.stderr.contains("already used"), "\(again.stderr)")
        // Forged: a well-formed token the server never issued.
        let forged = code.replacingOccurrences(of: #"tk=[^&]+"#, with: "tk=sov_\(String(repeating: "A", count: 43))", options: .regularExpression)
        let forgedResult = try await sov(["wallet", "connect", "-w", "phone", forged])
        #expect(forgedResult.status == 77)
        #expect(forgedResult.stderr.contains("unknown pairing token"), "\(forgedResult.stderr)")
        // Expired: the client says so itself; a client that ignores the time is refused by the server.
        let late = try await uri(["--device", "late", "--expires", "1s"])
        try await Task.sleep(for: .milliseconds(2_100))
        let expired = try await sov(["wallet", "connect", "-w", "phone", late])
        #expect(expired.status == 65, "\(expired.stderr)")
        let lying = late.replacingOccurrences(of: #"exp=[0-9]+"#, with: "exp=4000000000", options: .regularExpression)
        let lyingResult = try await sov(["wallet", "connect", "-w", "phone", lying])
        #expect(lyingResult.status == 77)
        #expect(lyingResult.stderr.contains("expired"), "\(lyingResult.stderr)")

        // The issued credential admits the device: the wallet syncs from the paired server with no --server.
        let synced = try await sov(["wallet", "sync", "-w", "phone", "--json"])
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(try JSONParser.parse(synced.stdout)["server"]?.stringValue == "\(lan):\(server.tlsPort):s")
        let info = try JSONParser.parse(try await sov(["wallet", "info", "-w", "phone", "--json"]).stdout)
        #expect(info["trust"]?["paired"]?["device"]?.stringValue == "phone-1")
        #expect(info["trust"]?["own_server"]?.boolValue == true)

        // The owner sees it, and revoking it shuts the device out from its next connection.
        let listed = try await SovProcess.run(["serve", "auth", "list", "--json", "--network", "regtest", "--data-dir", server.dataDir.path])
        let entries = try #require(try JSONParser.parse(listed.stdout).arrayValue)
        #expect(entries.contains { $0["name"]?.stringValue == "phone-1" && $0["kind"]?.stringValue == "token" && $0["revoked"]?.isNull == true })
        #expect(entries.contains { $0["name"]?.stringValue == "phone-1" && $0["kind"]?.stringValue == "enrolment" && $0["revoked"]?.isNull == false })
        let stored = try String(contentsOfFile: server.dataDir.path + "/serve/credentials.json", encoding: .utf8)
        #expect(!stored.contains("sov_"), "only hashes of tokens are stored")
        let revoked = try await SovProcess.run(["serve", "auth", "revoke", "phone-1", "--network", "regtest", "--data-dir", server.dataDir.path])
        #expect(revoked.status == 0)
        let shutOut = try await sov(["wallet", "sync", "-w", "phone"])
        #expect(shutOut.status == 77, "\(shutOut.stderr)")
        #expect(shutOut.stderr.contains("refused this wallet's device 'phone-1'"), "\(shutOut.stderr)")
    }

    @Test func pairingWindowAdmitsTheAddressTheOwnerConfirms() async throws {
        let server = try await Server()
        guard let lan = try await server.description().1 else {
            print("SKIPPED: this machine has no network address besides loopback: a remote device cannot be simulated")
            return
        }
        let port = server.tcpPort
        let hello = #"{"id":1,"method":"server.version","params":["electrum","1.4"]}"#
        // No window: refused.
        let before = try await offThePool { try LineSocket(host: lan, port: port).ask(hello) }
        #expect(before["error"]?["message"]?.stringValue?.contains("sov serve auth") == true, "\(before.compact)")

        let window = try PairWindowProcess(arguments: ["pair", "--window", "30s", "--device", "laptop", "--json"] + server.options)
        defer { window.stop() }
        try await window.waitForLine { $0.contains("\"connection\"") }
        let held = try await offThePool { try LineSocket(host: lan, port: port).ask(hello) }
        #expect(held["error"]?["message"]?.stringValue?.contains("waits for the owner's confirmation") == true, "\(held.compact)")
        let waiting = try await window.waitForLine { $0.contains("\"waiting\"") }
        #expect(waiting.contains("\"address\":\"\(lan)\""), "\(waiting)")
        window.answer("y\n")
        let allowed = try await window.waitForLine { $0.contains("\"allowed\"") }
        #expect(allowed.contains("\"device\":\"laptop\""))
        #expect(await window.exitStatus() == 0)
        // The wallet's next attempt is served.
        let after = try await offThePool { try LineSocket(host: lan, port: port).ask(hello) }
        #expect(after["result"]?[0]?.stringValue?.hasPrefix("sov ") == true, "\(after.compact)")
        #expect(!FileManager.default.fileExists(atPath: server.dataDir.path + "/serve/pairing-window.json"), "the window is closed")

        // A window nobody answers ends with 75 and admits nobody new.
        let unanswered = try await server.pair(["--window", "1s", "--device", "nobody"])
        #expect(unanswered.status == 75, "\(unanswered.stderr)")
    }
}

/// `sov pair --window` running in the background, its output read as it comes and its question answered.
final class PairWindowProcess: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let outputURL: URL

    init(arguments: [String]) throws {
        guard let executable = SovProcess.executable else { throw FixtureError("sov executable not found") }
        outputURL = try Fixtures.temporaryDirectory().appendingPathComponent("out")
        try Data().write(to: outputURL)
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits (up to 30 s) for an output line that matches.
    @discardableResult
    func waitForLine(_ matches: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = String(decoding: (try? Data(contentsOf: outputURL)) ?? Data(), as: UTF8.self)
            if let line = text.split(separator: "\n").map(String.init).first(where: matches) { return line }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FixtureError("sov pair printed no such line; it printed:\n\(String(decoding: (try? Data(contentsOf: outputURL)) ?? Data(), as: UTF8.self))")
    }

    func answer(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

    func exitStatus() async -> Int32 {
        await process.exited()
        return process.terminationStatus
    }

    func stop() {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: outputURL.deletingLastPathComponent())
    }
}
