import ArgumentParser
import FoundationEssentials
import SovJSON
import SovPrimitives
import SovWallet

struct WalletAddressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "address",
        abstract: "Print a receive (or --change) address: the first unused one, or the one at --index.",
        discussion: reflowed("""
            "Unused" is as of the last sync. --json prints {address, index, keychain, script}; address is null for a
            script without one (bare multisig, P2PK).
            Exit status: see 'sov wallet --help'.
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    @Flag(name: .long, help: "A change address instead of a receive address.")
    var change = false

    @Option(name: .long, help: ArgumentHelp("The derivation index.", valueName: "n"))
    var index: Int?

    func run() throws {
        let network = try global.resolvedNetwork()
        let wallet = try options.open(network: network)
        do {
            let keychain: Keychain = change ? .internal : .external
            if change && wallet.keychains.internal == nil {
                throw fail("wallet '\(wallet.name)' has no change descriptor", status: ExitStatus.usage)
            }
            let chosen = try wallet.address(keychain, index: index)
            let (script, address) = (chosen.script, chosen.address)
            if global.json {
                Output.write(JSONValue.object(JSONObject([
                    ("address", address.map(JSONValue.string) ?? .null), ("index", .int(chosen.index)),
                    ("keychain", .string(keychain.description)), ("script", .string(script.hex)),
                ])).pretty + "\n")
            } else {
                Output.write((address ?? script.hex) + "\n")
            }
        } catch let error as WalletError {
            throw error.report(network: network)
        }
    }
}

struct WalletBalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: "Show a wallet's balance as of its last sync: confirmed, unconfirmed, immature.",
        discussion: reflowed("""
            Computed from the wallet's verified transactions. Confirmed excludes coinbase outputs that cannot be
            spent in the next block (immature); unconfirmed is the mempool's net effect. --json prints
            {confirmed, unconfirmed, immature, total} in satoshis, with tip_height (null before the first sync).
            Exit status: see 'sov wallet --help'.
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    func run() throws {
        let network = try global.resolvedNetwork()
        let wallet = try options.open(network: network)
        do {
            let balance = try wallet.balance()
            let tip = try wallet.tip()
            if global.json {
                Output.write(JSONValue.object(JSONObject([
                    ("confirmed", .int(balance.confirmed.satoshis)), ("unconfirmed", .int(balance.unconfirmed.satoshis)),
                    ("immature", .int(balance.immature.satoshis)), ("total", .int(balance.total.satoshis)),
                    ("tip_height", tip.map { .int($0.height) } ?? .null),
                ])).pretty + "\n")
            } else {
                if tip == nil && !global.quiet { StandardStreams.writeError("sov: wallet '\(wallet.name)' was never synced (sov wallet sync)\n") }
                let rows = [("confirmed", balance.confirmed), ("unconfirmed", balance.unconfirmed), ("immature", balance.immature), ("total", balance.total)]
                Output.write(rows.map { "\($0.0.fixedWidth(12))\(WalletFormat.bitcoins($0.1)) BTC" }.joined(separator: "\n") + "\n")
            }
        } catch {
            throw error.report(network: network)
        }
    }
}

struct WalletUnspentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "utxos",
        abstract: "List a wallet's unspent outputs as of its last sync.",
        discussion: reflowed("""
            Oldest first, mempool last. Text: outpoint, value in BTC, height (0 or -1 in the mempool), address.
            --json prints [{txid, vout, value (satoshis), height, address, script, keychain, index, coinbase, mature, locked}].
            Exit status: see 'sov wallet --help'.
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    func run() throws {
        let network = try global.resolvedNetwork()
        let wallet = try options.open(network: network)
        do {
            let outputs = try wallet.unspentOutputs()
            let locked = try wallet.lockedOutputs()
            func address(_ output: WalletOutput) -> String? { Address(script: output.script)?.encoded(for: network) }
            if global.json {
                Output.write(JSONValue.array(outputs.map { output in
                    .object(JSONObject([
                        ("txid", .string(output.outpoint.txid.hex)), ("vout", .int(output.outpoint.index)), ("value", .int(output.value.satoshis)),
                        ("height", .int(output.height)), ("address", address(output).map(JSONValue.string) ?? .null),
                        ("script", .string(output.script.hex)),
                        ("keychain", .string(output.keychain.description)), ("index", .int(output.index)),
                        ("coinbase", .bool(output.isCoinbase)), ("mature", .bool(output.isMature)), ("locked", .bool(locked.contains(output.outpoint))),
                    ]))
                }).pretty + "\n")
            } else {
                Output.write(outputs.map { output in
                    "\(output.outpoint.txid.hex):\(output.outpoint.index)  \(WalletFormat.bitcoins(output.value))  \(output.height)  \(address(output) ?? output.script.hex)\(output.isMature ? "" : "  immature")\(locked.contains(output.outpoint) ? "  locked" : "")\n"
                }.joined())
            }
        } catch {
            throw error.report(network: network)
        }
    }
}

struct WalletHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List a wallet's transactions as of its last sync, with what each did to its balance.",
        discussion: reflowed("""
            Oldest first (by height and position in the block), mempool last. Text: height, txid, change to the
            balance in BTC, fee when known. --json prints [{txid, height, position, time, received, sent, delta,
            fee, vsize}], amounts in satoshis; fee is null when the transaction spends outputs that are not the
            wallet's, time (the block's) and position are null in the mempool.
            Exit status: see 'sov wallet --help'.
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    func run() throws {
        let network = try global.resolvedNetwork()
        let wallet = try options.open(network: network)
        do {
            let history = try wallet.history()
            if global.json {
                Output.write(JSONValue.array(history.map { item in
                    .object(JSONObject([
                        ("txid", .string(item.txid.hex)), ("height", .int(item.height)), ("position", item.position.map(JSONValue.int) ?? .null),
                        ("time", item.blockTime.map(JSONValue.int) ?? .null), ("received", .int(item.received.satoshis)),
                        ("sent", .int(item.sent.satoshis)), ("delta", .int(item.delta)), ("fee", item.fee.map { .int($0.satoshis) } ?? .null),
                        ("vsize", .int(item.virtualSize)),
                    ]))
                }).pretty + "\n")
            } else {
                Output.write(history.map { item in
                    let delta = (item.delta >= 0 ? "+" : "") + WalletFormat.bitcoins(Amount(satoshis: item.delta))
                    return "\(item.height)  \(item.txid.hex)  \(delta)" + (item.fee.map { "  fee \($0.satoshis) sat" } ?? "") + "\n"
                }.joined())
            }
        } catch {
            throw error.report(network: network)
        }
    }
}

