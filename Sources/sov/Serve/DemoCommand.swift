import ArgumentParser
import FoundationEssentials
import SovJSON
import SovPrimitives

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Index and serve the bundled sample regtest chain on localhost, and say how to connect a wallet.",
        discussion: reflowed("""
            The sample is a small real regtest chain (its Bitcoin Core block files ship inside sov). It is
            written to <data-dir>/blocks (default ~/.sov/demo), indexed without a node, and served over TCP
            and TLS on 127.0.0.1 (ports 60401 and 60402 unless --tcp/--tls say otherwise). There is no node
            behind it: history, balances, headers and proofs work; a broadcast answers with an error saying so,
            and fee estimates with the protocol's "no estimate" (-1), which wallets understand. With --json (or
            off a terminal) the listening event also carries "watch_only_key" and "electrum_command".
            """)
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Where the demo keeps its blocks, index and certificate (default ~/.sov/demo).", valueName: "dir"), completion: .directory)
    var dataDir: String?
    @Option(name: .long, help: ArgumentHelp("Electrum over TCP on HOST:PORT.", valueName: "addr"))
    var tcp: String = "127.0.0.1:60401"
    @Option(name: .long, help: ArgumentHelp("Electrum over TLS on HOST:PORT.", valueName: "addr"))
    var tls: String = "127.0.0.1:60402"

    func run() async throws {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? homeDirectory()
        let base = dataDir ?? home + "/.sov/demo"
        let blocks = base + "/blocks"
        do {
            try SampleChain.install(into: blocks)
        } catch {
            throw fail("cannot write the sample chain to \(blocks): \(systemErrorText(error))", status: ExitStatus.dataError)
        }
        var arguments = ["--network", "regtest", "--data-dir", base, "--blocks-dir", blocks, "--no-node", "--tcp", tcp, "--tls", tls]
        if global.json { arguments.append("--json") }
        if global.quiet { arguments.append("--quiet") }
        let command = try ServeCommand.parse(arguments)
        var session = ServeSession(global: command.global, node: command.node, index: command.index, serve: command.serve) { bound, _ in
            let tcp = bound.listeners.first { $0.transport == .tcp }
            return """

                Connect a wallet: the sample's coins belong to the BIP84 account of BIP39's test mnemonic
                "abandon … about". In Electrum: start it with
                  electrum --regtest --oneserver --server \(tcp.map { "\($0.host):\($0.port)" } ?? "127.0.0.1:60401"):t
                and create a standard wallet from this master key (watch-only):
                  \(SampleChain.watchOnlyAccount)
                Or ask the server directly:
                  echo '{"id":1,"method":"server.version","params":["demo","1.6"]}' | nc \(tcp?.host ?? "127.0.0.1") \(tcp?.port ?? 60401)

                """
        }
        // Off a terminal the same instructions are fields of the listening event.
        session.epilogueJSON = { bound in
            let tcp = bound.listeners.first { $0.transport == .tcp }
            return [("watch_only_key", .string(SampleChain.watchOnlyAccount)),
                    ("electrum_command", .string("electrum --regtest --oneserver --server \(tcp.map { "\($0.host):\($0.port)" } ?? "127.0.0.1:60401"):t"))]
        }
        try await session.run()
    }
}
