import ArgumentParser
import FoundationEssentials
import SovInspect
import SovJSON
import SovPrimitives

extension DecodeKind: ExpressibleByArgument {}

struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode a transaction, block, header, script, PSBT, address, key or descriptor to JSON, offline.",
        discussion: reflowed("""
            Input comes from the argument, a file (-f PATH) or standard input (no argument, or -), as hex,
            base64 (PSBT) or raw binary. The kind is detected unless named. Transactions, scripts and PSBTs
            print exactly what bitcoin-cli decoderawtransaction, decodescript and decodepsbt print.

            Examples:
              sov decode 0200000001...            # a raw transaction in hex
              sov decode script 76a914...88ac     # scripts must be named
              sov decode -f block.bin             # a raw block file
              cat txs.hex | sov decode --lines    # one input per line, one JSON object per line

            Exit status: 0 success (with --lines: every line decoded), 64 usage error (an unknown kind or
            option, or -f naming a file that cannot be read), 65 the input does not decode (with --lines: some
            line did not; each is named on stderr and the others still print).
            """)
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Kind (tx, block, header, script, psbt, address, key, descriptor) and/or the input.", valueName: "input"), completion: .list(["tx", "block", "header", "script", "psbt", "address", "key", "descriptor"]))
    var words: [String] = []

    @Option(name: .customShort("f"), help: ArgumentHelp("Read the input from a file (- for standard input).", valueName: "path"), completion: .file())
    var file: String?

    @Flag(name: .long, help: "Read one input per line from standard input; write one compact JSON object per line.")
    var lines = false

    mutating func validate() throws {
        if words.count > 2 { throw ValidationError("too many arguments: give at most a kind and one input") }
        if words.count == 2 && DecodeKind(rawValue: words[0]) == nil {
            throw ValidationError("'\(words[0])' is not a kind: use one of \(DecodeKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if lines && (file != nil || inputWord != nil) { throw ValidationError("--lines reads standard input only") }
        if file != nil && inputWord != nil { throw ValidationError("give the input either as an argument or with -f, not both") }
    }

    var kind: DecodeKind? { words.first.flatMap(DecodeKind.init(rawValue:)) }
    var inputWord: String? {
        if words.count == 2 { return words[1] }
        if words.count == 1 && kind == nil { return words[0] }
        return nil
    }

    func run() throws {
        let inspector = Inspector(network: try global.resolvedNetwork())
        if lines { return try runLines(inspector) }
        let input: DecodeInput
        if let word = inputWord, word != "-" {
            input = .text(word)
        } else if let file, file != "-" {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw fail("cannot read \(file)", status: ExitStatus.usage)
            }
            input = DecodeInput.from(bytes: Array(data))
        } else {
            input = DecodeInput.from(bytes: Array(StandardStreams.readInput()))
        }
        do {
            let value = try inspector.decode(input, as: kind)
            Output.write(value.pretty + "\n")
        } catch {
            throw fail("cannot decode\(kind.map { " " + $0.rawValue } ?? ""): \(error)", status: ExitStatus.dataError)
        }
    }

    /// One input per line in, one compact JSON line out, in constant memory. A bad line is reported on
    /// stderr with its line number; the rest go on, and the exit status says whether any failed.
    func runLines(_ inspector: Inspector) throws {
        var failures = 0
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            let text = line.trimmingSpaces()
            if text.isEmpty { continue }
            do {
                Output.write(try inspector.decode(.text(text), as: kind).compact + "\n")
            } catch {
                failures += 1
                StandardStreams.writeError("sov: \(boundedErrorLine("line \(lineNumber): \(error)"))\n")
            }
        }
        if failures > 0 { throw ExitCode(ExitStatus.dataError) }
    }
}
