import Foundation
import SovTestSupport
import Testing
import SovJSON
import SovPrimitives

/// Every vector and fixture input, truncated and bit-flipped (seeded), fed to every parser: each call must
/// end with a value or a thrown error — never a crash or a hang — and what is accepted must be consistent
/// (serializations round-trip, error offsets lie inside the input).
@Suite(.needsSharedData) struct ParserMutationTests {
    /// A single parse taking longer than this counts as a hang.
    static let slowParse: Duration = .seconds(2)

    // MARK: Probes

    /// Feeds `bytes` to the binary parsers: transaction, block, header, script.
    static func probeBytes(_ bytes: [UInt8], _ context: @autoclosure () -> String) {
        let start = ContinuousClock.now
        do {
            let tx = try Transaction(bytes: bytes)
            if tx.serialized() != bytes { Issue.record("transaction accepted but re-serializes differently: \(context())") }
        } catch { checkOffset(error.offset, bytes.count, "Transaction", context) }
        do {
            let block = try Block(bytes: bytes)
            if block.serialized() != bytes { Issue.record("block accepted but re-serializes differently: \(context())") }
        } catch { checkOffset(error.offset, bytes.count, "Block", context) }
        do {
            let header = try BlockHeader(bytes: bytes)
            if header.serialized != bytes { Issue.record("header accepted but re-serializes differently: \(context())") }
            _ = header.hasValidProofOfWork
            _ = header.difficulty
        } catch { checkOffset(error.offset, bytes.count, "BlockHeader", context) }
        // Disassembly is text-heavy: scripts are probed on their first 520 bytes (the largest push a script
        // may execute; blocks and transactions are not scripts).
        probeScript(Script(Array(bytes.prefix(520))), context())
        if ContinuousClock.now - start > slowParse { Issue.record("binary parsers took \(ContinuousClock.now - start): \(context())") }
    }

    /// Script reading, disassembly, classification and address extraction.
    static func probeScript(_ script: Script, _ context: @autoclosure () -> String) {
        _ = script.asm()
        _ = script.asm(decodeSighash: true)
        _ = script.operations
        _ = script.hasValidOps
        _ = script.isPushOnly()
        _ = ScriptTemplate(script)
        if let address = Address(script: script) {
            if address.scriptPubKey != script { Issue.record("Address(script:) does not give the script back: \(context())") }
            for network in Network.allCases { _ = address.encoded(for: network) }
        }
    }

    /// Feeds `bytes`, read as text, to the text parsers: addresses, Base58, Bech32, hex, descriptor
    /// checksums, and the JSON parser (which gets the raw bytes).
    static func probeText(_ bytes: [UInt8], _ context: @autoclosure () -> String) {
        let start = ContinuousClock.now
        let text = String(decoding: bytes, as: UTF8.self)
        for network in Network.allCases {
            do {
                let address = try Address(text, network: network)
                let expected = text.lowercased().hasPrefix(network.bech32HRP + "1") ? text.lowercased() : text
                if address.encoded(for: network) != expected { Issue.record("address does not round-trip on \(network): \(context())") }
            } catch { checkOffset(error.offset, bytes.count, "Address", context) }
        }
        _ = Address.detect(text, preferred: .main)
        do {
            let decoded = try Base58.decode(text)
            if Base58.encode(decoded) != text { Issue.record("Base58 does not round-trip: \(context())") }
        } catch { checkOffset(error.offset, bytes.count, "Base58", context) }
        do { _ = try Base58.decodeCheck(text) } catch { checkOffset(error.offset, bytes.count, "Base58Check", context) }
        do {
            let decoded = try Bech32.decode(text)
            if Bech32.encode(hrp: decoded.hrp, data: decoded.data, encoding: decoded.encoding) != text.lowercased() {
                Issue.record("Bech32 does not round-trip: \(context())")
            }
        } catch { checkOffset(error.offset, bytes.count, "Bech32", context) }
        do {
            let decoded = try Hex.decode(text)
            if decoded.hex != text.lowercased() { Issue.record("hex does not round-trip: \(context())") }
        } catch { checkOffset(error.offset, text.utf8.count, "Hex", context) }
        do { _ = try DescriptorChecksum.strip(text) } catch { checkOffset(error.offset, text.utf8.count, "DescriptorChecksum", context) }
        var raw = bytes
        do { _ = try JSONParser.parse(bytes: &raw) } catch {
            if error.offset < 0 || error.offset > bytes.count { Issue.record("JSONParser error offset \(error.offset) outside \(bytes.count) bytes: \(context())") }
        }
        if ContinuousClock.now - start > slowParse { Issue.record("text parsers took \(ContinuousClock.now - start): \(context())") }
    }

