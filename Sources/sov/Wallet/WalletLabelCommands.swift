import ArgumentParser
import FoundationEssentials
import SovJSON
import SovPrimitives
import SovWallet

extension WalletLabel.Kind: ExpressibleByArgument {}

struct WalletLockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock",
        abstract: "Lock outputs so that `sov tx create` does not spend them (or --unlock them).",
        discussion: reflowed("""
            Without outpoints, lists the locked ones (--json: ["txid:vout", ...]). A lock is kept in the wallet file
            and exported as a BIP329 output record with "spendable": false. --utxo in `tx create` still spends a
            locked output when named. Exit status: see 'sov wallet --help' (65 not an output of this wallet).
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    @Argument(help: "Outputs as txid:vout.")
    var outpoints: [String] = []

    @Flag(name: .long, help: "Unlock instead.")
    var unlock = false

    func run() throws {
        let network = try global.resolvedNetwork()
        let parsed = try outpoints.map(TxCreateCommand.outpoint)
        let wallet = try options.open(network: network)
        do {
            for outpoint in parsed { try wallet.setLocked(outpoint, !unlock) }
            let locked = try wallet.lockedOutputs().sorted { ($0.txid, $0.index) < ($1.txid, $1.index) }.map { "\($0.txid):\($0.index)" }
            if global.json {
                Output.write(JSONValue.array(locked.map(JSONValue.string)).compact + "\n")
            } else if parsed.isEmpty {
                Output.write(locked.map { $0 + "\n" }.joined())
            }
        } catch {
            throw error.report(network: network)
        }
    }
}

struct WalletLabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Label transactions, addresses and outputs; import and export them as BIP329 JSON Lines.",
        discussion: reflowed("""
            sov wallet label set TYPE REF LABEL     (TYPE: tx, addr, pubkey, input, output, xpub)
            sov wallet label export > labels.jsonl  (BIP329: one {"type", "ref", "label"} object per line)
            sov wallet label import labels.jsonl    (all lines or none; an invalid line is named)
            Exit status: see 'sov wallet --help' (65 an invalid record).
            """),
        subcommands: [WalletLabelSetCommand.self, WalletLabelImportCommand.self, WalletLabelExportCommand.self]
    )
}

struct WalletLabelSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Set one label.",
                                                    discussion: "Exit status: see 'sov wallet --help'.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions
    @Argument(help: "tx, addr, pubkey, input, output or xpub.") var type: WalletLabel.Kind
    @Argument(help: "The txid, address, public key, txid:vout or xpub.") var reference: String
    @Argument(help: "The label.") var label: String

    func run() throws {
        let network = try global.resolvedNetwork()
        let wallet = try options.open(network: network)
        do {
            let record = try WalletLabel(json: WalletLabel(type: type, reference: reference, label: label).json, network: network)
            try wallet.setLabel(record)
        } catch {
            throw error.report(network: network)
        }
    }
}

struct WalletLabelImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import BIP329 labels from a file or stdin.",
                                                    discussion: "Prints how many records were read (--json: {imported}). Exit status: see 'sov wallet --help'.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions
    @Argument(help: "A BIP329 JSON Lines file, or - (the default) for stdin.") var file: String?

    func run() throws {
        let network = try global.resolvedNetwork()
        let data = try CommandInput.bytes(file, literal: false)
        let wallet = try options.open(network: network)
        do {
            let count = try wallet.importLabels(String(decoding: data, as: UTF8.self))
            Output.write(global.json ? JSONValue.object(JSONObject([("imported", .int(count))])).compact + "\n" : "imported \(count) labels\n")
        } catch {
            throw error.report(network: network)
        }
    }
}

struct WalletLabelExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Print the labels as BIP329 JSON Lines.",
                                                    discussion: "Exit status: see 'sov wallet --help'.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    func run() throws {
        let network = try global.resolvedNetwork()
        let wallet = try options.open(network: network)
        do { Output.write(try wallet.exportLabels()) } catch { throw error.report(network: network) }
    }
}
