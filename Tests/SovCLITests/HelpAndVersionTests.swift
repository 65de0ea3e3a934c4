import Foundation
import Testing

/// `sov --version` and `sov help`.
@Suite struct HelpAndVersionTests {
    @Test func versionPrintsTheVersion() async throws {
        let run = try await SovProcess.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        let version = run.stdout.trimmingCharacters(in: .newlines)
        #expect(run.stdout == version + "\n", "one line")
        let parts = version.split(separator: ".")
        #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil }, "not a MAJOR.MINOR.PATCH version: \(version)")
        // The manual pages carry the same version in their footer.
        let page = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("man/sov.1"), encoding: .utf8)
        #expect(page.contains("\n.Os sov \(version)\n"), "man/sov.1 is for another version: \(GeneratedDocsTests.refresh)")
    }

    @Test func helpDecodeShowsTheDecodeHelp() async throws {
        let run = try await SovProcess.run(["help", "decode"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        #expect(run.stdout.contains("USAGE: sov decode"))
        for option in ["--network", "--lines", "-f <path>"] {
            #expect(run.stdout.contains(option), "sov help decode does not mention \(option)")
        }
        let direct = try await SovProcess.run(["decode", "--help"])
        #expect(direct.status == 0)
        #expect(direct.stdout == run.stdout, "sov help decode and sov decode --help differ")
    }

    /// Issue 13: `sov` alone asked for nothing, so it is a usage error (64) with the help on standard error
    /// and nothing on standard output; likewise a command group without its subcommand.
    @Test func bareSovAndBareGroupsAreUsageErrorsWithHelpOnStderr() async throws {
        let run = try await SovProcess.run([])
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("USAGE: sov <subcommand>"))
        #expect(run.stderr.contains("decode"))
        #expect(run.stderrLines.last == "sov: sov needs a subcommand (see 'sov --help')")
        for group in ["wallet", "tx", "node", "index", "service"] {
            let bare = try await SovProcess.run([group])
            #expect(bare.status == 64, "sov \(group)")
            #expect(bare.stdout.isEmpty && bare.stderrLines.last == "sov: sov \(group) needs a subcommand (see 'sov \(group) --help')", "\(bare.stderr)")
        }
        #expect(try await SovProcess.run(["--help"]).status == 0, "asking for help is not an error")
    }
}

/// Issue 13: help text is wrapped once, at the terminal's width: no paragraph line ends early when the next
/// word would have fit (the source's own line breaks used to be wrapped again, leaving ragged lines).
@Suite struct HelpWrappingTests {
    @Test(arguments: [["serve"], ["pair"], ["wallet"], ["wallet", "sync"], ["tx", "create"], ["index", "build"], ["node", "config"], ["status"]])
    func paragraphsAreWrappedOnce(command: [String]) async throws {
        for width in [80, 120] {
            let help = try await SovProcess.run(command + ["--help"], environment: ["COLUMNS": "\(width)"])
            #expect(help.status == 0)
            // The prose: the overview and the discussion, before USAGE. Paragraphs start at the margin; lists
            // and tables are indented and keep their own lines.
            let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                .prefix { !$0.hasPrefix("USAGE:") }
            for (line, next) in zip(lines, lines.dropFirst()) where !line.isEmpty && !next.isEmpty {
                guard !line.hasPrefix(" "), !next.hasPrefix(" "), !next.hasPrefix("- "), !line.hasSuffix(":"),
                      let word = next.split(separator: " ").first else { continue }
                // (ArgumentParser fills lines to one column short of the width.)
                #expect(line.count + 1 + word.count >= width,
                        "sov \(command.joined(separator: " ")) --help at \(width) columns: a line ends early:\n\(line)\n\(next)")
            }
        }
    }
}
