import Foundation
import SovDescriptors
import SovJSON
import SovKeys
import SovPSBT
import SovPrimitives
import SovTestSupport
@testable import SovWallet
import Testing

/// Script-path spending: miniscript in `wsh()` and tapscript leaves in `tr()`. For each descriptor the wallet's
/// plan fills a PSBT (witness script or leaves with control blocks, key origins), only the keys named sign
/// (`PSBTSigner`), the finalizer builds the non-malleable witness (`PSBTFinalizer`, miniscript satisfaction),
/// and Bitcoin Core's consensus engine (py-bitcoinkernel, all flags) verifies the transaction. Keys are the
/// fixture mnemonic's accounts `m/87'/1'/N'`; the amounts and the spent output are made up (only the script
/// and the amount are signed, and the engine is given both).
@Suite(.needsSharedData) struct ScriptSigningTests {
    /// BIP341's suggested unspendable internal key (`H`, no known discrete logarithm).
    static let unspendable = "50929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0"

    struct Keys {
        /// Each account's master: the fixture mnemonic's, or (`separateMasters`) the mnemonic with passphrase
        /// "cosigner N", as four people's keys would be (BDK keeps one signer per master fingerprint).
        let masters: [ExtendedKey]
        /// `[fingerprint/87'/1'/N']tpub…/0/*` for N = 0...3, as written in a descriptor.
        let accounts: [String]

        init(separateMasters: Bool = false) throws {
            let phrase = try Mnemonic(try WalletCommandTests.mnemonic.get())
            let masters = try (0..<4).map { n in
                try ExtendedKey.master(seed: phrase.seed(passphrase: separateMasters ? "cosigner \(n)" : ""), network: .regtest)
            }
            self.masters = masters
            accounts = try (0..<4).map { account in
                let key = try masters[account].derive(path: try DerivationPath("m/87'/1'/\(account)'")).neutered
                return "[\(masters[account].fingerprint.hex)/87'/1'/\(account)']\(key.encoded)/0/*"
            }
        }

        /// `[fingerprint/87'/1'/N']tprv…` for N = 0...3: the accounts' private keys, as BDK takes them.
        var privateAccounts: [String] {
            get throws {
                try (0..<4).map { account in
                    let key = try masters[account].derive(path: try DerivationPath("m/87'/1'/\(account)'"))
                    return "[\(masters[account].fingerprint.hex)/87'/1'/\(account)']\(key.encoded)"
                }
            }
        }

        /// The private key of account `account` at receive index `index`.
        func secret(_ account: Int, _ index: UInt32) throws -> PrivateKey {
            try #require(try masters[account].derive(path: try DerivationPath("m/87'/1'/\(account)'/0/\(index)")).privateKey)
        }
    }

    /// A spend of output `index` of `descriptor` signed by the accounts `signers`, finalized; nil finalized
    /// transaction when the finalizer could not complete it. Returns the transaction, the spent output, and the
    /// plan's weight bound for the input.
    static func spend(_ descriptorText: String, signers: [Int], keys: Keys, index: UInt32 = 3, sequence: UInt32 = 0xffff_fffd,
                      lockTime: UInt32 = 0, preimages: [(type: UInt8, hash: [UInt8], preimage: [UInt8])] = []) throws
        -> (transaction: Transaction?, spent: TxOutput, weightBound: Int) {
        let (psbt, spent, weightBound) = try unsigned(descriptorText, index: index, sequence: sequence, lockTime: lockTime, preimages: preimages)
        let secrets = try signers.map { try keys.secret($0, index) }
        let signed = try PSBTSigner.sign(psbt, keys: secrets)
        #expect(signed.signed == (signers.isEmpty ? [] : [0]), "\(descriptorText): the signer signed the input")
        let (final, complete) = try PSBTFinalizer.finalize(signed.psbt)
        return (complete ? try PSBTFinalizer.extract(final) : nil, spent, weightBound)
    }

