import ArgumentParser
import SovJSON

/// A command of the `sov` tree with everything its manual page shows, read from ArgumentParser's own
/// description of the tree (the `--experimental-dump-help` JSON), so documentation cannot drift from the
/// parser: a subcommand added to `Sov.configuration.subcommands` appears here with all its arguments.
struct CommandReference {
    /// The words that invoke it, e.g. `["sov", "decode"]`.
    var path: [String]
    var abstract: String
    var discussion: String
    /// False for commands hidden from help (`shouldDisplay: false`).
    var isShown: Bool
    var arguments: [ArgumentReference]
    var subcommands: [CommandReference]

    /// Reads a ToolInfo `command` object; `parents` are the words of the commands above it.
    init(dump: JSONValue, parents: [String]) throws {
        guard let name = dump["commandName"]?.stringValue else {
            throw ValidationError("command description without a commandName")
        }
        path = parents + [name]
        abstract = dump["abstract"]?.stringValue ?? ""
        discussion = dump["discussion"]?.stringValue ?? ""
        isShown = dump["shouldDisplay"]?.boolValue ?? true
        arguments = (dump["arguments"]?.arrayValue ?? []).compactMap(ArgumentReference.init(dump:))
        let parentPath = path
        subcommands = try (dump["subcommands"]?.arrayValue ?? []).map { try CommandReference(dump: $0, parents: parentPath) }
    }

    /// The tree of a command type, e.g. `CommandReference.tree(of: Sov.self)`.
    static func tree(of command: any ParsableCommand.Type) throws -> CommandReference {
        try CommandReference(dump: try dump(of: command)["command"] ?? .null, parents: [])
    }

    /// The arguments of an argument group (e.g. `GlobalOptions`), without the built-in help flag.
    static func arguments(of group: any ParsableArguments.Type) throws -> [ArgumentReference] {
        let command = try dump(of: group)["command"]
        return (command?["arguments"]?.arrayValue ?? []).compactMap(ArgumentReference.init(dump:)).filter { !$0.isBuiltIn }
    }

    private static func dump(of type: any ParsableArguments.Type) throws -> JSONValue {
        do { return try JSONParser.parse(type._dumpHelp()) } catch {
            throw ValidationError("cannot read ArgumentParser's command description: \(error)")
        }
    }

    /// The command as typed, e.g. `sov decode`.
    var invocation: String { path.joined(separator: " ") }

    /// Its manual page's name, e.g. `sov-decode`.
    var pageName: String { path.joined(separator: "-") }

    var name: String { path.last ?? "" }

    /// ArgumentParser's `help` subcommand, which it adds to the root of every tree.
    var isHelpCommand: Bool { path.count == 2 && name == "help" }

    /// Whether it gets a manual page of its own: shown, and not the built-in `help`.
    var hasPage: Bool { isShown && !isHelpCommand }

    /// This command and every command below it that has a manual page, depth first.
    var documentedCommands: [CommandReference] {
        guard hasPage else { return [] }
        return [self] + subcommands.flatMap(\.documentedCommands)
    }

    /// Subcommands listed in help.
    var shownSubcommands: [CommandReference] { subcommands.filter(\.isShown) }
}
