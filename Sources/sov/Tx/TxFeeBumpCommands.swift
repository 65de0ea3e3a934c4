import ArgumentParser
import FoundationEssentials
import SovPrimitives
import SovWallet

struct TxBumpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bump",
        abstract: "Replace an unconfirmed wallet transaction with one paying a higher fee (RBF, BIP125).",
        discussion: reflowed("""
            The replacement spends the same outputs and pays the same recipients; the fee comes out of its
            change output, and rises by at least 1 sat/vB of the replacement's size (BIP125's rule 4). The
            transaction must signal replaceability and spend only this wallet's outputs. Sync first, so the
            wallet has seen it. Prints a PSBT to sign, as `tx create` does (--json alike).
            Exit status: see 'sov tx --help'.
            """)
    )

    @OptionGroup var arguments: FeeChangeArguments

    func run() async throws {
        try await arguments.run { wallet, id, rate, force throws(WalletError) in try wallet.bumpFee(id, feeRate: rate, allowHighFee: force) }
    }
}

struct TxCPFPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cpfp",
        abstract: "Spend an unconfirmed transaction's outputs to the wallet so that both pay a fee rate (child pays for parent).",
        discussion: reflowed("""
            The child spends every unspent output of the parent that is the wallet's, to the wallet's next change
            address, with the fee that brings parent and child together to --fee-rate. The parent's fee must be
            known to the wallet (it spends this wallet's outputs). Prints a PSBT to sign (--json as `tx create`).
            Exit status: see 'sov tx --help'.
            """)
    )

    @OptionGroup var arguments: FeeChangeArguments

    func run() async throws {
        try await arguments.run { wallet, id, rate, force throws(WalletError) in
            try wallet.childPaysForParent(id, feeRate: rate, allowHighFee: force)
        }
    }
}

/// What `tx bump` and `tx cpfp` take and do alike: the unconfirmed transaction, the fee rate, the cap; the wallet
/// opened, the PSBT built by `build` and printed, failures reported with their status.
struct FeeChangeArguments: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    @Argument(help: "The unconfirmed wallet transaction.")
    var txid: String

    @OptionGroup var fee: FeeRateOptions

    @Flag(name: .long, help: "Allow a fee above 0.1 BTC or 1000 sat/vB.")
    var force = false

    func run(_ build: (Wallet, Txid, Double, Bool) throws(WalletError) -> PaymentProposal) async throws {
        let network = try global.resolvedNetwork()
        guard let id = Txid(txid) else { throw fail("'\(txid)' is not a txid", status: ExitStatus.usage) }
        let wallet = try options.open(network: network)
        let feeRate = try await fee.resolve(wallet: wallet, network: network)
        do {
            ProposalOutput.print(try build(wallet, id, feeRate, force), global: global)
        } catch {
            throw error.txReport(network: network)
        }
    }
}
