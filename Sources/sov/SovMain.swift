import ArgumentParser
import FoundationEssentials
import SovPrimitives
import Glibc

extension Sov {
    /// Runs the command line as ArgumentParser's default `main()` does, except that a usage error is
    /// reported as one line on standard error, e.g.
    /// `sov: unknown option '--bogus' (see 'sov decode --help')`, with nothing on standard output and exit
    /// status 64, so scripts can rely on stdout carrying only results.
    ///
    /// Async commands (`sov serve`, `sov demo`) are awaited; the others run as they are.
    static func main() async {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            reportAndExit(error, hint: helpHint(for: error))
        }
        if command is any CommandGroup {
            // `sov`, `sov wallet`… alone: nothing was asked for. The help goes to stderr and the status says usage.
            let name = type(of: command) == Sov.self ? "sov" : "sov " + (type(of: command).configuration.commandName ?? "")
            StandardStreams.writeError(type(of: command).helpMessage() + "\nsov: \(name) needs a subcommand (see '\(name) --help')\n")
            end(ExitStatus.usage)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let name = type(of: command).configuration.commandName
            let invocation = type(of: command) == Sov.self ? "sov" : "sov " + (name ?? "help")
            reportAndExit(error, hint: invocation + " --help")
        }
        end(0)
    }

    /// Ends the process with `status` once standard output and error are flushed, without running static
    /// destructors. RocksDB's (its thread-local registry, its default environment's thread pools) tear down in
    /// an order that can abort ("pthread lock: Invalid argument") after an index was used and closed: seen once
    /// under a loaded test run, a `sov index build` that had finished turning into SIGABRT. Commands close what
    /// they opened before they return; nothing else waits for exit.
    static func end(_ status: Int32) -> Never {
        fflush(nil)
        _exit(status)
    }

    /// Ends the process for `error`: help, version and completion requests print as usual; a command's
    /// own exit code (it has already printed its message) passes through; anything else is one line,
    /// pointing usage errors to `hint`.
    static func reportAndExit(_ error: any Error, hint: String?) -> Never {
        let status = exitCode(for: error)
        if let code = error as? ExitCode { end(code.rawValue) }  // the command has said why
        if status == .success { exit(withError: error) }  // help, version, completions: printed as usual
        var text = boundedErrorLine(oneLine(message(for: error)))
        if text.isEmpty { text = "invalid command line" }
        if status == .validationFailure, let hint { text += " (see '\(hint)')" }
        StandardStreams.writeError("sov: \(text)\n")
        end(status.rawValue)
    }

    /// `message` on one line, starting lower-case like sov's other messages unless it opens with a name.
    private static func oneLine(_ message: String) -> String {
        var text = message.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces() }
            .filter { !$0.isEmpty }.joined(separator: " ")
        let start = text.prefix(2)
        if start.count == 2, start.first?.isUppercase == true, start.last?.isLowercase == true {
            text = text.prefix(1).lowercased() + text.dropFirst()
        }
        return text
    }

    /// The help command ArgumentParser suggests for the failing (sub)command, e.g. `sov decode --help`.
    private static func helpHint(for error: any Error) -> String? {
        let full = fullMessage(for: error, columns: Int.max)
        guard let start = full.firstRange(of: "See '"),
              let end = full[start.upperBound...].firstRange(of: "' for more information") else { return nil }
        return String(full[start.upperBound..<end.lowerBound])
    }
}

/// A command that only groups others (`sov`, `sov wallet`, `sov tx`…): run alone it prints its help on
/// standard error and exits 64, since nothing was asked for.
protocol CommandGroup: ParsableCommand {}

extension Sov: CommandGroup {}
extension NodeCommand: CommandGroup {}
extension NodeSnapshotCommand: CommandGroup {}
extension IndexCommand: CommandGroup {}
extension ServeAuthCommand: CommandGroup {}
extension WalletCommand: CommandGroup {}
extension WalletLabelCommand: CommandGroup {}
extension TxCommand: CommandGroup {}
extension ServiceCommand: CommandGroup {}
