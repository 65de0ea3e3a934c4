import ArgumentParser
import FoundationEssentials
import SovJSON
import SovKeys
import SovPSBT
import SovPrimitives
import SovWallet

struct TxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tx",
        abstract: "Create, sign, finalize, extract and broadcast a wallet's transactions as PSBTs.",
        discussion: reflowed("""
            The steps pipe into each other, PSBTs passing as base64 on stdout and stdin (or as arguments or
            files):

              sov tx create --to ADDR:0.01 --fee-rate 5 > pay.psbt
              sov tx sign pay.psbt --mnemonic-fd 3 3< seed.txt | sov tx broadcast

            `sign` finalizes the PSBT when every input is signed (--no-finalize keeps it partial); `broadcast`
            takes a finalized PSBT or a raw transaction in hex. The wallet's last sync is what `create`
            spends: sync first.

            Exit status: 0 success, 64 usage error, 65 invalid data (address of another network, malformed
            PSBT, unknown output, insufficient funds, a fee above the cap without --force, keys that are not the
            wallet's, a transaction the node refused), 66 no such wallet, 69 server unreachable, 74 wallet file
            unreadable, 76 the server answered something false, 77 a wrong passphrase for the wallet's key file.
            """),
        subcommands: [TxCreateCommand.self, TxBumpCommand.self, TxCPFPCommand.self, TxSignCommand.self, TxCombineCommand.self, TxFinalizeCommand.self, TxExtractCommand.self, TxAnalyzeCommand.self, TxBroadcastCommand.self]
    )
}

extension WalletError {
    func txReport(network: Network) -> ExitCode { report(network: network) }
}

/// Reads a PSBT from an argument: base64 text, a file (binary or base64), or stdin for "-" or nothing.
enum PSBTArgument {
    static func read(_ argument: String?) throws -> PSBT {
        try parse(try CommandInput.bytes(argument, literal: true))
    }

    /// A binary PSBT, or its base64 text.
    static func parse(_ bytes: [UInt8]) throws -> PSBT {
        do {
            if bytes.starts(with: PSBT.magic) { return try PSBT(bytes: bytes) }
            let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
            return try PSBT(base64: text)
        } catch {
            throw fail("invalid PSBT: \(error.description)", status: ExitStatus.dataError)
        }
    }
}
