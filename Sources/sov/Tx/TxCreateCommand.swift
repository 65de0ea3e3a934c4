import ArgumentParser
import FoundationEssentials
import SovJSON
import SovPSBT
import SovPrimitives
import SovWallet

struct TxCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Build an unsigned payment from the wallet as a PSBT.",
        discussion: reflowed("""
            --to ADDRESS:AMOUNT (amount in BTC; repeat for several recipients), or --max with one --to ADDRESS to
            send everything. Outputs are selected by Branch-and-Bound (no change) or Single-Random-Draw, the one
            with the lower waste (Bitcoin Core's metric), among confirmed mature outputs; --utxo TXID:VOUT
            spends exactly those. Change goes to the wallet's next change address (--change-to overrides) at a
            random position, and is left out when it would be dust. Inputs are shuffled, RBF is signalled
            (--no-rbf to not), and the lock time is the tip (anti-fee-sniping) unless --locktime is given.
            The fee rate is --fee-rate (sat/vB), else the server's estimate for --conf-target blocks (default 6).
            A fee above 0.1 BTC or 1000 sat/vB is refused without --force. --subtract-fee-from N (the Nth --to,
            from 0; repeatable) takes the fee out of those recipients' amounts, in equal parts, instead of adding
            it: the recipients receive less and the inputs cover exactly the amounts asked. For a miniscript or
            taproot-tree wallet, outputs whose every path waits for a time lock are left out, and an input's
            nSequence and the lock time meet each older(n)/after(n) (in blocks) already reached (so whichever
            keys sign find their path open; an nSequence lock signals RBF even with --no-rbf).

            Prints the PSBT in base64 (version 0, or BIP370's version 2 with --psbt-version 2); --json prints
            {psbt, fee, vsize, fee_rate, selection, change_index, inputs: [txid:vout]}.
            Exit status: see 'sov tx --help'.
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    @Option(name: .long, help: ArgumentHelp("A recipient and its amount in BTC (repeatable).", valueName: "address:amount"))
    var to: [String] = []

    @Flag(name: .long, help: "Send everything spendable to the one --to address, less the fee.")
    var max = false

    @OptionGroup var fee: FeeRateOptions

    @Option(name: .customLong("utxo"), help: ArgumentHelp("Spend exactly this output (repeatable).", valueName: "txid:vout"))
    var utxos: [String] = []

    @Option(name: .long, help: ArgumentHelp("Never spend this output (repeatable).", valueName: "txid:vout"))
    var exclude: [String] = []

    @Option(name: .customLong("change-to"), help: ArgumentHelp("Send change to this address instead.", valueName: "address"))
    var changeTo: String?

    @Flag(name: .customLong("no-rbf"), help: "Do not signal replaceability (BIP125).")
    var noRBF = false

    @Option(name: .long, help: ArgumentHelp("The transaction's lock time (default: the tip, anti-fee-sniping).", valueName: "height"))
    var locktime: UInt32?

    @Option(name: .long, help: ArgumentHelp("Add an OP_RETURN output with these bytes (hex, at most 80).", valueName: "hex"))
    var data: String?

    @Flag(name: .long, help: "Allow a fee above 0.1 BTC or 1000 sat/vB.")
    var force = false

    @Option(name: .customLong("subtract-fee-from"),
            help: ArgumentHelp("Take the fee out of the Nth --to's amount (from 0; repeatable: shared equally).", valueName: "n"))
    var subtractFeeFrom: [Int] = []

    @Option(name: .customLong("psbt-version"), help: ArgumentHelp("Write a version 0 (BIP174) or 2 (BIP370) PSBT.", valueName: "0|2"))
    var psbtVersion: Int = 0

    func validate() throws {
        guard psbtVersion == 0 || psbtVersion == 2 else { throw ValidationError("--psbt-version is 0 or 2") }
        for index in subtractFeeFrom where !to.indices.contains(index) {
            throw ValidationError("--subtract-fee-from \(index): there are \(to.count) --to recipients, numbered from 0")
        }
        if max && !subtractFeeFrom.isEmpty { throw ValidationError("--max already takes the fee from the recipient: leave out --subtract-fee-from") }
    }

    func run() async throws {
        let network = try global.resolvedNetwork()
        var recipients: [(script: Script, amount: Amount)] = []
        for item in to {
            let parts = item.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let script: Script
            do { script = try Address(parts.first ?? "", network: network).scriptPubKey } catch {
                throw fail("--to \(item): not a \(network.rawValue) address (\(error.reason))", status: ExitStatus.dataError)
            }
            if max {
                recipients.append((script, .zero))
                continue
            }
            guard parts.count == 2, let amount = Amount(bitcoins: parts[1]), amount.satoshis > 0, amount.isValidOutputValue else {
                throw fail("--to \(item): expected ADDRESS:AMOUNT with a positive amount in BTC", status: ExitStatus.usage)
            }
            recipients.append((script, amount))
        }
        if recipients.isEmpty && data == nil { throw fail("give at least one --to ADDRESS:AMOUNT", status: ExitStatus.usage) }
        let spend = try utxos.isEmpty ? nil : utxos.map(Self.outpoint)
        let excluded = Set(try exclude.map(Self.outpoint))
        var changeScript: Script?
        if let changeTo {
            do { changeScript = try Address(changeTo, network: network).scriptPubKey } catch {
                throw fail("--change-to: not a \(network.rawValue) address (\(error.reason))", status: ExitStatus.dataError)
            }
        }
        var dataBytes: [UInt8]?
        if let data {
            guard let bytes = try? Hex.decode(data) else { throw fail("--data must be hex", status: ExitStatus.usage) }
            dataBytes = bytes
        }
        let wallet = try options.open(network: network)
        let feeRate = try await fee.resolve(wallet: wallet, network: network)
        do {
            let request = PaymentRequest(recipients: recipients, sendMax: max, feeRate: feeRate, spend: spend, exclude: excluded,
                                         changeScript: changeScript, replaceable: !noRBF, lockTime: locktime, data: dataBytes,
                                         allowHighFee: force, psbtVersion: psbtVersion, subtractFeeFrom: Set(subtractFeeFrom))
            var random = SystemRandomNumberGenerator()
            let proposal = try wallet.createPayment(request, using: &random)
            ProposalOutput.print(proposal, global: global)
        } catch {
            throw error.txReport(network: network)
        }
    }

    static func outpoint(_ text: String) throws -> OutPoint {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let txid = Txid(String(parts[0])), let vout = UInt32(parts[1]) else {
            throw fail("\(text): expected TXID:VOUT", status: ExitStatus.usage)
        }
        return OutPoint(txid: txid, index: vout)
    }
}

/// How `tx create`, `tx bump` and `tx cpfp` print what they built.
enum ProposalOutput {
    static func print(_ proposal: PaymentProposal, global: GlobalOptions) {
        if global.json {
            Output.write(JSONValue.object(JSONObject([
                ("psbt", .string(proposal.psbt.base64)), ("fee", .int(proposal.fee.satoshis)), ("vsize", .int(proposal.estimatedVirtualSize)),
                ("fee_rate", .number(String(cFormat: "%.3f", Double(proposal.fee.satoshis) / Double(proposal.estimatedVirtualSize)))),
                ("selection", .string(proposal.selection)), ("change_index", proposal.changeIndex.map(JSONValue.int) ?? .null),
                ("inputs", .array(proposal.inputs.map { .string("\($0.outpoint.txid.hex):\($0.outpoint.index)") })),
            ])).pretty + "\n")
        } else {
            Output.write(proposal.psbt.base64 + "\n")
            if !global.quiet && Terminal.isInteractive(fd: 2) {
                StandardStreams.writeError("fee \(proposal.fee.satoshis) sat for ~\(proposal.estimatedVirtualSize) vB, \(proposal.inputs.count) inputs (\(proposal.selection))\n")
            }
        }
    }
}
