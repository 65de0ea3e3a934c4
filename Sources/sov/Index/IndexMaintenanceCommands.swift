import ArgumentParser
import FoundationEssentials
import SovIndex
import SovJSON
import SovPrimitives

struct IndexVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every indexed block from its bytes and compare with the index.",
        discussion: "Exit status 0 when the index matches, 65 with the first differences printed otherwise, 69 blocks unavailable, 75 the index in use by another sov. With --json, or when standard output is not a terminal, every line is JSON: progress lines, then {\"blocks\", \"transactions\", \"problems\": [...]}."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var node: NodeOptions
    @OptionGroup var options: IndexOptions

    func run() throws {
        do {
            let context = try OpenedIndex(global: global, node: node, options: options, create: false)
            let reporter = ProgressReporter(json: global.json, quiet: global.quiet || global.json)
            let report = try IndexVerifier(index: context.index).verify { reporter.report($0) }
            reporter.finish()
            // Off a terminal (or with --json) every line is JSON: the progress lines and then the verdict.
            if reporter.json {
                Output.write(JSONValue.object(JSONObject([("blocks", .int(report.blocks)), ("transactions", .int(report.transactions)),
                                                          ("problems", .array(report.problems.map(JSONValue.string)))])).compact + "\n")
            } else {
                Output.write("checked \(report.blocks) blocks, \(report.transactions) transactions: "
                             + (report.problems.isEmpty ? "the index matches\n" : "\(report.problems.count) problems\n"))
                for p in report.problems.prefix(20) { Output.write("  \(p)\n") }
            }
            if !report.problems.isEmpty { throw ExitCode(ExitStatus.dataError) }
        } catch {
            throw reportIndexFailure(error)
        }
    }
}

struct IndexCompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact", abstract: "Compact the index's files (reclaims space after reorgs and a build).",
        discussion: "Prints the size of the table files (the data) before and after; --json {\"size_before\", \"size_after\"} in bytes. Exit status: 0 success, 64 usage error, 65 not an index, 75 the index in use by another sov.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: IndexOptions

    func run() throws {
        do {
            let network = try global.resolvedNetwork()
            let index = try AddressIndex(directory: options.location(network: network).indexDirectory, network: network, create: false)
            // The data is the table files; RocksDB's logs and manifests come and go with each open.
            index.store.flush()
            let before = index.store.tableFileSize
            index.store.compact()
            index.store.waitForCompactions()
            let after = index.store.tableFileSize
            index.store.close()
            if global.json {
                Output.write(JSONValue.object(JSONObject([("size_before", .int(before)), ("size_after", .int(after))])).compact + "\n")
            } else {
                Output.write("compacted the index's table files: \(HumanFormat.bytes(before)) → \(HumanFormat.bytes(after))\n")
            }
        } catch {
            throw reportIndexFailure(error)
        }
    }
}

struct IndexDropCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop",
        abstract: "Delete the index (it can be built again from the blocks).",
        discussion: "Without --yes it only says what it would delete and exits 64."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: IndexOptions

    @Flag(name: .long, help: "Really delete.")
    var yes = false

    func run() throws {
        let network = try global.resolvedNetwork()
        let path = options.location(network: network).indexDirectory
        guard FileManager.default.fileExists(atPath: path) else { throw fail("no index at \(path)", status: ExitStatus.usage) }
        guard yes else { throw fail("would delete \(path): run again with --yes", status: ExitStatus.usage) }
        do {
            // Opening takes RocksDB's lock: a running sov keeps the index from being deleted under it.
            _ = try AddressIndex(directory: path, network: network, create: false)
        } catch {
            switch error {
            case .incompatible, .outdatedSchema: break
            default: throw reportIndexFailure(error)
            }
        }
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw fail("cannot delete \(path): \(systemErrorText(error))", status: ExitStatus.noPermission)
        }
        if !global.quiet { Output.write(global.json ? "{\"dropped\":\"\(path)\"}\n" : "deleted \(path)\n") }
    }
}