    /// The unsigned PSBT spending output `index` of `descriptorText`, as the wallet's plan fills it.
    static func unsigned(_ descriptorText: String, index: UInt32 = 3, sequence: UInt32 = 0xffff_fffd, lockTime: UInt32 = 0,
                         preimages: [(type: UInt8, hash: [UInt8], preimage: [UInt8])] = []) throws -> (psbt: PSBT, spent: TxOutput, weightBound: Int) {
        let descriptor = try Descriptor(descriptorText, network: .regtest)
        let spending = try #require(OutputSpendings.of(descriptor) as? ScriptSpending, "no script spending for \(descriptorText)")
        let spent = TxOutput(value: 100_000, scriptPubKey: try descriptor.outputScripts(at: index)[0])
        let funding = Transaction(version: 2, inputs: [TxInput(previousOutput: OutPoint(txid: Txid(Hash32(Array(repeating: UInt8(7), count: 32))!), index: 1))],
                                  outputs: [spent])
        let payee = Address.witness(version: 0, program: Array(repeating: 9, count: 20)).scriptPubKey
        let unsigned = Transaction(version: 2, inputs: [TxInput(previousOutput: OutPoint(txid: funding.txid, index: 0), sequence: sequence)],
                                   outputs: [TxOutput(value: 90_000, scriptPubKey: payee)], lockTime: lockTime)
        var builder = try PSBTBuilder(unsignedTransaction: unsigned)
        try builder.setWitnessUTXO(0, spent)
        if spending.needsPreviousTransaction { try builder.setNonWitnessUTXO(0, funding) }
        try spending.addFields(to: &builder, .input(0), index: index)
        for (type, hash, preimage) in preimages { try builder.setInput(0, key: [type] + hash, value: preimage) }
        return (try builder.build(), spent, spending.inputWeight)
    }

