import Foundation
import Testing
import SovTestSupport

/// The committed shell completions and manual pages are exactly what `sov generate-docs` writes now, and
/// they describe what the parser really accepts.
@Suite struct GeneratedDocsTests {
    static let refresh = "refresh them: swift run sov generate-docs --output . (at the repository root), then commit completions/ and man/"

    /// The files of `directory` (names only, sorted), or [] when it is missing.
    private func files(in directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func committedDocsEqualFreshOutput() async throws {
        let output = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let run = try await SovProcess.run(["generate-docs", "--output", output.path])
        #expect(run.status == 0, "sov generate-docs failed: \(run.stderr)")
        #expect(run.stderr.isEmpty)

        for folder in ["completions", "man"] {
            let fresh = files(in: output.appendingPathComponent(folder))
            let committed = files(in: Fixtures.repositoryRoot.appendingPathComponent(folder))
            #expect(!fresh.isEmpty, "generate-docs wrote nothing into \(folder)/")
            #expect(fresh == committed, "\(folder)/ holds \(committed) but the generator writes \(fresh): \(Self.refresh)")
            for name in fresh where committed.contains(name) {
                let new = try Data(contentsOf: output.appendingPathComponent(folder).appendingPathComponent(name))
                let old = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent(folder).appendingPathComponent(name))
                #expect(new == old, "\(folder)/\(name) is out of date: \(Self.refresh)")
            }
        }
    }

    @Test func generatorWritesTheExpectedFiles() async throws {
        let output = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try await SovProcess.run(["generate-docs", "--output", output.path])
        #expect(files(in: output.appendingPathComponent("completions")) == ["_sov", "sov.bash", "sov.fish"])
        let pages = files(in: output.appendingPathComponent("man"))
        #expect(pages.contains("sov.1"))
        #expect(pages.contains("sov-decode.1"))
        #expect(!pages.contains("sov-generate-docs.1"), "the hidden maintenance command has no page")
        #expect(!pages.contains("sov-help.1"))
    }

    @Test func generatorRemovesPagesOfVanishedCommands() async throws {
        let output = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let man = output.appendingPathComponent("man")
        try FileManager.default.createDirectory(at: man, withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: man.appendingPathComponent("sov-vanished.1"))
        try Data("other".utf8).write(to: man.appendingPathComponent("notes.txt"))
        _ = try await SovProcess.run(["generate-docs", "--output", output.path])
        let pages = files(in: man)
        #expect(!pages.contains("sov-vanished.1"))
        #expect(pages.contains("notes.txt"), "files that are not sov pages are left alone")
    }

    @Test func generateDocsIsHidden() async throws {
        let help = try await SovProcess.run(["--help"])
        #expect(help.status == 0)
        #expect(!help.stdout.contains("generate-docs"))
        for name in ["sov.bash", "_sov", "sov.fish"] {
            let script = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("completions/\(name)"), encoding: .utf8)
            #expect(!script.contains("generate-docs"), "completions/\(name) offers the hidden command")
            #expect(script.contains("decode"), "completions/\(name) lacks the decode subcommand")
        }
    }

    /// Every option `sov help X` lists appears in man/sov-X.1, and every subcommand `sov --help` lists
    /// has a page: the pages say what the parser accepts.
    @Test func pagesCoverEveryOptionOfHelp() async throws {
        let root = try await SovProcess.run(["--help"])
        let subcommands = section("SUBCOMMANDS", of: root.stdout).compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = line.split(separator: " ").first,
                  word.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else { return nil }
            return String(word)
        }
        #expect(subcommands.contains("decode"))
        for subcommand in subcommands where subcommand != "help" {
            let pageURL = Fixtures.repositoryRoot.appendingPathComponent("man/sov-\(subcommand).1")
            guard let page = try? String(contentsOf: pageURL, encoding: .utf8) else {
                Issue.record("man/sov-\(subcommand).1 is missing: \(Self.refresh)")
                continue
            }
            let help = try await SovProcess.run(["help", subcommand])
            for spelling in optionSpellings(section("OPTIONS", of: help.stdout)) {
                let mdoc = "Fl " + String(spelling.dropFirst()).replacingOccurrences(of: "-", with: #"\-"#)
                #expect(page.contains(mdoc), "man/sov-\(subcommand).1 does not document \(spelling)")
            }
        }
    }

    /// The lines of a help screen's section (`OPTIONS:` up to the next blank-line-separated heading).
    private func section(_ title: String, of help: String) -> [String] {
        var lines: [String] = []
        var inside = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line == title + ":" { inside = true; continue }
            if inside, let first = line.first, !first.isWhitespace { break }
            if inside { lines.append(line) }
        }
        return lines
    }

    /// `-q`, `--quiet`… at the start of help entries (`  -q, --quiet   Print…`).
    private func optionSpellings(_ lines: [String]) -> [String] {
        lines.flatMap { line -> [String] in
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("-"), line.prefix(while: { $0 == " " }).count <= 4 else { return [] }
            var spellings: [String] = []
            for word in trimmed.split(separator: " ") {
                let cleaned = word.trimmingCharacters(in: CharacterSet(charactersIn: ","))
                if cleaned.hasPrefix("-") {
                    spellings.append(cleaned)
                } else if !cleaned.hasPrefix("<") {
                    break
                }
            }
            return spellings
        }
    }
}

/// Issue 13: the completion scripts complete paths where options take them and the kinds of `sov decode`,
/// and each script is valid for its shell.
@Suite struct CompletionScriptTests {
    static let completions = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("completions")

