import ArgumentParser
import FoundationEssentials
import SovElectrumClient
import SovJSON
import SovKeys
import SovPSBT
import SovPrimitives
import SovWallet

struct TxSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a PSBT's inputs with the wallet's mnemonic, read from a file descriptor or the terminal.",
        discussion: reflowed("""
            The PSBT is the argument (base64 or a file) or stdin. The mnemonic is read from --mnemonic-fd N, else
            from the terminal (/dev/tty, not echoed); never from the command line. --passphrase-fd N reads the
            BIP39 passphrase. A wallet created with --keep-keys opens its key file instead (its passphrase from
            --key-passphrase-fd N, else the terminal) unless a mnemonic is given. The mnemonic must be the wallet's (same master fingerprint), or nothing is signed
            (exit 65). Inputs of P2PKH, P2SH-P2WPKH and P2WPKH outputs, of scripts in P2SH or P2WSH (multisig,
            miniscript; ECDSA, low R) and of P2TR outputs (key path, and each tapscript leaf; Schnorr) are signed
            for every key of the mnemonic the PSBT names; each signature is verified before it is added. A PSBT
            is finalized with the smallest non-malleable witness its signatures, preimages and time locks allow.

            Prints the PSBT, finalized when every input is signed (unless --no-finalize); --json prints {psbt,
            complete, signed_inputs}.

            --signer CMD hands the PSBT to an external signer instead (Bitcoin Core's -signer protocol, which
            HWI speaks for hardware wallets: `CMD enumerate`, then `CMD --fingerprint FP --chain CHAIN signtx
            PSBT`); each connected device whose fingerprint is one of the wallet's keys' signs in turn, and no
            secret passes through sov.
            Exit status: see 'sov tx --help' (69 no signer or device, 65 the signer refused).
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    @Argument(help: "The PSBT: base64, a file, or - (the default) for stdin.")
    var psbt: String?

    @Option(name: .customLong("mnemonic-fd"), help: ArgumentHelp("Read the mnemonic from this file descriptor.", valueName: "fd"))
    var mnemonicFD: Int32?

    @Option(name: .customLong("passphrase-fd"), help: ArgumentHelp("Read the BIP39 passphrase from this file descriptor.", valueName: "fd"))
    var passphraseFD: Int32?

    @Option(name: .customLong("key-passphrase-fd"), help: ArgumentHelp("Read the passphrase of the wallet's key file from this file descriptor.", valueName: "fd"))
    var keyPassphraseFD: Int32?

    @Flag(name: .customLong("no-finalize"), help: "Keep the signatures partial even when every input is signed.")
    var noFinalize = false

    @Option(name: .long, help: ArgumentHelp("Sign with an external signer speaking Bitcoin Core's -signer protocol (e.g. hwi).", valueName: "command"))
    var signer: String?

    func validate() throws {
        if signer != nil && (mnemonicFD != nil || passphraseFD != nil || keyPassphraseFD != nil) {
            throw ValidationError("--signer signs on its device: no --mnemonic-fd, --passphrase-fd or --key-passphrase-fd")
        }
        if keyPassphraseFD != nil && (mnemonicFD != nil || passphraseFD != nil) {
            throw ValidationError("--key-passphrase-fd opens the wallet's kept keys: no --mnemonic-fd or --passphrase-fd with it")
        }
    }

    func run() throws {
        let network = try global.resolvedNetwork()
        if psbt == nil || psbt == "-", mnemonicFD == 0 || keyPassphraseFD == 0 {
            throw fail("stdin cannot carry both the PSBT and a secret", status: ExitStatus.usage)
        }
        let document = try PSBTArgument.read(psbt)
        let wallet = try options.open(network: network)
        if let signer { return try signExternally(document, wallet: wallet, signer: ExternalSigner(command: signer), network: network) }
        do {
            // The wallet's kept keys when it has them and no mnemonic is given; else the mnemonic.
            let mnemonic: Mnemonic, passphrase: String
            if mnemonicFD == nil && passphraseFD == nil && wallet.keepsKeys {
                let kept = try wallet.keptKeys(passphrase: try KeyPassphrase.existing(fd: keyPassphraseFD))
                (mnemonic, passphrase) = (kept.mnemonic, kept.passphrase)
            } else {
                if keyPassphraseFD != nil { throw WalletError.noKeptKeys(name: wallet.name) }
                let phrase = try SecretInput.secret(fd: mnemonicFD, prompt: "mnemonic: ")
                passphrase = try passphraseFD.map { try SecretInput.secret(fd: $0, prompt: "passphrase: ") } ?? ""
                do { mnemonic = try Mnemonic(phrase.split(whereSeparator: \.isWhitespace).joined(separator: " ")) } catch {
                    throw WalletError.invalidMnemonic(error.reason)
                }
            }
            let (signed, inputs) = try wallet.sign(document, mnemonic: mnemonic, passphrase: passphrase)
            try finish(signed, inputs: inputs)
        } catch let error as WalletError {
            throw error.txReport(network: network)
        }
    }

    /// Signs on each of the external signer's devices whose fingerprint is one of the wallet's keys' (the one
    /// device of a single-key wallet; every cosigner's device connected, for a multisig or miniscript wallet).
    func signExternally(_ document: PSBT, wallet: Wallet, signer: ExternalSigner, network: Network) throws {
        do {
            var wanted: [String] = []
            for fingerprint in wallet.masterFingerprints where !wanted.contains(fingerprint) { wanted.append(fingerprint) }
            guard !wanted.isEmpty else {
                throw WalletError.invalidPSBT("the wallet's descriptors name no master key to ask a device for")
            }
            let devices = try signer.fingerprints()
            let present = wanted.filter(devices.contains)
            guard !present.isEmpty else {
                let names = wanted.count == 1 ? "fingerprint \(wanted[0])" : "fingerprints \(wanted.joined(separator: ", "))"
                throw WalletError.signerUnavailable("no device with the wallet's \(names) (found: \(devices.isEmpty ? "none" : devices.joined(separator: ", ")))")
            }
            var signed = document
            for fingerprint in present { signed = try signer.sign(signed, fingerprint: fingerprint, network: network) }
            func count(_ psbt: PSBT, _ index: Int) -> Int {
                psbt.inputs[index].signatureCount + (psbt.inputs[index].isFinalized ? 1 : 0)
            }
            try finish(signed, inputs: document.inputs.indices.filter { count(signed, $0) > count(document, $0) })
        } catch let error as WalletError {
            throw error.txReport(network: network)
        }
    }

    /// Finalizes the signed PSBT (unless --no-finalize) and prints it; `inputs` are those this signing signed.
    func finish(_ signed: PSBT, inputs: [Int]) throws(WalletError) {
        var signed = signed
        var complete = false
        if !noFinalize {
            do { (signed, complete) = try PSBTFinalizer.finalize(signed) } catch { throw WalletError.invalidPSBT(error.reason) }
        }
        if global.json {
            Output.write(JSONValue.object(JSONObject([("psbt", .string(signed.base64)), ("complete", .bool(complete)),
                                                      ("signed_inputs", .array(inputs.map(JSONValue.int)))])).pretty + "\n")
        } else {
            Output.write(signed.base64 + "\n")
        }
        if inputs.isEmpty { StandardStreams.writeError("sov: no input of this PSBT is this wallet's to sign\n") }
    }
}

struct TxFinalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finalize",
        abstract: "Finalize a signed PSBT's inputs (scriptSig and witness from the signatures).",
        discussion: "Prints the PSBT; --json prints {psbt, complete}. Exit status: 0, 64 usage, 65 invalid PSBT."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The PSBT: base64, a file, or - (the default) for stdin.")
    var psbt: String?

    func run() throws {
        let document = try PSBTArgument.read(psbt)
        do {
            let (finalized, complete) = try PSBTFinalizer.finalize(document)
            if global.json {
                Output.write(JSONValue.object(JSONObject([("psbt", .string(finalized.base64)), ("complete", .bool(complete))])).pretty + "\n")
            } else {
                Output.write(finalized.base64 + "\n")
            }
        } catch {
            throw fail("cannot finalize: \(error.description)", status: ExitStatus.dataError)
        }
    }
}

struct TxExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print the network transaction (hex) of a finalized PSBT.",
        discussion: "--json prints {hex, txid, vsize}. Exit status: 0, 64 usage, 65 invalid or unfinalized PSBT."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The PSBT: base64, a file, or - (the default) for stdin.")
    var psbt: String?

    func run() throws {
        let document = try PSBTArgument.read(psbt)
        let transaction: Transaction
        do { transaction = try PSBTFinalizer.extract(document) } catch {
            throw fail("cannot extract: \(error.description)", status: ExitStatus.dataError)
        }
        if global.json {
            Output.write(JSONValue.object(JSONObject([("hex", .string(transaction.serialized().hex)), ("txid", .string(transaction.txid.hex)),
                                                      ("vsize", .int(transaction.virtualSize))])).pretty + "\n")
        } else {
            Output.write(transaction.serialized().hex + "\n")
        }
    }
}

struct TxBroadcastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broadcast",
        abstract: "Send a finalized PSBT or a raw transaction to the network through the wallet's server.",
        discussion: reflowed("""
            The server is --server, else the one the wallet last synced from, else this machine's `sov serve`.
            Prints the txid; --json prints {txid}. With --package, give the parents first and the child last
            (or one per line on stdin): the node judges them together (Core's submitpackage, Electrum protocol
            1.6), so a child can pay for a parent whose own fee is too low; prints one txid a line, --json
            {txids}. Exit status: see 'sov tx --help' (65 when the node refuses the transaction or the
            package, with its reason).
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    @Argument(help: "Finalized PSBTs or raw transactions in hex: as text, files, or - (the default) for stdin.")
    var transactions: [String] = []

    @Flag(name: .long, help: "Send the transactions as one package: parents first, the child last.")
    var package = false

    @Option(name: .long, help: ArgumentHelp("The Electrum server: host:port:t, host:port:s or a URL.", valueName: "server"))
    var server: String?

    @Option(name: .customLong("tls-fingerprint"), help: ArgumentHelp("Pin the TLS server's certificate by its SHA-256 fingerprint.", valueName: "sha256"))
    var tlsFingerprint: String?

    func validate() throws {
        if !package && transactions.count > 1 { throw ValidationError("one transaction at a time; several go together with --package") }
    }

    /// One transaction from its text: raw hex, or a finalized PSBT.
    static func transaction(_ text: [UInt8]) throws -> Transaction {
        let trimmed = String(decoding: text, as: UTF8.self).trimmingWhitespace()
        if let bytes = try? Hex.decode(trimmed), let parsed = try? Transaction(bytes: bytes) { return parsed }
        let document = try PSBTArgument.parse(text)
        do { return try PSBTFinalizer.extract(document) } catch {
            throw fail("cannot broadcast: \(error.description)", status: ExitStatus.dataError)
        }
    }

    func run() async throws {
        let network = try global.resolvedNetwork()
        var list: [Transaction] = []
        if transactions.isEmpty || transactions == ["-"] {
            let input = try CommandInput.bytes(nil, literal: true)
            if package {
                // One transaction (or PSBT) a line.
                for line in String(decoding: input, as: UTF8.self).split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
                    list.append(try Self.transaction(Array(line.utf8)))
                }
            } else {
                list = [try Self.transaction(input)]
            }
        } else {
            for argument in transactions { list.append(try Self.transaction(try CommandInput.bytes(argument, literal: true))) }
        }
        guard !list.isEmpty else { throw fail("no transaction to broadcast", status: ExitStatus.usage) }
        let wallet = try options.open(network: network)
        do {
            let (client, serverText) = try await WalletServer.connect(wallet: wallet, option: server, fingerprint: tlsFingerprint, network: network)
            defer { Task { await client.close() } }
            if package {
                let txids = try await wallet.broadcastPackage(list, client: client, server: serverText)
                if global.json {
                    Output.write(JSONValue.object(JSONObject([("txids", .array(txids.map { .string($0.hex) }))])).compact + "\n")
                } else {
                    Output.write(txids.map(\.hex).joined(separator: "\n") + "\n")
                }
                return
            }
            let txid = try await wallet.broadcast(list[0], client: client, server: serverText)
            if global.json {
                Output.write(JSONValue.object(JSONObject([("txid", .string(txid.hex))])).compact + "\n")
            } else {
                Output.write(txid.hex + "\n")
            }
        } catch let error as WalletError {
            throw error.txReport(network: network)
        }
    }
}
