import ArgumentParser

@main
struct Sov: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "sov",
        abstract: "Your own Bitcoin node as a server for your wallets, and an offline Bitcoin toolkit.",
        discussion: reflowed("""
            Global options (--network, --json, -q, -v) are accepted by every subcommand.
            The network defaults to $SOV_NETWORK, or main.
            Exit status: 0 success, 64 usage error (also: a command group such as `sov` or `sov wallet` run without
            a subcommand, which prints its help on standard error), 65 bad input data, 69 node or server
            unreachable.
            """),
        version: version,
        subcommands: [DecodeCommand.self, NodeCommand.self, IndexCommand.self, ServeCommand.self, PairCommand.self, StatusCommand.self, ServiceCommand.self, WalletCommand.self, TxCommand.self, DemoCommand.self, GenerateDocsCommand.self]
    )
}
