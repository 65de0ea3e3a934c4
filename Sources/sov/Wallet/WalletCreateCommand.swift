import ArgumentParser
import FoundationEssentials
import SovJSON
import SovKeys
import SovPrimitives
import SovWallet

extension AccountType: ExpressibleByArgument {}

struct WalletCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a wallet from descriptors, or from a BIP39 mnemonic read from stdin.",
        discussion: reflowed("""
            From descriptors (watch-only): --descriptor D, with --change-descriptor D, or one multipath
            descriptor (<0;1>) for both. Public keys only; ranged descriptors give an address per index.

            From a mnemonic: --mnemonic-stdin reads the phrase from stdin (not echoed on a terminal); the BIP39
            passphrase, if any, from --passphrase-fd N. The account's descriptors are
            TYPE([fingerprint/purpose'/coin'/account']xpub/0/*) and /1/*, as Bitcoin Core's listdescriptors
            prints them: --type pkh (BIP44), sh-wpkh (BIP49), wpkh (BIP84, the default) or tr (BIP86); coin
            type 0 on main, 1 elsewhere. Only the public descriptors are kept, unless --keep-keys: then the
            mnemonic and its passphrase are sealed in <name>.keys (mode 0600) under a passphrase asked twice at
            the terminal, or read once from --key-passphrase-fd N (Argon2id, XChaCha20-Poly1305).

            Prints the wallet's descriptors and first receive address; --json prints {name, network, path,
            origin, descriptors {receive, change}, first_address, key_file}.
            Exit status: see 'sov wallet --help' (65 invalid descriptor or mnemonic, 73 the name is taken).
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    @Argument(help: "The wallet's name: 1-64 letters, digits, '.', '_' or '-'.")
    var name: String

    @Option(name: .long, help: ArgumentHelp("A public output descriptor to watch (receive, or both with <0;1>).", valueName: "descriptor"))
    var descriptor: String?

    @Option(name: .customLong("change-descriptor"), help: ArgumentHelp("The public descriptor of change outputs.", valueName: "descriptor"))
    var changeDescriptor: String?

    @Flag(name: .customLong("mnemonic-stdin"), help: "Read a BIP39 mnemonic from stdin and create its account's wallet.")
    var mnemonicStdin = false

    @Option(name: .customLong("passphrase-fd"), help: ArgumentHelp("Read the BIP39 passphrase from this file descriptor.", valueName: "fd"))
    var passphraseFD: Int32?

    @Flag(name: .customLong("keep-keys"), help: "Keep the mnemonic, sealed under a passphrase, so tx sign need not ask for it.")
    var keepKeys = false

    @Option(name: .customLong("key-passphrase-fd"), help: ArgumentHelp("With --keep-keys, read the key file's passphrase from this file descriptor.", valueName: "fd"))
    var keyPassphraseFD: Int32?

    @Option(name: .long, help: ArgumentHelp("Account kind with --mnemonic-stdin: pkh, sh-wpkh, wpkh or tr.", valueName: "type"))
    var type: AccountType = .wpkh

    @Option(name: .long, help: ArgumentHelp("Account number with --mnemonic-stdin.", valueName: "n"))
    var account: UInt32 = 0

    @Option(name: .customLong("gap-limit"), help: ArgumentHelp("Unused addresses a sync looks past the last used one.", valueName: "n"))
    var gapLimit: Int = Wallet.defaultGapLimit

    func validate() throws {
        guard (descriptor != nil) != mnemonicStdin else {
            throw ValidationError("give either --descriptor or --mnemonic-stdin")
        }
        if mnemonicStdin && changeDescriptor != nil { throw ValidationError("--change-descriptor goes with --descriptor") }
        if !mnemonicStdin && passphraseFD != nil { throw ValidationError("--passphrase-fd goes with --mnemonic-stdin") }
        if keepKeys && !mnemonicStdin { throw ValidationError("--keep-keys goes with --mnemonic-stdin (a descriptor wallet has no keys)") }
        if keyPassphraseFD != nil && !keepKeys { throw ValidationError("--key-passphrase-fd goes with --keep-keys") }
        if keyPassphraseFD == 0 { throw ValidationError("stdin carries the mnemonic: give the key passphrase on another file descriptor") }
        guard (1...1000).contains(gapLimit) else { throw ValidationError("--gap-limit must be 1 to 1000") }
        guard account < 0x8000_0000 else { throw ValidationError("--account must be below 2147483648") }
    }

    func run() throws {
        let network = try global.resolvedNetwork()
        do {
            let keychains: WalletKeychains
            let origin: String
            var kept: KeptKeys?
            if let descriptor {
                keychains = try WalletKeychains.parse(descriptor: descriptor, change: changeDescriptor, network: network)
                origin = "descriptor"
            } else {
                let phrase = try SecretInput.secret(fd: 0, prompt: "mnemonic: ")
                let mnemonic: Mnemonic
                do { mnemonic = try Mnemonic(phrase.split(whereSeparator: \.isWhitespace).joined(separator: " ")) } catch {
                    throw WalletError.invalidMnemonic(error.reason)
                }
                let passphrase = try passphraseFD.map { try SecretInput.secret(fd: $0, prompt: "passphrase: ") } ?? ""
                keychains = try WalletKeychains.account(mnemonic: mnemonic, passphrase: passphrase, type: type, account: account, network: network)
                origin = "mnemonic \(type.rawValue) account \(account)"
                if keepKeys { kept = KeptKeys(mnemonic: mnemonic, passphrase: passphrase, type: type, account: account) }
            }
            // The key passphrase is asked before anything is written.
            let keyPassphrase = try kept.map { _ in try KeyPassphrase.new(fd: keyPassphraseFD) }
            let directory = options.directory(network: network)
            let wallet = try Wallet.create(name: name, in: directory, keychains: keychains, gapLimit: gapLimit, origin: origin)
            if let kept, let keyPassphrase {
                do { try wallet.keep(kept, passphrase: keyPassphrase) } catch {
                    // Without its keys the wallet is not what was asked for: it is removed again.
                    try? Wallet.delete(name: name, in: directory)
                    throw error
                }
            }
            try WalletCreatedOutput.print(wallet, verb: "created", global: global)
        } catch let error as WalletError {
            throw error.report(network: network)
        }
    }
}

/// What `wallet create` and `wallet import` print of the wallet they made.
enum WalletCreatedOutput {
    static func print(_ wallet: Wallet, verb: String, global: GlobalOptions) throws(WalletError) {
        let keychains = wallet.keychains
        let first = try wallet.address(.external, index: 0).address
        if global.json {
            let descriptors = JSONObject([("receive", .string(keychains.external.description)),
                                          ("change", keychains.internal.map { .string($0.description) } ?? .null)])
            Output.write(JSONValue.object(JSONObject([
                ("name", .string(wallet.name)), ("network", .string(wallet.network.rawValue)), ("path", .string(wallet.path)),
                ("origin", .string(wallet.origin)), ("descriptors", .object(descriptors)), ("first_address", first.map(JSONValue.string) ?? .null),
                ("key_file", wallet.keepsKeys ? .string(wallet.keyFilePath) : .null),
            ])).pretty + "\n")
        } else {
            var text = "\(verb) wallet '\(wallet.name)' (\(wallet.network.rawValue), \(wallet.origin))\n"
            text += "receive  \(keychains.external.description)\n"
            if let change = keychains.internal { text += "change   \(change.description)\n" }
            if let first { text += "first address  \(first)\n" }
            if wallet.keepsKeys { text += "keys     sealed in \(wallet.keyFilePath)\n" }
            Output.write(text)
        }
    }
}
