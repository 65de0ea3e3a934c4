import Foundation
import SovQR
import SovTestSupport
import Testing

/// sov's QR encoder against two independent implementations from Debian: `qrencode` (libqrencode 4.1, the
/// encoder most Linux tools use) must draw the same module matrix for the same payload and level, and
/// `zbarimg` (the ZBar decoder) must read sov's PNG back to the exact payload.
@Suite struct QRCodeTests {
    /// 240 payloads: every level, lengths from 1 byte to the largest version-40 symbol, sov pairing URIs and
    /// legacy `host:port:s` strings. Seed 0x51 makes them the same every run.
    static let payloads: [(String, QRErrorCorrectionLevel)] = {
        var random = SplitMix64(seed: 0x51)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 :/?&=._-+%#@!$*()[]{};,~'")
        func text(_ count: Int) -> String {
            String((0..<count).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
        }
        var result: [(String, QRErrorCorrectionLevel)] = []
        let lengths = [1, 2, 7, 10, 14, 16, 17, 20, 25, 26, 32, 34, 42, 53, 60, 62, 78, 84, 100, 106, 122, 134, 154,
                       180, 195, 213, 230, 271, 321, 367, 425, 458, 520, 586, 644, 718, 792, 858, 929, 1000]
        for level in QRErrorCorrectionLevel.allCases {
            for length in lengths { result.append((text(length), level)) }
        }
        // The largest symbols (versions 30–40), one level each.
        for (length, level) in [(1_800, QRErrorCorrectionLevel.low), (2_331, .medium), (1_663, .quartile), (1_273, .high), (2_953, .low)] {
            result.append((text(length), level))
        }
        // What `sov pair` puts in its codes: pairing URIs of 120–240 characters and legacy connection strings.
        for i in 0..<40 {
            let onion = String((0..<56).map { _ in Array("abcdefghijklmnopqrstuvwxyz234567")[Int(random.next() % 32)] })
            let token = String((0..<(16 + i)).map { _ in Array("0123456789abcdef")[Int(random.next() % 16)] })
            let fingerprint = String((0..<64).map { _ in Array("0123456789abcdef")[Int(random.next() % 16)] })
            let uri = "sov:pair?v=1&e=192.168.1.\(i + 2):50002:s&e=\(onion).onion:50001:t&fp=\(fingerprint)&tk=\(token)&exp=\(1_800_000_000 + i)&net=main&n=node\(i)"
            result.append((i % 2 == 0 ? uri : String(uri.prefix(120 + i)), QRErrorCorrectionLevel.allCases[i % 4]))
            result.append(("10.0.\(i).\(i * 3 % 255):5000\(i % 10):\(i % 2 == 0 ? "s" : "t")", QRErrorCorrectionLevel.allCases[(i + 1) % 4]))
        }
        return result
    }()

    @Test func payloadSetCoversWhatTheIssueAsks() throws {
        #expect(Self.payloads.count >= 200)
        let versions = Set(try Self.payloads.map { try QRCode(text: $0.0, level: $0.1).version })
        // Every version a 230-character pairing URI can need (about 9 at L to 14 at H) and more, up to 40.
        for version in 1...15 { #expect(versions.contains(version), "no payload gives version \(version)") }
        #expect(versions.contains(40))
    }

    @Test func matricesEqualQrencodes() async throws {
        guard let qrencode = ExternalTool.find("qrencode", package: "qrencode") else { return }
        var compared = 0
        // The payload goes on standard input: as an argument, one starting with "-" would be read as an option.
        for (payload, level) in Self.payloads {
            let ours = try QRCode(text: payload, level: level)
            let theirs = try await qrencode.run(["-8", "-l", level.rawValue, "-m", "0", "-t", "ASCII", "-o", "-"], input: Data(payload.utf8))
            #expect(theirs.status == 0, "qrencode failed: \(theirs.stderr)")
            let rows = theirs.text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
                stride(from: 0, to: line.utf8.count, by: 2).map { Array(line.utf8)[$0] == UInt8(ascii: "#") }
            }
            #expect(rows.count == ours.size, "version differs for \(payload.count) bytes at \(level): qrencode \(rows.count) modules, sov \(ours.size)")
            guard rows.count == ours.size else { continue }
            let matrix = (0..<ours.size).map { r in (0..<ours.size).map { c in ours[r, c] } }
            #expect(matrix == rows, "matrix differs from qrencode's for a \(payload.count)-byte payload at \(level) (sov: version \(ours.version), mask \(ours.mask))")
            compared += 1
        }
        #expect(compared == Self.payloads.count)
    }

    @Test func zbarDecodesEveryPNGToItsPayload() async throws {
        guard let zbarimg = ExternalTool.find("zbarimg", package: "zbar-tools") else { return }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sov-qr-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [String] = []
        for (i, (payload, level)) in Self.payloads.enumerated() {
            let code = try QRCode(text: payload, level: level)
            let file = directory.appendingPathComponent("\(i).png").path
            try Data(code.png(moduleSize: 3)).write(to: URL(fileURLWithPath: file))
            files.append(file)
        }
        // One zbarimg per file keeps each answer with its payload (zbarimg prints one line per symbol).
        for (file, (payload, level)) in zip(files, Self.payloads) {
            let result = try await zbarimg.run(["--raw", "-q", "-Sdisable", "-Sqrcode.enable", file])
            #expect(result.status == 0, "zbarimg found no code in the PNG of a \(payload.count)-byte payload at \(level): \(result.stderr)")
            var text = result.text
            if text.hasSuffix("\n") { text.removeLast() }
            #expect(text == payload, "zbarimg read something else from the \(payload.count)-byte payload at \(level)")
        }
    }

    @Test func textAndSVGDrawTheSameModules() throws {
        let code = try QRCode(text: "sov:pair?v=1&e=192.168.1.20:50002:s", level: .medium)
        // Half blocks: two module rows a line; quiet zone 4 (so an even count of rows).
        let lines = code.halfBlockText(quietZone: 4, ansiColors: false).split(separator: "\n" as Character).map { Array($0) }
        #expect(lines.count == (code.size + 8 + 1) / 2)
        for row in 0..<code.size {
            for column in 0..<code.size {
                let character = lines[(row + 4) / 2][column + 4]
                let top = (row + 4) % 2 == 0
                let dark = character == "█" || (top ? character == "▀" : character == "▄")
                #expect(dark == code[row, column], "text module \(row),\(column)")
            }
        }
        let colored = code.halfBlockText(quietZone: 4, ansiColors: true)
        #expect(colored.split(separator: "\n").allSatisfy { $0.hasPrefix("\u{1B}[30;107m") && $0.hasSuffix("\u{1B}[0m") },
                "every line is black on white, explicitly")
        // SVG: the path's runs, drawn back into a matrix.
        let svg = code.svg()
        let afterD = try #require(svg.range(of: " d=\""))
        let path = svg[afterD.upperBound...].prefix { $0 != "\"" }
        var dark = Set<Int>()
        for run in path.split(separator: "z") {
            let numbers = run.dropFirst().split(whereSeparator: { $0 == " " || $0 == "h" || $0 == "v" }).compactMap { Int($0) }
            for column in numbers[0]..<(numbers[0] + numbers[2]) { dark.insert((numbers[1] - 4) * code.size + column - 4) }
        }
        #expect(dark == Set(code.modules.indices.filter { code.modules[$0] }))
    }

    @Test func forcedMasksAndLimits() throws {
        let payload = "192.168.1.20:50002:s"
        let masks = try (0..<8).map { try QRCode(text: payload, level: .low, mask: $0) }
        #expect(masks.map(\.mask) == Array(0..<8))
        #expect(Set(masks.map(\.modules)).count == 8, "each mask draws a different symbol")
        let chosen = try QRCode(text: payload, level: .low)
        #expect(masks[chosen.mask] == chosen)
        #expect(try QRCode(text: String(repeating: "a", count: 2_953), level: .low).version == 40)
        #expect(throws: QRError.payloadTooLong(bytes: 2_954, capacity: 2_953, level: .low)) {
            try QRCode(text: String(repeating: "a", count: 2_954), level: .low)
        }
        #expect(throws: QRError.payloadTooLong(bytes: 1_274, capacity: 1_273, level: .high)) {
            try QRCode(text: String(repeating: "a", count: 1_274), level: .high)
        }
        #expect(throws: QRError.self) { try QRCode(text: "x", mask: 8) }
        #expect(try QRCode(text: "x", level: .high, minimumVersion: 5).version == 5)
    }
}