    @Test func pathsAndKindsAreCompleted() throws {
        let zsh = try String(contentsOf: Self.completions.appendingPathComponent("_sov"), encoding: .utf8)
        for option in ["--data-dir", "--blocks-dir", "--node-datadir"] {
            #expect(zsh.contains("'\(option)[") && zsh.split(separator: "\n").contains { $0.contains("'\(option)[") && $0.hasSuffix(":_files -/'") },
                    "zsh completes \(option) with directories")
        }
        for option in ["--tls-cert", "--tls-key", "--rpc-cookie"] {
            #expect(zsh.split(separator: "\n").contains { $0.contains("'\(option)[") && $0.contains(":_files") }, "zsh completes \(option) with files")
        }
        #expect(zsh.split(separator: "\n").contains { $0.contains("'-f[") && $0.contains(":_files") }, "sov decode -f completes files")
        #expect(zsh.contains("('tx' 'block' 'header' 'script' 'psbt' 'address' 'key' 'descriptor')"))
        let fish = try String(contentsOf: Self.completions.appendingPathComponent("sov.fish"), encoding: .utf8)
        #expect(fish.contains("'tx block header script psbt address key descriptor'"))
    }

    @Test func scriptsParse() async throws {
        let bash = try #require(ExternalTool.find("bash", package: "bash"))
        let checked = try await bash.run(["-n", Self.completions.appendingPathComponent("sov.bash").path])
        #expect(checked.status == 0, "\(checked.stderr)")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/zsh") {
            let zsh = try await ExternalTool(path: "/usr/bin/zsh").run(["-n", Self.completions.appendingPathComponent("_sov").path])
            #expect(zsh.status == 0, "\(zsh.stderr)")
        }
    }
}

/// Issue 13: each manual page's EXIT STATUS lists what that command documents, and what it really returns
/// for each kind of failure is among them.
@Suite(.needsSharedData) struct ManualExitStatusTests {
    static let man = CompletionScriptTests.completions.deletingLastPathComponent().appendingPathComponent("man")

    /// The statuses a page lists (`.It N` inside EXIT STATUS).
    static func listed(_ page: String) throws -> [Int] {
        let text = try String(contentsOf: man.appendingPathComponent(page + ".1"), encoding: .utf8)
        guard let start = text.range(of: ".Sh EXIT STATUS\n") else { return [] }
        let section = text[start.upperBound...].prefix { $0 != "\u{0}" }
        let body = section.range(of: "\n.Sh ").map { section[..<$0.lowerBound] } ?? section
        return body.split(separator: "\n").filter { $0.hasPrefix(".It ") }.compactMap { Int($0.dropFirst(4)) }
    }

    @Test func pagesListOnlyTheirOwnStatuses() throws {
        #expect(try Self.listed("sov-decode") == [0, 64, 65])
        #expect(try Self.listed("sov-serve") == [0, 64, 65, 69, 75])
        #expect(try Self.listed("sov-pair") == [0, 64, 65, 69, 73, 75])
        #expect(try Self.listed("sov-wallet-balance") == Self.listed("sov-wallet"), "wallet subcommands refer to sov wallet's list")
        #expect(try Self.listed("sov-node-status") == Self.listed("sov-node"), "node subcommands inherit sov node's list")
        let decode = try String(contentsOf: Self.man.appendingPathComponent("sov-decode.1"), encoding: .utf8)
        #expect(decode.contains("\\-\\-lines"), "decode documents its --lines statuses")
        for page in ["sov-serve", "sov-wallet", "sov-index-build", "sov-pair"] {
            let text = try String(contentsOf: Self.man.appendingPathComponent(page + ".1"), encoding: .utf8)
            let exitSection = text.components(separatedBy: ".Sh EXIT STATUS").last?.components(separatedBy: ".Sh ").first ?? ""
            #expect(!exitSection.contains("lines"), "\(page)'s EXIT STATUS is its own, not decode's --lines")
        }
    }

    @Test func observedStatusesAreDocumented() async throws {
        let scratch = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let data = ["--network", "regtest", "--data-dir", scratch.path]
        let cases: [(page: String, arguments: [String], status: Int32)] = [
            ("sov-decode", ["decode", "zz-not-hex"], 65),
            ("sov-decode", ["decode", "--bogus"], 64),
            ("sov-node-status", ["node", "status", "--node", "http://127.0.0.1:1", "--rpc-user", "u", "--rpc-password", "p", "--timeout", "1"], 69),
            ("sov-wallet-balance", ["wallet", "balance", "-w", "nosuch"] + data, 66),
            ("sov-wallet-connect", ["wallet", "connect", "not-a-uri"] + data, 65),
            ("sov-tx-finalize", ["tx", "finalize", "bm90IGEgcHNidA=="], 65),
            ("sov-pair", ["pair", "--level", "X"] + data, 64),
            ("sov-pair", ["pair", "--window", "1s", "--tls", "127.0.0.1:1"] + data, 75),
            ("sov-service-install", ["service", "install", "--user", "daemon", "--output", "/nonexistent/dir/x.service"], 73),
            ("sov-status", ["status", "--interval", "0"], 64),
            ("sov-index-status", ["index", "status", "--network", "regtest", "--data-dir", scratch.appendingPathComponent("none").path], 64),
        ]
        for (page, arguments, expected) in cases {
            let result = try await SovProcess.run(arguments)
            #expect(result.status == expected, "sov \(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(try Self.listed(page).contains(Int(result.status)), "\(page) does not list \(result.status), which sov \(arguments.prefix(2).joined(separator: " ")) returned")
        }
    }
}
