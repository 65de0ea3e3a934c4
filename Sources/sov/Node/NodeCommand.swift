import ArgumentParser

struct NodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Talk to your own Bitcoin Core over JSON-RPC: status, raw RPC, peers, mempool, configuration.",
        discussion: reflowed("""
            The node is found at --node (or $SOV_NODE, default http://127.0.0.1 on the network's RPC port).
            Credentials: --rpc-user with $SOV_RPC_PASSWORD, else --rpc-cookie, else the cookie file in
            --node-datadir (default ~/.bitcoin) under the network's subfolder (testnet3, testnet4, signet,
            regtest). A node that is still starting is waited for up to --timeout seconds.

            Exit status: 0 success, 64 usage error, 65 bad input, 69 node unreachable or still starting,
            75 not synced within --timeout (status --wait-synced), 76 reply that is not JSON-RPC,
            77 credentials refused or unreadable; an RPC error exits like bitcoin-cli (|code| mod 256).
            """),
        subcommands: [NodeStatusCommand.self, NodeRPCCommand.self, NodePeersCommand.self, NodeMempoolCommand.self,
                      NodeConfigCommand.self, NodeSnapshotCommand.self]
    )
}
