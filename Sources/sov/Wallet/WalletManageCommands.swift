import ArgumentParser
import FoundationEssentials
import SovJSON
import SovPrimitives
import SovWallet

struct WalletListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the wallets of the network.",
        discussion: "One name per line; --json prints [{name, path}]. Exit status: 0, or 64 usage error."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    func run() throws {
        let directory = options.directory(network: try global.resolvedNetwork())
        let names = Wallet.names(in: directory)
        if global.json {
            Output.write(JSONValue.array(names.map { name in
                .object(JSONObject([("name", .string(name)), ("path", .string(directory + "/" + name + ".sqlite"))]))
            }).pretty + "\n")
        } else {
            Output.write(names.map { $0 + "\n" }.joined())
        }
    }
}

struct WalletInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a wallet's descriptors, sync state and what its last sync verified.",
        discussion: reflowed("""
            --json prints {name, network, path, origin, descriptors {receive, change}, gap_limit, scripts, used_scripts,
            transactions, tip {height, hash} (null before the first sync), last_sync {server, time, own_server}, trust}.
            trust says which server the wallet's state came from, whether that is the owner's own (a loopback or
            private-network address), and what the wallet verified itself and what it could not.
            Exit status: see 'sov wallet --help'.
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    func run() throws {
        let network = try global.resolvedNetwork()
        let wallet = try options.open(network: network)
        do { try describe(wallet, network: network) } catch { throw error.report(network: network) }
    }

    private func describe(_ wallet: Wallet, network: Network) throws(WalletError) {
        do {
            let counts = try wallet.counts()
            let tip = try wallet.tip()
            let last = try wallet.lastSync()
            let pairing = try wallet.pairing()
            // Paired: the server proved it holds the pinned certificate and admitted this device's token.
            let paired = pairing != nil && last?.server == pairing?.server
            let own = last.map { paired || WalletServer.isOwn($0.server) }
            let verified: [JSONValue] = [
                "the header chain from this network's genesis block: linkage, proof of work, difficulty rules, timestamps",
                "a merkle proof of every confirmed transaction against that chain",
                "that every transaction's bytes hash to its txid",
                "that every script's history hashes to the status the server announced",
            ].map(JSONValue.string)
            let notVerified: [JSONValue] = ["that the server left nothing out of a history: only a second server can tell (sync from another)"].map(JSONValue.string)
            let trust = JSONObject([
                ("server", last.map { .string($0.server) } ?? .null),
                ("own_server", own.map(JSONValue.bool) ?? .null),
                ("paired", pairing.map { .object(JSONObject([("server", .string($0.server)), ("device", .string($0.device)),
                                                             ("tls_fingerprint", .string($0.fingerprint))])) } ?? .null),
                ("verified", tip == nil ? .array([]) : .array(verified)),
                ("not_verified", .array(notVerified)),
            ])
            if global.json {
                Output.write(JSONValue.object(JSONObject([
                    ("name", .string(wallet.name)), ("network", .string(network.rawValue)), ("path", .string(wallet.path)),
                    ("origin", .string(wallet.origin)),
                    ("descriptors", .object(JSONObject([("receive", .string(wallet.keychains.external.description)),
                                                        ("change", wallet.keychains.internal.map { .string($0.description) } ?? .null)]))),
                    ("gap_limit", .int(wallet.gapLimit)), ("scripts", .int(counts.scripts)), ("used_scripts", .int(counts.usedScripts)),
                    ("transactions", .int(counts.transactions)),
                    ("tip", tip.map { .object(JSONObject([("height", .int($0.height)), ("hash", .string($0.hash.hex))])) } ?? .null),
                    ("last_sync", last.map { .object(JSONObject([("server", .string($0.server)), ("time", .int($0.time)),
                                                                 ("own_server", .bool(WalletServer.isOwn($0.server)))])) } ?? .null),
                    ("trust", .object(trust)),
                ])).pretty + "\n")
                return
            }
            var lines: [(String, String)] = [("wallet", "\(wallet.name) (\(network.rawValue))"), ("origin", wallet.origin),
                                             ("receive", wallet.keychains.external.description)]
            if let change = wallet.keychains.internal { lines.append(("change", change.description)) }
            lines.append(("file", wallet.path))
            lines.append(("scripts", "\(counts.scripts) derived, \(counts.usedScripts) used (gap limit \(wallet.gapLimit))"))
            lines.append(("transactions", "\(counts.transactions)"))
            if let tip, let last {
                lines.append(("synced to", "height \(tip.height) (\(tip.hash))"))
                let when = InternetTime.format(secondsSince1970: Double(last.time))
                let whose = paired ? "your own server, paired (certificate pinned, device \(pairing!.device))"
                    : own == true ? "your own server" : "a server that is not on this machine or network"
                lines.append(("from", "\(last.server) at \(when), \(whose)"))
                lines.append(("verified", "header chain from genesis (proof of work, difficulty, timestamps), merkle proofs, txids, statuses"))
                lines.append(("not verified", "that the server left nothing out (sync from a second server to cross-check)"))
            } else {
                lines.append(("synced to", "never synced (sov wallet sync)"))
            }
            Output.write(lines.map { $0.0.fixedWidth(14) + $0.1 }.joined(separator: "\n") + "\n")
        }
    }
}

struct WalletDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a wallet's file (its descriptors, labels and synced state).",
        discussion: reflowed("""
            Needs --yes. Labels and settings are lost. A wallet created with --keep-keys loses its key file too
            (deleted first): keep the mnemonic, or 'sov wallet export --private' before.
            Exit status: see 'sov wallet --help' (66 no such wallet).
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    @Argument(help: "The wallet to delete.")
    var name: String

    @Flag(name: .long, help: "Confirm the deletion.")
    var yes = false

    func run() throws {
        let network = try global.resolvedNetwork()
        guard yes else { throw fail("deleting wallet '\(name)' needs --yes", status: ExitStatus.usage) }
        do {
            try Wallet.delete(name: name, in: options.directory(network: network))
        } catch {
            throw error.report(network: network)
        }
        if global.json {
            Output.write(JSONValue.object(JSONObject([("deleted", .string(name))])).compact + "\n")
        } else if !global.quiet {
            Output.write("deleted wallet '\(name)'\n")
        }
    }
}
