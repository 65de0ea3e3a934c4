import SovJSON

/// One argument, option or flag of a command, as ArgumentParser describes it in its help dump
/// (`--experimental-dump-help`, ToolInfo v0). Used to render manual pages.
struct ArgumentReference: Equatable {
    enum Kind: String {
        case positional, option, flag
    }

    /// One spelling of an option: `-q` (short), `--quiet` (long) or `-quiet` (long with a single dash).
    struct Name: Equatable {
        enum Kind: String {
            case short, long, longWithSingleDash
        }

        var kind: Kind
        var name: String

        /// The name as typed on the command line, e.g. `--network`.
        var spelling: String {
            switch kind {
            case .long: return "--" + name
            case .short, .longWithSingleDash: return "-" + name
            }
        }
    }

    var kind: Kind
    /// Short names first, then long ones.
    var names: [Name]
    /// The name the usage line shows.
    var preferredName: Name?
    var valueName: String
    var abstract: String
    var discussion: String
    var isOptional: Bool
    var isRepeating: Bool
    var defaultValue: String?
    /// The values an option accepts, when it names them (e.g. an enum's cases).
    var allValues: [String]
    /// False for arguments hidden from help.
    var isShown: Bool

    /// Reads one entry of a ToolInfo `arguments` array; nil when it is not an object of the expected shape.
    init?(dump: JSONValue) {
        guard let kindText = dump["kind"]?.stringValue, let kind = Kind(rawValue: kindText) else { return nil }
        func name(_ value: JSONValue?) -> Name? {
            guard let value, let kindText = value["kind"]?.stringValue, let kind = Name.Kind(rawValue: kindText),
                  let name = value["name"]?.stringValue else { return nil }
            return Name(kind: kind, name: name)
        }
        let names = (dump["names"]?.arrayValue ?? []).compactMap(name)
        self.kind = kind
        self.names = names.filter { $0.kind == .short } + names.filter { $0.kind != .short }
        self.preferredName = name(dump["preferredName"]) ?? names.first
        self.valueName = dump["valueName"]?.stringValue ?? ""
        self.abstract = dump["abstract"]?.stringValue ?? ""
        self.discussion = dump["discussion"]?.stringValue ?? ""
        self.isOptional = dump["isOptional"]?.boolValue ?? false
        self.isRepeating = dump["isRepeating"]?.boolValue ?? false
        self.defaultValue = dump["defaultValue"]?.stringValue
        self.allValues = (dump["allValues"]?.arrayValue ?? []).compactMap(\.stringValue)
        self.isShown = dump["shouldDisplay"]?.boolValue ?? true
    }

    /// Every spelling, e.g. `["-q", "--quiet"]`; for a positional argument, its value name.
    var spellings: [String] {
        kind == .positional ? [valueName] : names.map(\.spelling)
    }

    /// The `-h/--help` and `--version` flags ArgumentParser adds to every command.
    var isBuiltIn: Bool {
        kind == .flag && names.contains { $0.kind == .long && ($0.name == "help" || $0.name == "version") }
    }
}
