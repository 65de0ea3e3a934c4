import ArgumentParser
import FoundationEssentials
import SovPrimitives

extension Network: ExpressibleByArgument {}

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).", valueName: "network"))
    var network: Network?

    @Flag(name: .long, help: "Machine-readable JSON output, no progress or decoration.")
    var json = false

    @Flag(name: [.customShort("q"), .long], help: "Print only results and errors.")
    var quiet = false

    @Flag(name: [.customShort("v"), .long], help: "Print more detail about what is being done.")
    var verbose = false

    /// The network: the option, else `SOV_NETWORK`, else main.
    func resolvedNetwork() throws -> Network {
        if let network { return network }
        if let env = ProcessInfo.processInfo.environment["SOV_NETWORK"], !env.isEmpty {
            guard let n = Network(rawValue: env) else {
                throw ValidationError("SOV_NETWORK='\(env)' is not one of main, test, testnet4, signet, regtest")
            }
            return n
        }
        return .main
    }
}
