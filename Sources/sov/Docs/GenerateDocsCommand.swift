import ArgumentParser
import FoundationEssentials
import SovPrimitives

/// `sov generate-docs --output DIR`: a hidden maintenance command that writes the shell completions
/// (`completions/`) and manual pages (`man/`) generated from the command tree, so they stay true as
/// commands change. Run it at the repository root after changing any command; a test checks the committed
/// files match its output byte for byte.
struct GenerateDocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-docs",
        abstract: "Write shell completions and manual pages generated from the command tree.",
        discussion: reflowed("""
            Writes completions/sov.bash, completions/_sov (zsh), completions/sov.fish and man/sov.1 with one
            man/sov-SUBCOMMAND.1 per subcommand under the output directory, and removes manual pages of
            commands that no longer exist. At the repository root: swift run sov generate-docs --output .
            """),
        shouldDisplay: false
    )

    @Option(name: .long, help: ArgumentHelp("Directory to write completions/ and man/ into.", valueName: "dir"))
    var output: String

    func run() throws {
        let files = try GenerateDocsCommand.files()
        let root = URL(fileURLWithPath: output, isDirectory: true)
        let manager = FileManager.default
        for directory in Set(files.map { FilePaths.directory(of: $0.path) }) {
            try manager.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        let manDirectory = root.appendingPathComponent(GenerateDocsCommand.manDirectory)
        let generated = Set(files.map(\.path))
        for name in (try? manager.contentsOfDirectory(atPath: manDirectory.path)) ?? [] where ManualPage.isPageName(name) {
            let path = GenerateDocsCommand.manDirectory + "/" + name
            if !generated.contains(path) {
                try manager.removeItem(at: manDirectory.appendingPathComponent(name))
                Output.write("removed \(path)\n")
            }
        }
        for file in files {
            try Data(file.contents.utf8).write(to: root.appendingPathComponent(file.path), options: .atomic)
            Output.write("wrote \(file.path)\n")
        }
    }

    static let completionsDirectory = "completions"
    static let manDirectory = "man"

    /// Every generated file, as a path relative to the output directory and its contents.
    static func files() throws -> [(path: String, contents: String)] {
        var files: [(path: String, contents: String)] = [
            (completionsDirectory + "/sov.bash", Sov.completionScript(for: .bash)),
            (completionsDirectory + "/_sov", Sov.completionScript(for: .zsh)),
            (completionsDirectory + "/sov.fish", Sov.completionScript(for: .fish)),
        ]
        let tree = try CommandReference.tree(of: Sov.self)
        let globalOptions = try CommandReference.arguments(of: GlobalOptions.self)
        let commands = tree.documentedCommands
        for command in commands {
            let page = ManualPage(command: command, allPages: commands, tree: tree, globalOptions: globalOptions, version: Sov.version)
            files.append((manDirectory + "/" + page.fileName, page.source))
        }
        return files
    }
}
