import ArgumentParser
import FoundationEssentials
import SovJSON
import SovNodeRPC

struct NodeRPCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract: "Call any RPC method with bitcoin-cli's argument rules and output.",
        discussion: reflowed("""
            Arguments are converted as bitcoin-cli converts them: parameters Core takes as numbers, booleans,
            arrays or objects are parsed as JSON, the rest are strings. With -named, arguments are name=value.
            With -stdin, further arguments are read one per line from standard input. String results print
            raw, other results as indented JSON; an RPC error prints Core's code and message and exits with
            |code| mod 256, as bitcoin-cli does. Options go before METHOD.

            Examples:
              sov node rpc getblockhash 0
              sov node rpc -named getblock blockhash=000...e26f verbosity=1
              echo 00000000... | sov node rpc -stdin getblockheader
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var node: NodeOptions

    @Flag(name: [.customLong("named", withSingleDash: true), .customLong("named")], help: "Arguments are name=value pairs.")
    var named = false

    @Flag(name: [.customLong("stdin", withSingleDash: true), .customLong("stdin")], help: "Read extra arguments from standard input, one per line.")
    var stdin = false

    @Option(name: [.customLong("wallet"), .customLong("rpcwallet", withSingleDash: true)], help: ArgumentHelp("Send the call to this wallet's endpoint (/wallet/NAME).", valueName: "name"))
    var wallet: String?

    @Argument(help: ArgumentHelp("The method name.", valueName: "method"))
    var method: String

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Arguments to the method.", valueName: "arg"))
    var arguments: [String] = []

    func run() throws {
        let network = try global.resolvedNetwork()
        var words = arguments
        if stdin {
            while let line = readLine(strippingNewline: true) { words.append(line) }
        }
        let client = node.client(network: network, quiet: global.quiet, requestTimeout: 3600)
        do {
            let request = named
                ? RPCRequest(method, named: try RPCArgumentConversion.named(method: method, words: words))
                : RPCRequest(method, try RPCArgumentConversion.positional(method: method, words: words))
            let result = try client.call(request, wallet: wallet)
            switch result {
            case .null: break
            case .string(let s): Output.write(s + "\n")
            default: Output.write(result.pretty + "\n")
            }
        } catch let error as NodeRPCError {
            throw error.report()
        }
    }
}
