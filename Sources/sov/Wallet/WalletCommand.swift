import ArgumentParser
import FoundationEssentials
import SovIndex
import SovJSON
import SovPrimitives
import SovWallet

struct WalletCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet",
        abstract: "Descriptor wallets that sync from any Electrum server and verify what it says.",
        discussion: reflowed("""
            Each wallet is one SQLite file, <data-dir>/wallets/<name>.sqlite (default data dir
            ~/.sov/<network>), holding public descriptors only. A wallet is made from descriptors (--descriptor)
            or from a BIP39 mnemonic read from stdin (--mnemonic-stdin), whose BIP44/49/84/86 account
            descriptors are stored and the mnemonic forgotten, unless --keep-keys seals it (with its BIP39
            passphrase) in <name>.keys, mode 0600, under a passphrase of its own: Argon2id (64 MiB) and
            XChaCha20-Poly1305 (libsodium). `tx sign` then opens it instead of asking for the mnemonic, and
            `wallet export --private` prints the private descriptors.

            `sov wallet sync` trusts nothing the server says: it validates the header chain from the genesis
            block (linkage, proof of work, difficulty rules, timestamps), checks every confirmed transaction's
            merkle proof against it and every transaction's bytes against its txid, and checks each script's
            history against the status the server announced. Balances, unspent outputs and history are then
            computed from those transactions.

            Commands that act on one wallet take --wallet NAME, which may be left out when there is exactly one.

            Exit status: 0 success, 64 usage error (including an invalid wallet name, or several wallets and no
            --wallet), 65 invalid descriptor, mnemonic or wallet file, 66 no such wallet (or transaction), 69 server unreachable,
            73 the wallet already exists, 74 the wallet file cannot be read or written, 75 the server's chain is
            behind the wallet's (try again, or another server), 76 the server answered something the wallet
            proved false (a bad header, merkle proof, transaction or status): the message says what, 77 a wrong
            passphrase for the wallet's key file.
            """),
        subcommands: [WalletCreateCommand.self, WalletImportCommand.self, WalletExportCommand.self, WalletListCommand.self, WalletInfoCommand.self, WalletDeleteCommand.self,
                      WalletAddressCommand.self, WalletConnectCommand.self, WalletSyncCommand.self, WalletBalanceCommand.self, WalletUnspentCommand.self,
                      WalletHistoryCommand.self, WalletTransactionCommand.self, WalletLockCommand.self, WalletLabelCommand.self]
    )
}

/// Where wallets are kept, and which one a command acts on.
struct WalletOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: ArgumentHelp("sov's data directory; wallets are in its wallets/ (default ~/.sov/<network>).", valueName: "dir"), completion: .directory)
    var dataDir: String?

    @Option(name: [.customShort("w"), .long], help: ArgumentHelp("The wallet to use (may be left out when there is only one).", valueName: "name"))
    var wallet: String?

    func directory(network: Network) -> String {
        (dataDir ?? IndexLocation.defaultDataDirectory(network: network)) + "/wallets"
    }

    /// Opens `--wallet`, or the only wallet there is.
    func open(network: Network) throws -> Wallet {
        let directory = directory(network: network)
        do {
            if let wallet { return try Wallet.open(name: wallet, in: directory) }
            let names = Wallet.names(in: directory)
            guard names.count == 1 else { throw WalletError.ambiguous(names: names) }
            return try Wallet.open(name: names[0], in: directory)
        } catch let error as WalletError {
            throw error.report(network: network)
        }
    }
}