    /// Each spend verifies in Core's consensus engine, and its input weighs no more than the plan estimated.
    @Test(arguments: [
        // The README's example: both keys.
        ("wsh(and_v(v:pk(@0),pk(@1)))", [0, 1], UInt32(0xffff_fffd), UInt32(0)),
        // A decaying 2-of-3 with a recovery key after 144 blocks: two of the three keys now…
        ("wsh(thresh(2,pk(@0),s:pk(@1),s:pk(@2)))", [0, 2], 0xffff_fffd, 0),
        // …and the recovery path alone once the input's nSequence says 144 blocks.
        ("wsh(or_d(pk(@0),and_v(v:pk(@1),older(144))))", [1], 144, 0),
        // An absolute lock: the transaction's nLockTime at the height, the input not final.
        ("wsh(and_v(v:pk(@0),after(120)))", [0], 0xffff_fffe, 120),
        ("sh(wsh(andor(pk(@0),older(10),pk(@1))))", [1], 0xffff_fffd, 0),
        ("wsh(or_i(and_v(v:pkh(@0),older(5)),multi(2,@1,@2,@3)))", [1, 3], 0xffff_fffd, 0),
        // Taproot script paths under an unspendable internal key: a single-key leaf, a multi_a leaf.
        ("tr(H,{pk(@0),multi_a(2,@1,@2,@3)})", [0], 0xffff_fffd, 0),
        ("tr(H,{pk(@0),multi_a(2,@1,@2,@3)})", [2, 3], 0xffff_fffd, 0),
        ("tr(H,{and_v(v:pk(@1),older(12)),{pk(@2),pk(@3)}})", [1], 12, 0),
        // With a wallet internal key the key path is used.
        ("tr(@0,{pk(@1),pk(@2)})", [0], 0xffff_fffd, 0),
    ])
    func scriptSpendsVerify(_ template: String, _ signers: [Int], _ sequence: UInt32, _ lockTime: UInt32) async throws {
        let keys = try Keys()
        var text = template.replacingOccurrences(of: "H", with: Self.unspendable)
        for (n, key) in keys.accounts.enumerated() { text = text.replacingOccurrences(of: "@\(n)", with: key) }
        let (transaction, spent, weightBound) = try Self.spend(text, signers: signers, keys: keys, sequence: sequence, lockTime: lockTime)
        let signed = try #require(transaction, "\(template) with keys \(signers) finalized")
        let verified = try await TxCommandTests.verifyWithKernel(signed.serialized().hex, spent: [(spent.scriptPubKey.hex, spent.value)])
        #expect(verified["verified"]?.intValue == 1, "\(template)")
        let input = signed.inputs[0]
        let weight = (32 + 4 + 4 + 1 + input.scriptSig.count) * 4 + 1 + input.witness.reduce(0) { $0 + ByteWriter.compactSizeLength($1.count) + $1.count }
        #expect(weight <= weightBound, "\(template): the input weighs \(weight) WU, the plan said at most \(weightBound)")
        if template.hasPrefix("tr(@0") { #expect(input.witness.count == 1, "the key path: one signature") }
    }

    /// A hash lock takes its preimage from the PSBT (BIP174 `PSBT_IN_SHA256`).
    @Test func hashLockUsesThePreimageInThePSBT() async throws {
        let keys = try Keys()
        let preimage = Array("sov hash lock preimage, 32 bytes".utf8)
        let hash = Hashes.sha256(preimage)
        let text = "wsh(and_v(v:pk(\(keys.accounts[0])),sha256(\(hash.hex))))"
        let without = try Self.spend(text, signers: [0], keys: keys)
        #expect(without.transaction == nil, "no preimage, no satisfaction")
        let with = try Self.spend(text, signers: [0], keys: keys, preimages: [(0x0b, hash, preimage)])
        let signed = try #require(with.transaction)
        #expect(signed.inputs[0].witness.contains(preimage))
        let verified = try await TxCommandTests.verifyWithKernel(signed.serialized().hex, spent: [(with.spent.scriptPubKey.hex, with.spent.value)])
        #expect(verified["verified"]?.intValue == 1)
    }

    /// What the finalizer refuses: a lock the transaction does not meet, too few signatures, and a signature
    /// alone where a third party could swap the path (none of these finalize).
    @Test func unmetConditionsDoNotFinalize() throws {
        let keys = try Keys()
        let decaying = "wsh(or_d(pk(\(keys.accounts[0])),and_v(v:pk(\(keys.accounts[1])),older(144))))"
        #expect(try Self.spend(decaying, signers: [1], keys: keys, sequence: 143).transaction == nil, "nSequence below older(144)")
        #expect(try Self.spend(decaying, signers: [1], keys: keys, sequence: 0xffff_fffe).transaction == nil, "relative locks off")
        let absolute = "wsh(and_v(v:pk(\(keys.accounts[0])),after(120)))"
        #expect(try Self.spend(absolute, signers: [0], keys: keys, sequence: 0xffff_ffff, lockTime: 120).transaction == nil, "a final input ignores nLockTime")
        #expect(try Self.spend(absolute, signers: [0], keys: keys, sequence: 0xffff_fffe, lockTime: 119).transaction == nil)
        let threshold = "tr(\(Self.unspendable),multi_a(2,\(keys.accounts[1]),\(keys.accounts[2]),\(keys.accounts[3])))"
        #expect(try Self.spend(threshold, signers: [3], keys: keys).transaction == nil, "one signature of two")
    }

    /// The payment planner: which time locks a coin's spend needs, and when it cannot be spent yet.
    @Test func plannedTimeLocks() throws {
        let keys = try Keys()
        func plan(_ text: String, confirmations: Int, tip: Int) throws -> OutputTimeLocks? {
            let descriptor = try Descriptor(text, network: .regtest)
            return try #require(OutputSpendings.of(descriptor)).timeLocks(index: 0, confirmations: confirmations, tip: tip)
        }
        let recovery = "wsh(and_v(v:pk(\(keys.accounts[0])),older(144)))"
        #expect(try plan(recovery, confirmations: 143, tip: 500) == nil, "not yet spendable")
        #expect(try plan(recovery, confirmations: 144, tip: 500) == OutputTimeLocks(relative: 144, absolute: nil))
        // With every key at hand the cheaper path without a lock wins.
        // Every reached lock is opened, so whichever keys sign find their path: none yet, then the recovery path too.
        let decaying = "wsh(or_d(pk(\(keys.accounts[0])),and_v(v:pk(\(keys.accounts[1])),older(144))))"
        #expect(try plan(decaying, confirmations: 1, tip: 500) == OutputTimeLocks(relative: nil, absolute: nil))
        #expect(try plan(decaying, confirmations: 200, tip: 500) == OutputTimeLocks(relative: 144, absolute: nil))
        let absolute = "wsh(and_v(v:pk(\(keys.accounts[0])),after(120)))"
        #expect(try plan(absolute, confirmations: 1, tip: 119) == nil)
        #expect(try plan(absolute, confirmations: 1, tip: 120) == OutputTimeLocks(relative: nil, absolute: 120))
        let leaves = "tr(\(Self.unspendable),{and_v(v:pk(\(keys.accounts[1])),older(12)),pk(\(keys.accounts[2]))})"
        #expect(try plan(leaves, confirmations: 1, tip: 500) == OutputTimeLocks(relative: nil, absolute: nil), "the leaf without a lock")
        #expect(try plan(leaves, confirmations: 12, tip: 500) == OutputTimeLocks(relative: 12, absolute: nil), "both leaves open")
        // Locks in seconds are never planned: a script with only such a path is not spendable by sov.
        let seconds = "wsh(and_v(v:pk(\(keys.accounts[0])),after(1700000000)))"
        #expect(try plan(seconds, confirmations: 100, tip: 500) == nil)
    }

    /// Hostile PSBTs: script-path PSBTs with bytes changed at random (seeded, so a failure repeats). Whatever
    /// still parses goes through the signer and the finalizer, which may refuse it but never crash; what they
    /// complete still extracts.
    @Test func mutatedScriptPSBTsNeverCrashTheSignerOrFinalizer() throws {
        let keys = try Keys()
        let secrets = try (0..<4).map { try keys.secret($0, 3) }
        var random = SplitMix64(seed: 0x5eed_0f_5c21)
        var parsed = 0
        for template in ["wsh(or_i(and_v(v:pkh(@0),older(5)),multi(2,@1,@2,@3)))", "tr(H,{pk(@0),{multi_a(2,@1,@2,@3),and_v(v:pk(@1),older(12))}})"] {
            var text = template.replacingOccurrences(of: "H", with: Self.unspendable)
            for (n, key) in keys.accounts.enumerated() { text = text.replacingOccurrences(of: "@\(n)", with: key) }
            let original = try Self.unsigned(text).psbt.serialized()
            for _ in 0..<1500 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let at = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[at] = UInt8.random(in: 0...255, using: &random)
                }
                guard let psbt = try? PSBT(bytes: bytes) else { continue }
                parsed += 1
                guard let signed = try? PSBTSigner.sign(psbt, keys: secrets).psbt,
                      let (final, complete) = try? PSBTFinalizer.finalize(signed), complete else { continue }
                #expect(throws: Never.self) { _ = try PSBTFinalizer.extract(final) }
            }
        }
        #expect(parsed > 300, "enough mutations still parse to exercise the signer and finalizer (\(parsed))")
    }

    /// What a PSBT claims is checked before it goes into a witness: a preimage that does not hash to the script's
    /// hash, and a control block whose leaf version is not the leaf's, are not used.
    @Test func wrongPreimagesAndControlBlocksAreNotUsed() throws {
        let keys = try Keys()
        let preimage = Array("sov hash lock preimage, 32 bytes".utf8)
        let hash = Hashes.sha256(preimage)
        let text = "wsh(and_v(v:pk(\(keys.accounts[0])),sha256(\(hash.hex))))"
        var wrong = preimage
        wrong[0] ^= 1
        #expect(try Self.spend(text, signers: [0], keys: keys, preimages: [(0x0b, hash, wrong)]).transaction == nil, "a wrong preimage")

        let leaf = "tr(\(Self.unspendable),pk(\(keys.accounts[0])))"
        let (psbt, _, _) = try Self.unsigned(leaf)
        var builder = PSBTBuilder(psbt)
        let entry = try #require(psbt.inputs[0].tapLeafScripts.first)
        var controlBlock = try #require(entry.controlBlocks.first)
        builder.filterInput(0) { $0 != 0x15 }
        controlBlock[0] = (controlBlock[0] & 1) | 0xc2   // another leaf version, same parity
        try builder.setTapLeafScript(input: 0, controlBlock: controlBlock, script: Script(entry.script), leafVersion: entry.leafVersion)
        let signed = try PSBTSigner.sign(try builder.build(), keys: [try keys.secret(0, 3)])
        #expect(signed.signed == [0], "the leaf is signed")
        #expect(try PSBTFinalizer.finalize(signed.psbt).complete == false, "but its control block does not prove it")
    }

    /// A PSBT asking for a sighash type other than ALL (here NONE) is not signed: the error says why.
    @Test func onlySighashAllIsSigned() throws {
        let keys = try Keys()
        let (psbt, _, _) = try Self.unsigned("wsh(and_v(v:pk(\(keys.accounts[0])),pk(\(keys.accounts[1]))))")
        var builder = PSBTBuilder(psbt)
        try builder.setInput(0, key: [0x03], value: [2, 0, 0, 0])
        #expect(throws: DecodingError.self) { try PSBTSigner.sign(try builder.build(), keys: [try keys.secret(0, 3)]) }
    }

    /// BDK, an independent wallet (rust-miniscript inside), signs the script-path PSBTs sov makes, with four
    /// cosigners' keys: finalized by BDK, and signed by BDK then finalized by sov; both transactions pass Core's
    /// consensus engine.
    @Test(arguments: ["wsh(and_v(v:pk(@0),pk(@1)))", "wsh(thresh(2,pk(@0),s:pk(@1),s:pk(@2)))",
                      "tr(H,{pk(@0),multi_a(2,@1,@2,@3)})", "tr(H,{and_v(v:pk(@1),older(12)),multi_a(2,@2,@3,@0)})"])
    func bdkSignsSovsScriptPSBTs(_ template: String) async throws {
        if BDKWalletTests.python == nil {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "CI must have the peers venv (.ci/setup)")
            return
        }
        let keys = try Keys(separateMasters: true)
        let privateAccounts = try keys.privateAccounts
        func text(_ keys: [String], suffix: String) -> String {
            var text = template.replacingOccurrences(of: "H", with: Self.unspendable)
            for (n, key) in keys.enumerated() { text = text.replacingOccurrences(of: "@\(n)", with: key + suffix) }
            return text
        }
        let publicText = text(keys.accounts, suffix: "")
        let receive = text(privateAccounts, suffix: "/0/*"), change = text(privateAccounts, suffix: "/1/*")
        let (psbt, spent, _) = try Self.unsigned(publicText)
        let byBDK = try await TxCommandTests.bdk(["sign", receive, change, psbt.base64])
        #expect(byBDK["finalized"]?.boolValue == true, "\(template): \(byBDK.compact)")
        let finalizedByBDK = try PSBTFinalizer.extract(try PSBT(base64: try #require(byBDK["psbt"]?.stringValue)))
        #expect(try await TxCommandTests.verifyWithKernel(finalizedByBDK.serialized().hex, spent: [(spent.scriptPubKey.hex, spent.value)])["verified"]?.intValue == 1)

        let signedByBDK = try await TxCommandTests.bdk(["sign", receive, change, psbt.base64, "--no-finalize"])
        let (final, complete) = try PSBTFinalizer.finalize(try PSBT(base64: try #require(signedByBDK["psbt"]?.stringValue)))
        #expect(complete, "sov finalizes BDK's signatures: \(template)")
        let finalizedBySov = try PSBTFinalizer.extract(final)
        #expect(try await TxCommandTests.verifyWithKernel(finalizedBySov.serialized().hex, spent: [(spent.scriptPubKey.hex, spent.value)])["verified"]?.intValue == 1)
    }
}