    static func checkOffset(_ offset: Int?, _ count: Int, _ parser: String, _ context: () -> String) {
        guard let offset, offset < 0 || offset > count else { return }
        Issue.record("\(parser) error offset \(offset) outside \(count) bytes: \(context())")
    }

    // MARK: Corpora

    /// Serialized transactions and scripts of Core's vector files and the BIP examples in these tests.
    static func vectorBinaries() throws -> [(String, [UInt8])] {
        var inputs: [(String, [UInt8])] = []
        for file in ["vectors/core/tx_valid.json", "vectors/core/tx_invalid.json"] {
            for (n, item) in try Fixtures.coreCases(file).enumerated() {
                if let hex = item[safe: 1]?.stringValue { inputs.append(("\(file) #\(n)", try Hex.decode(hex))) }
            }
        }
        for (n, item) in try Fixtures.coreCases("vectors/core/sighash.json").enumerated() {
            if let tx = item[safe: 0]?.stringValue { inputs.append(("sighash.json #\(n) tx", try Hex.decode(tx))) }
            if let script = item[safe: 1]?.stringValue { inputs.append(("sighash.json #\(n) script", try Hex.decode(script))) }
        }
        for example in SegwitV0SighashTests.examples {
            inputs.append(("BIP143 \(example.name)", try Hex.decode(example.unsignedTx)))
        }
        for item in TaprootSighashTests.rustBitcoinCases {
            inputs.append(("taproot \(item.name)", try Hex.decode(item.tx)))
            if let script = item.tapscript { inputs.append(("tapscript \(item.name)", try Hex.decode(script))) }
        }
        return inputs
    }

    /// One field of each line of a JSON-lines fixture, hex-decoded.
    static func jsonLinesHex(_ relative: String, field: String) throws -> [(String, [UInt8])] {
        try Fixtures.jsonLines(relative).enumerated().compactMap { n, line in
            guard let hex = line[field]?.stringValue else { return nil }
            return ("\(relative):\(n + 1)", try Hex.decode(hex))
        }
    }

