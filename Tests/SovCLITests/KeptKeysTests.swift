import Foundation
import SovJSON
import SovPrimitives
import SovTestSupport
import Testing

/// `wallet create --keep-keys`: the mnemonic sealed in `<name>.keys` (Argon2id, XChaCha20-Poly1305). Its
/// private descriptors equal Bitcoin Core's for the same mnemonic (the fixture's `wallet.json`); `tx sign`
/// signs with it without being given the mnemonic, and the transaction passes the consensus engine; a wrong
/// passphrase is one line and exit 77, and leaves the file as it was.
@Suite(.serialized, .needsSharedData) struct KeptKeysTests {
    static let keyPassphrase = Data("correct horse battery staple\n".utf8)

    @Test func privateDescriptorsEqualCoresForEveryAccountType() async throws {
        let wallets = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: wallets) }
        let mnemonic = try WalletCommandTests.mnemonic.get()
        let core = try #require(try SharedData.json("fixtures/regtest/wallet.json")["descriptors"]?.arrayValue)
        for (type, prefix) in [("pkh", "pkh("), ("sh-wpkh", "sh(wpkh("), ("wpkh", "wpkh("), ("tr", "tr(")] {
            let created = try await SovProcess.run(["wallet", "create", type, "--mnemonic-stdin", "--type", type, "--keep-keys",
                                                    "--key-passphrase-fd", "3", "--json", "--network", "regtest", "--data-dir", wallets.path],
                                                   input: Data(mnemonic.utf8), descriptor: (3, Self.keyPassphrase))
            #expect(created.status == 0, "\(type): \(created.stderr)")
            let keyFile = try #require(try JSONParser.parse(created.stdout)["key_file"]?.stringValue)
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int)
            #expect(mode == 0o600, "\(type): the key file is the owner's alone")
            #expect(!(try String(contentsOfFile: keyFile, encoding: .isoLatin1)).contains(mnemonic.split(separator: " ")[0]), "sealed, not plain")

            let exported = try await SovProcess.run(["wallet", "export", "-w", type, "--private", "--key-passphrase-fd", "3",
                                                     "--network", "regtest", "--data-dir", wallets.path], descriptor: (3, Self.keyPassphrase))
            #expect(exported.status == 0, "\(type): \(exported.stderr)")
            let descriptors = try #require(try JSONParser.parse(exported.stdout)["descriptors"]?.arrayValue)
            let expected = core.filter { $0["private"]?.stringValue?.hasPrefix(prefix) == true }
            #expect(descriptors.count == 2 && expected.count == 2)
            for entry in expected {
                let internalChain = entry["internal"]?.boolValue ?? false
                let ours = descriptors.first { $0["internal"]?.boolValue == internalChain }?["desc"]?.stringValue
                #expect(ours == entry["private"]?.stringValue, "\(type) \(internalChain ? "change" : "receive"): Core's private descriptor")
            }
        }

        // A wrong passphrase: one line, exit 77, the file unchanged.
        let keyFile = wallets.appendingPathComponent("wallets/wpkh.keys")
        let before = try Data(contentsOf: keyFile)
        let wrong = try await SovProcess.run(["wallet", "export", "-w", "wpkh", "--private", "--key-passphrase-fd", "3",
                                              "--network", "regtest", "--data-dir", wallets.path], descriptor: (3, Data("Correct horse\n".utf8)))
        #expect(wrong.status == 77 && wrong.stderrLines.count == 1 && wrong.stderr.contains("wrong passphrase"), "\(wrong.status) \(wrong.stderr)")
        #expect(wrong.stdout.isEmpty)
        #expect(try Data(contentsOf: keyFile) == before)
        // A wallet that keeps no keys has no private descriptors to print.
        #expect(try await SovProcess.run(["wallet", "create", "watch", "--mnemonic-stdin", "--network", "regtest", "--data-dir", wallets.path],
                                         input: Data(mnemonic.utf8)).status == 0)
        let none = try await SovProcess.run(["wallet", "export", "-w", "watch", "--private", "--network", "regtest", "--data-dir", wallets.path])
        #expect(none.status == 64 && none.stderr.contains("keeps no keys"), "\(none.stderr)")
        // Deleting the wallet deletes its keys.
        #expect(try await SovProcess.run(["wallet", "delete", "wpkh", "--yes", "--network", "regtest", "--data-dir", wallets.path]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: keyFile.path))
    }

    @Test func txSignOpensTheKeptKeys() async throws {
        let bed = try await WalletTestBed(wallets: [])
        let created = try await SovProcess.run(["wallet", "create", "kept", "--mnemonic-stdin", "--type", "tr", "--keep-keys", "--key-passphrase-fd", "3",
                                                "--network", "regtest", "--data-dir", bed.wallets.path],
                                               input: Data(bed.mnemonic.utf8), descriptor: (3, Self.keyPassphrase))
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try await bed.sov(["wallet", "sync", "-w", "kept", "--server", bed.address]).status == 0)
        let proposal = try await bed.sov(["tx", "create", "-w", "kept", "--to", "\(try WalletTestBed.recipient()):0.01", "--fee-rate", "2"])
        #expect(proposal.status == 0, "\(proposal.stderr)")
        let psbt = proposal.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let wrong = try await bed.sov(["tx", "sign", "-w", "kept", psbt, "--key-passphrase-fd", "0"], input: "not it\n")
        #expect(wrong.status == 77 && wrong.stderrLines.count == 1, "\(wrong.stderr)")
        let signed = try await bed.sov(["tx", "sign", "-w", "kept", psbt, "--key-passphrase-fd", "0", "--json"],
                                       input: String(decoding: Self.keyPassphrase, as: UTF8.self))
        #expect(signed.status == 0, "\(signed.stderr)")
        let answer = try JSONParser.parse(signed.stdout)
        #expect(answer["complete"]?.boolValue == true)
        let extracted = try JSONParser.parse(try await bed.sov(["tx", "extract", try #require(answer["psbt"]?.stringValue), "--json"]).stdout)
        let hex = try #require(extracted["hex"]?.stringValue)
        let transaction = try Transaction(bytes: try Hex.decode(hex))
        let spendable = try await TxCommandTests.spendable(wallet: "kept", dataDir: bed.wallets)
        let spent = try transaction.inputs.map { try #require(spendable["\($0.previousOutput.txid.hex):\($0.previousOutput.index)"]) }
        #expect(try await TxCommandTests.verifyWithKernel(hex, spent: spent)["verified"]?.intValue == transaction.inputs.count)
    }
}