extension WalletError {
    /// The exit status for this failure (documented in `sov wallet --help` and sov-wallet(1)).
    var exitStatus: Int32 {
        switch self {
        case .invalidName, .ambiguous, .indexOutOfRange: return ExitStatus.usage
        case .invalidDescriptor, .invalidMnemonic, .unsupportedFile: return ExitStatus.dataError
        case .insufficientFunds, .feeTooHigh, .invalidPayment, .wrongKeys, .invalidPSBT, .broadcastRejected, .invalidLabel: return ExitStatus.dataError
        case .notFound, .unknownTransaction: return ExitStatus.noInput
        case .serverUnreachable, .signerUnavailable: return ExitStatus.unavailable
        case .signerRefused: return ExitStatus.dataError
        case .alreadyExists: return ExitStatus.cannotCreate
        case .storage: return ExitStatus.ioError
        case .serverBehind: return ExitStatus.tempFailure
        case .serverMisbehaved, .serversDisagree: return ExitStatus.protocolError
        case .noKeptKeys: return ExitStatus.usage
        case .wrongKeyPassphrase: return ExitStatus.noPermission
        }
    }

    func message(network: Network) -> String {
        switch self {
        case .invalidName(let name):
            return "invalid wallet name '\(name)': use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
        case .alreadyExists(let name): return "a wallet named '\(name)' already exists on \(network.rawValue)"
        case .notFound(let name): return "no wallet named '\(name)' on \(network.rawValue) (see 'sov wallet list')"
        case .unknownTransaction(let txid): return "\(txid) is not a transaction of this wallet (as of its last sync; see 'sov wallet history')"
        case .ambiguous(let names):
            return names.isEmpty ? "no wallet on \(network.rawValue) yet (see 'sov wallet create --help')"
                : "several wallets on \(network.rawValue) (\(names.joined(separator: ", "))): choose one with --wallet"
        case .invalidDescriptor(let reason): return "invalid descriptor: \(reason)"
        case .invalidMnemonic(let reason): return "invalid mnemonic: \(reason)"
        case .storage(let path, let reason): return "cannot use \(path): \(reason)"
        case .unsupportedFile(let path, let reason): return "\(path): \(reason)"
        case .serverUnreachable(let server, let reason): return "cannot reach the server \(server): \(reason)"
        case .serverMisbehaved(let server, let fault): return "the server \(server) lied or is broken: \(fault)"
        case .serverBehind(let server, let theirs, let ours):
            return "the server \(server) is at height \(theirs), behind the \(ours) this wallet has verified"
        case .indexOutOfRange(let index): return "index \(index) is out of range (0 to 2147483647)"
        case .insufficientFunds(let needed, let available):
            return "insufficient funds: \(needed) BTC needed with the fee, \(available) BTC spendable (short by \(Amount(satoshis: needed.satoshis - available.satoshis)) BTC)"
        case .feeTooHigh(let fee, let rate):
            return "the fee would be \(fee) BTC (\(String(cFormat: "%.1f", rate)) sat/vB), above the cap of 0.1 BTC or 1000 sat/vB; --force to pay it"
        case .invalidPayment(let reason): return reason
        case .wrongKeys(let expected, let given):
            return "this mnemonic is not the wallet's: its master fingerprint is \(given), the wallet's \(expected) (wrong words or passphrase?)"
        case .invalidPSBT(let reason): return "invalid PSBT: \(reason)"
        case .broadcastRejected(let reason): return "the node refused the transaction: \(reason)"
        case .invalidLabel(let reason): return "invalid BIP329 label: \(reason)"
        case .signerUnavailable(let reason): return "the external signer is unavailable: \(reason)"
        case .signerRefused(let reason): return "the external signer refused: \(reason)"
        case .noKeptKeys(let name): return "the wallet '\(name)' keeps no keys: give the mnemonic (--mnemonic-fd N, or at the terminal)"
        case .wrongKeyPassphrase(let path): return "wrong passphrase for \(path)"
        case .serversDisagree(let first, let second, let scripts):
            return scripts == 0 ? "the servers \(first) and \(second) are on different chains at the wallet's tip"
                : "the servers \(first) and \(second) disagree about \(scripts) of the wallet's scripts: one of them leaves transactions out (or adds them)"
        }
    }

    /// Prints the failure and returns the exit code to throw.
    func report(network: Network) -> ExitCode { fail(message(network: network), status: exitStatus) }
}
