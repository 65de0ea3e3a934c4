import FoundationEssentials
import SovPrimitives

/// What a command reads from an argument that names its input: standard input for "-" or nothing, else the
/// file of that name, else (where `literal`) the argument's own text.
enum CommandInput {
    static func bytes(_ argument: String?, literal: Bool) throws -> [UInt8] {
        guard let argument, argument != "-" else { return Array(StandardStreams.readInput()) }
        if literal && !FileManager.default.fileExists(atPath: argument) { return Array(argument.utf8) }
        guard let data = FileManager.default.contents(atPath: argument) else {
            throw fail("cannot read \(argument)", status: ExitStatus.noInput)
        }
        return Array(data)
    }
}
