/// The exit statuses a command documents, read from the "Exit status:" sentence of its discussion (the help
/// and the manual page say the same thing, from one text): `Exit status: 0 success, 64 usage error, 65 …`.
/// "Exit status: see 'sov wallet --help' (…)" refers to another command's list; a command that says nothing
/// has its parent's.
struct ExitStatusList: Equatable {
    var entries: [(status: Int, meaning: String)]

    static func == (lhs: ExitStatusList, rhs: ExitStatusList) -> Bool {
        lhs.entries.map(\.status) == rhs.entries.map(\.status) && lhs.entries.map(\.meaning) == rhs.entries.map(\.meaning)
    }

    /// The statuses a number may be (sysexits(3) and success), which is what separates one entry from a number
    /// inside the previous entry's words.
    static let knownStatuses: Set<Int> = Set([0, 1, 2] + Array(64...78))

    /// The list for `command` in `tree` (the whole sov tree).
    static func of(_ command: CommandReference, in tree: CommandReference) -> ExitStatusList {
        var path = command.path
        var seen: Set<[String]> = []
        while !path.isEmpty, !seen.contains(path) {
            seen.insert(path)
            guard let current = find(path, in: tree) else { break }
            switch sentence(in: current.discussion) {
            case .list(let list): return list
            case .reference(let other): path = other
            case .none: path.removeLast()
            }
        }
        return ExitStatusList(entries: [(0, "success"), (64, "usage error")])
    }

    static func find(_ path: [String], in tree: CommandReference) -> CommandReference? {
        if tree.path == path { return tree }
        for sub in tree.subcommands { if let found = find(path, in: sub) { return found } }
        return nil
    }

    enum Sentence {
        case list(ExitStatusList)
        case reference([String])
    }

    /// The "Exit status" sentence of a discussion, to the end of its paragraph.
    static func sentence(in discussion: String) -> Sentence? {
        guard let start = discussion.firstRange(of: "Exit status") else { return nil }
        var text = discussion[start.upperBound...]
        if let end = text.firstRange(of: "\n\n") { text = text[..<end.lowerBound] }
        var body = text.replacing("\n", with: " ").trimmingSpaces()
        if body.hasPrefix(":") { body.removeFirst() }
        body = body.trimmingSpaces()
        if body.hasPrefix("see '"), let close = body.dropFirst(5).firstIndex(of: "'") {
            let words = body[body.index(body.startIndex, offsetBy: 5)..<close].split(separator: " ").map(String.init).filter { $0 != "--help" }
            return .reference(words)
        }
        // The sentence ends at a full stop before a capital (what follows is another sentence).
        if let stop = body.indices.first(where: { i in
            body[i] == "." && body.index(after: i) < body.endIndex && body[body.index(after: i)] == " "
                && body.index(i, offsetBy: 2, limitedBy: body.endIndex).map { $0 < body.endIndex && body[$0].isUppercase } == true
        }) {
            body = String(body[..<stop])
        }
        if body.hasSuffix(".") { body.removeLast() }
        // Entries: a known status at the start, or after ", " (or ", or "), followed by its words.
        var entries: [(Int, String)] = []
        var current: (Int, String)?
        let pieces = body.components(separatedBy: ", ")
        for piece in pieces {
            var words = piece.trimmingSpaces()
            if words.hasPrefix("or ") { words = String(words.dropFirst(3)) }
            let number = words.prefix { $0.isNumber }
            if let status = Int(number), knownStatuses.contains(status), number.count <= 3,
               words.count == number.count || words.dropFirst(number.count).first == " " {
                if let current { entries.append(current) }
                let meaning = words.dropFirst(number.count).trimmingSpaces()
                current = (status, meaning.isEmpty ? (status == 0 ? "success" : "") : meaning)
            } else if var open = current {
                open.1 += ", " + piece
                current = open
            }
        }
        if let current { entries.append(current) }
        return entries.isEmpty ? nil : .list(ExitStatusList(entries: entries))
    }
}
