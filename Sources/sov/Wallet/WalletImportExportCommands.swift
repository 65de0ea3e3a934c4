import ArgumentParser
import FoundationEssentials
import SovJSON
import SovPrimitives
import SovWallet

struct WalletImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Create a watch-only wallet from Bitcoin Core's `listdescriptors` output (or `sov wallet export`).",
        discussion: reflowed("""
            Reads the JSON from a file or stdin and takes its active receive and change descriptors (public ones).
            A Core wallet holds several kinds (pkh, sh-wpkh, wpkh, tr): --type chooses one.
            Prints what `sov wallet create` prints. Exit status: see 'sov wallet --help' (65 no usable descriptor).
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    @Argument(help: "The new wallet's name.")
    var name: String

    @Argument(help: "listdescriptors JSON: a file, or - (the default) for stdin.")
    var file: String?

    @Option(name: .long, help: ArgumentHelp("Which kind to take: pkh, sh-wpkh, wpkh or tr.", valueName: "type"))
    var type: AccountType?

    @Option(name: .customLong("gap-limit"), help: ArgumentHelp("Unused addresses a sync looks past the last used one.", valueName: "n"))
    var gapLimit: Int = Wallet.defaultGapLimit

    func run() throws {
        let network = try global.resolvedNetwork()
        let data = try CommandInput.bytes(file, literal: false)
        let value: JSONValue
        do { value = try JSONParser.parse(String(decoding: data, as: UTF8.self)) } catch {
            throw fail("not JSON: \(error)", status: ExitStatus.dataError)
        }
        do {
            let keychains = try WalletKeychains.fromCoreListDescriptors(value, type: type, network: network)
            let wallet = try Wallet.create(name: name, in: options.directory(network: network), keychains: keychains, gapLimit: gapLimit,
                                           origin: "imported descriptors")
            try WalletCreatedOutput.print(wallet, verb: "imported", global: global)
        } catch {
            throw error.report(network: network)
        }
    }
}

struct WalletExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print a wallet's public descriptors as Bitcoin Core's `listdescriptors` does.",
        discussion: reflowed("""
            {"wallet_name", "descriptors": [{"desc", "active", "internal", "range", "next_index"}]}: checksummed public
            descriptors that Core's `importdescriptors`, BDK, Sparrow or `sov wallet import` take. With --private,
            a wallet that keeps its keys (--keep-keys) prints its private descriptors instead (the master key
            and the account's path, as Core imports them), after its key file's passphrase (--key-passphrase-fd
            N, else the terminal). Exit status: see 'sov wallet --help' (64 --private for a wallet that keeps no
            keys, 77 a wrong passphrase).
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    @Flag(name: .long, help: "Print the private descriptors of a wallet that keeps its keys.")
    var `private` = false

    @Option(name: .customLong("key-passphrase-fd"), help: ArgumentHelp("With --private, read the key file's passphrase from this file descriptor.", valueName: "fd"))
    var keyPassphraseFD: Int32?

    func validate() throws {
        if keyPassphraseFD != nil && !`private` { throw ValidationError("--key-passphrase-fd goes with --private") }
    }

    func run() throws {
        let network = try global.resolvedNetwork()
        let wallet = try options.open(network: network)
        do {
            var privateTexts: [Keychain: String] = [:]
            if `private` {
                guard wallet.keepsKeys else { throw WalletError.noKeptKeys(name: wallet.name) }
                let kept = try wallet.keptKeys(passphrase: try KeyPassphrase.existing(fd: keyPassphraseFD))
                for (keychain, text) in try wallet.privateDescriptors(kept) { privateTexts[keychain] = text }
            }
            var entries: [JSONValue] = []
            for keychain in Keychain.allCases {
                guard let descriptor = wallet.keychains.descriptor(keychain) else { continue }
                var object = JSONObject([("desc", .string(privateTexts[keychain] ?? descriptor.description)), ("active", .bool(true)),
                                         ("internal", .bool(keychain == .internal))])
                if descriptor.isRange {
                    let next = try wallet.address(keychain).index
                    object.append("range", .array([.int(0), .int(next + wallet.gapLimit - 1)]))
                    object.append("next_index", .int(next))
                }
                entries.append(.object(object))
            }
            Output.write(JSONValue.object(JSONObject([("wallet_name", .string(wallet.name)), ("descriptors", .array(entries))])).pretty + "\n")
        } catch let error as WalletError {
            throw error.report(network: network)
        }
    }
}