    /// Text inputs: addresses and keys of Core's key_io files, Base58 vectors, the BIP173/350 strings,
    /// and the JSON files of the vectors and recorded RPC exchanges.
    static func textInputs() throws -> [(String, [UInt8])] {
        var inputs: [(String, [UInt8])] = []
        for file in ["vectors/core/key_io_valid.json", "vectors/core/key_io_invalid.json"] {
            for (n, item) in try #require(try Fixtures.json(file).arrayValue).enumerated() {
                if let text = item[0]?.stringValue { inputs.append(("\(file) #\(n)", Array(text.utf8))) }
            }
        }
        for (n, item) in try #require(try Fixtures.json("vectors/core/base58_encode_decode.json").arrayValue).enumerated() {
            if let text = item[1]?.stringValue { inputs.append(("base58 #\(n)", Array(text.utf8))) }
        }
        let bech32 = Bech32VectorTests.validBech32 + Bech32VectorTests.validBech32m + Bech32VectorTests.invalidStrings
            + Bech32VectorTests.validAddresses.map(\.0) + Bech32VectorTests.invalidAddresses + Bech32VectorTests.supersededByBIP350
        inputs += bech32.map { ("bech32 \($0)", Array($0.utf8)) }
        let wallet = try Fixtures.json("fixtures/regtest/wallet.json")
        inputs.append(("regtest wallet.json", Array(wallet.pretty.utf8)))
        return inputs
    }

    static func jsonFiles() throws -> [(String, [UInt8])] {
        var files = ["vectors/core/base58_encode_decode.json", "vectors/core/bip341_wallet_vectors.json",
                     "vectors/core/blockfilters.json", "vectors/core/key_io_invalid.json", "vectors/core/key_io_valid.json",
                     "vectors/core/rpc_bip67.json", "vectors/core/rpc_decodescript.json", "vectors/core/rpc_psbt.json",
                     "vectors/core/script_tests.json", "vectors/core/sighash.json", "vectors/core/tx_invalid.json",
                     "vectors/core/tx_valid.json", "vectors/bips/bip39-vectors.json", "fixtures/regtest/checkpoints.json",
                     "fixtures/regtest/stale.json", "fixtures/regtest/mempool.json"]
        let rpc = Fixtures.root.appendingPathComponent("fixtures/regtest/rpc")
        for name in (try FileManager.default.contentsOfDirectory(atPath: rpc.path)).sorted() where name.hasSuffix(".json") {
            files.append("fixtures/regtest/rpc/\(name)")
        }
        return try files.map { ($0, try Fixtures.bytes($0)) }
    }

    // MARK: Tests

    typealias Probe = ([UInt8], @autoclosure () -> String) -> Void

    /// Runs `probe` over every mutation of every input.
    static func mutateAll(_ inputs: [(String, [UInt8])], flips: Int, seed: UInt64, everyUpTo: Int = 256,
                          sampled: Int = 200, _ probe: Probe) {
        for (label, bytes) in inputs {
            Mutations.forEach(bytes, flips: flips, seed: seed, everyUpTo: everyUpTo, sampled: sampled) { mutated, how in
                probe(mutated, "\(label) \(how)")
            }
        }
    }

    @Test func vectorTransactionsAndScripts() throws {
        let inputs = try Self.vectorBinaries()
        #expect(inputs.count > 1_200)
        Self.mutateAll(inputs, flips: 4, seed: 0x5eed_0001, everyUpTo: 128, sampled: 64, Self.probeBytes)
    }

    @Test(arguments: ["regtest", "regtest-busy"]) func recordedTransactionsAndScripts(_ folder: String) throws {
        let inputs = try Self.jsonLinesHex("fixtures/\(folder)/decoded/regtest-txs.jsonl", field: "hex")
            + Self.jsonLinesHex("fixtures/\(folder)/decoded/scripts.jsonl", field: "hex")
        #expect(inputs.count > 300)
        if folder == "regtest-busy" {
            // Ten times as many inputs as the plain chain, of the same shapes: each is sampled more thinly.
            Self.mutateAll(inputs, flips: 2, seed: 0x5eed_0002, everyUpTo: 0, sampled: 8, Self.probeBytes)
        } else {
            Self.mutateAll(inputs, flips: 4, seed: 0x5eed_0002, everyUpTo: 128, sampled: 64, Self.probeBytes)
        }
    }

    @Test(arguments: ["regtest", "regtest-busy"]) func recordedBlocks(_ folder: String) throws {
        let blocks = try Fixtures.chain("fixtures/\(folder)/chain.hex").enumerated().map { ("\(folder) block \($0.offset)", $0.element) }
        // Blocks holding only a coinbase (most of a regtest chain) share one shape: they are sampled thinly.
        let coinbaseOnly = try blocks.filter { try Block(bytes: $0.1).transactions.count == 1 }
        let full = try blocks.filter { try Block(bytes: $0.1).transactions.count > 1 }
        #expect(full.count >= 5)
        Self.mutateAll(full, flips: 8, seed: 0x5eed_0003, everyUpTo: 0, sampled: 200, Self.probeBytes)
        Self.mutateAll(coinbaseOnly, flips: 2, seed: 0x5eed_0003, everyUpTo: 0, sampled: 24, Self.probeBytes)
    }

    @Test func mainnetBlockAndItsTransactions() throws {
        let bytes = try Fixtures.bytes("blocks/mainnet-413567.raw")
        Self.mutateAll([("mainnet block", bytes)], flips: 8, seed: 0x5eed_0004, everyUpTo: 0, sampled: 200, Self.probeBytes)
        let transactions = try Block(bytes: bytes).transactions.enumerated().map { ("mainnet tx \($0.offset)", $0.element.serialized()) }
        Self.mutateAll(transactions, flips: 2, seed: 0x5eed_0005, everyUpTo: 0, sampled: 8, Self.probeBytes)
    }

    @Test func textInputs() throws {
        let inputs = try Self.textInputs()
        #expect(inputs.count > 200)
        Self.mutateAll(inputs, flips: 8, seed: 0x5eed_0006, Self.probeText)
        // Hex text: the first 250 vector transactions and scripts.
        let hex = try Self.vectorBinaries().prefix(250).map { ("hex of \($0.0)", Array($0.1.hex.utf8)) }
        Self.mutateAll(hex, flips: 4, seed: 0x5eed_0007, everyUpTo: 0, sampled: 16, Self.probeText)
    }

    @Test func jsonFiles() throws {
        let files = try Self.jsonFiles()
        #expect(files.count > 30)
        Self.mutateAll(files, flips: 8, seed: 0x5eed_0008, everyUpTo: 256, sampled: 64, Self.probeText)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
