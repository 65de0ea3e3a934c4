import ArgumentParser
import FoundationEssentials
import SovPrimitives

/// Exit statuses from sysexits(3), as the brief fixes them.
enum ExitStatus {
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let unavailable: Int32 = 69
    static let cannotCreate: Int32 = 73
    static let ioError: Int32 = 74
    static let tempFailure: Int32 = 75
    static let protocolError: Int32 = 76
    static let noPermission: Int32 = 77
}

/// Prints `sov: message` on stderr and returns the exit code to throw.
func fail(_ message: String, status: Int32) -> ExitCode {
    StandardStreams.writeError("sov: " + boundedErrorLine(message) + "\n")
    return ExitCode(status)
}

/// An error line of at most about 600 bytes: a message quoting a 12 MB input keeps its start and its end
/// (where the reason and the hint are) and says how much was left out.
func boundedErrorLine(_ text: String) -> String {
    let limit = 600
    let bytes = text.utf8.count
    guard bytes > limit else { return text }
    let head = String(decoding: text.utf8.prefix(300), as: UTF8.self)
    let tail = String(decoding: text.utf8.suffix(200), as: UTF8.self)
    return "\(head) … [\(bytes - 500) bytes left out] … \(tail)"
}

/// Writes to stdout without buffering surprises between JSON lines.
enum Output {
    static func write(_ text: String) {
        StandardStreams.writeOutput(text)
    }
}

/// A command's discussion as paragraphs the help can wrap: the source keeps its text hard-wrapped for
/// reading, and each of those lines would otherwise be wrapped again at the terminal's width, leaving ragged
/// lines. Consecutive lines of a paragraph become one line; blank lines, and indented lines (lists, tables,
/// examples) and the lines after them, stay as written.
func reflowed(_ text: String) -> String {
    var lines: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        if let previous = lines.last, !previous.isEmpty, !previous.hasPrefix(" "), !line.isEmpty, !line.hasPrefix(" "), !line.hasPrefix("- ") {
            lines[lines.count - 1] = previous + " " + line
        } else {
            lines.append(line)
        }
    }
    return lines.joined(separator: "\n")
}