enum WalletFormat {
    /// Bitcoins with eight decimals, as Core prints amounts.
    static func bitcoins(_ amount: Amount) -> String {
        if case .number(let text) = JSONValue.amount(amount.satoshis) { return text }
        return "\(amount.satoshis)"
    }
}

struct WalletTransactionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tx",
        abstract: "Show one of a wallet's transactions: what it did, and which inputs and outputs are the wallet's.",
        discussion: reflowed("""
            As of the last sync. Text: the history line, then each input and output, the wallet's marked with
            their keychain and index. --json prints {txid, height, position, time, received, sent, delta, fee,
            vsize, label, inputs: [{txid, vout, mine, value, address, keychain, index}], outputs: [{n, value,
            address, mine, keychain, index}], hex}: amounts in satoshis; an input's value and address are known
            only when it spends the wallet's output (null otherwise).
            Exit status: see 'sov wallet --help' (66 also when the wallet has no such transaction).
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions
    @Argument(help: ArgumentHelp("The transaction's id.", valueName: "txid")) var txid: String

    func run() throws {
        guard let id = Txid(txid) else { throw fail("'\(txid.prefix(80))' is not a txid (64 hex digits)", status: ExitStatus.usage) }
        let network = try global.resolvedNetwork()
        let wallet = try options.open(network: network)
        do {
            let detail = try wallet.transaction(id)
            let item = detail.summary
            let label = try wallet.labels().first { $0.type == .tx && $0.reference == id.hex }?.label
            func address(_ script: Script) -> String? { Address(script: script)?.encoded(for: network) }
            if global.json {
                let inputs = zip(detail.transaction.inputs, detail.spent).map { input, owned -> JSONValue in
                    .object(JSONObject([
                        ("txid", .string(input.previousOutput.txid.hex)), ("vout", .int(Int(input.previousOutput.index))), ("mine", .bool(owned != nil)),
                        ("value", owned.map { .int($0.value.satoshis) } ?? .null), ("address", owned.flatMap { address($0.script) }.map(JSONValue.string) ?? .null),
                        ("keychain", owned.map { .string($0.keychain.description) } ?? .null), ("index", owned.map { .int($0.index) } ?? .null),
                    ]))
                }
                let outputs = zip(detail.transaction.outputs.indices, zip(detail.transaction.outputs, detail.paid)).map { n, pair -> JSONValue in
                    let (output, owned) = pair
                    return .object(JSONObject([
                        ("n", .int(n)), ("value", .int(output.value)), ("address", address(output.scriptPubKey).map(JSONValue.string) ?? .null),
                        ("mine", .bool(owned != nil)), ("keychain", owned.map { .string($0.keychain.description) } ?? .null),
                        ("index", owned.map { .int($0.index) } ?? .null),
                    ]))
                }
                Output.write(JSONValue.object(JSONObject([
                    ("txid", .string(item.txid.hex)), ("height", .int(item.height)), ("position", item.position.map(JSONValue.int) ?? .null),
                    ("time", item.blockTime.map(JSONValue.int) ?? .null), ("received", .int(item.received.satoshis)),
                    ("sent", .int(item.sent.satoshis)), ("delta", .int(item.delta)), ("fee", item.fee.map { .int($0.satoshis) } ?? .null),
                    ("vsize", .int(item.virtualSize)), ("label", label.map(JSONValue.string) ?? .null),
                    ("inputs", .array(inputs)), ("outputs", .array(outputs)), ("hex", .string(detail.raw.hex)),
                ])).pretty + "\n")
                return
            }
            let delta = (item.delta >= 0 ? "+" : "") + WalletFormat.bitcoins(Amount(satoshis: item.delta))
            var text = "\(item.txid.hex)  \(item.height > 0 ? "height \(item.height)" : "mempool")  \(delta) BTC"
            text += (item.fee.map { "  fee \($0.satoshis) sat" } ?? "") + "  \(item.virtualSize) vB" + (label.map { "  \"\($0)\"" } ?? "") + "\n"
            for (input, owned) in zip(detail.transaction.inputs, detail.spent) {
                text += "  in   \(input.previousOutput.txid.hex):\(input.previousOutput.index)"
                if let owned { text += "  \(WalletFormat.bitcoins(owned.value)) BTC  mine (\(owned.keychain) \(owned.index))" }
                text += "\n"
            }
            for (n, (output, owned)) in zip(detail.transaction.outputs, detail.paid).enumerated() {
                text += "  out  \(n)  \(WalletFormat.bitcoins(Amount(satoshis: output.value))) BTC  \(address(output.scriptPubKey) ?? "(no address)")"
                text += (owned.map { "  mine (\($0.keychain) \($0.index))" } ?? "") + "\n"
            }
            Output.write(text)
        } catch {
            throw error.report(network: network)
        }
    }
}
