import Foundation
import SovInspect
import SovJSON
import SovPrimitives
import SovPSBT
import SovTestSupport
import Testing

@Suite(.needsSharedData) struct PSBTTests {
    static let fixtureFiles = [
        "fixtures/regtest/decoded/psbts.jsonl",
        "fixtures/regtest-busy/decoded/psbts.jsonl",
    ]

    /// Every recorded PSBT decodes to exactly what `bitcoin-cli decodepsbt` printed.
    @Test(arguments: fixtureFiles)
    func decodeMatchesBitcoinCLI(file: String) throws {
        let lines = try SharedData.jsonLines(file)
        #expect(lines.count >= 8)
        let inspector = Inspector(network: .regtest)
        for (number, line) in lines.enumerated() {
            let psbt = try #require(line["psbt"]?.stringValue)
            let expected = try #require(line["bitcoin_cli"]?.stringValue)
            let got = try inspector.decode(.text(psbt), as: .psbt).pretty + "\n"
            #expect(got == expected, "\(file) line \(number + 1) (\(line["stage"]?.stringValue ?? "") \(line["change_type"]?.stringValue ?? ""))")
        }
    }

    /// Detection picks PSBTs out of Base64, hex and raw bytes alike, and all three decode the same.
    @Test func hexAndBinaryInputDecodeLikeBase64() throws {
        let line = try #require(try SharedData.jsonLines(Self.fixtureFiles[0]).first)
        let base64 = try #require(line["psbt"]?.stringValue)
        let expected = try #require(line["bitcoin_cli"]?.stringValue)
        let bytes = try Base64.decode(base64)
        let inspector = Inspector(network: .regtest)
        for input in [DecodeInput.text(base64), .text(bytes.hex), .text(bytes.hex.uppercased()), .binary(bytes)] {
            #expect(try inspector.detect(input) == .psbt)
            #expect(try inspector.decode(input).pretty + "\n" == expected)
        }
    }

    /// Core's valid vectors render (their parsing and round trip are SovPSBTTests'); its invalid ones are
    /// refused by the decoder as a `DecodingError`.
    @Test func coreVectorsRenderOrAreRefused() throws {
        let vectors = try JSONParser.parse(try SharedData.text("vectors/core/rpc_psbt.json"))
        let valid = try #require(vectors["valid"]?.arrayValue)
        let invalid = try #require(vectors["invalid"]?.arrayValue)
        #expect(valid.count >= 30 && invalid.count >= 40)
        let inspector = Inspector(network: .main)
        for item in valid {
            let text = try #require(item.stringValue)
            let decoded = try inspector.decode(.text(text), as: .psbt)
            let psbt = try PSBT(base64: text)
            #expect(decoded["inputs"]?.arrayValue?.count == psbt.inputs.count)
            #expect(decoded["outputs"]?.arrayValue?.count == psbt.outputs.count)
        }
        for item in invalid {
            let text = try #require(item.stringValue)
            #expect(throws: DecodingError.self) { try inspector.decode(.text(text), as: .psbt) }
        }
    }

    /// Every truncation and a bit flip at every byte of every fixture PSBT is either rejected with a
    /// `DecodingError` or decodes fully; whatever parses serializes back to the bytes it came from.
    @Test(arguments: fixtureFiles)
    func damagedFixturesNeverCrash(file: String) throws {
        let inspector = Inspector(network: .regtest)
        var parsed = 0, rejected = 0
        for line in try SharedData.jsonLines(file) {
            let original = try Base64.decode(try #require(line["psbt"]?.stringValue))
            var variants: [[UInt8]] = (0..<original.count).map { Array(original.prefix($0)) }
            for i in original.indices {
                var flipped = original
                flipped[i] ^= UInt8(1) << UInt8(i % 8)
                variants.append(flipped)
            }
            for bytes in variants {
                do {
                    let psbt = try PSBT(bytes: bytes)
                    #expect(psbt.serialized() == bytes)
                    _ = try inspector.decode(.binary(bytes), as: .psbt).pretty
                    parsed += 1
                } catch {
                    rejected += 1
                }
            }
        }
        #expect(parsed > 0 && rejected > 0)
    }
}

/// Large hostile maps decode in reasonable time (no quadratic work per key).
@Suite(.needsSharedData) struct PSBTScaleTests {
    @Test func manyKeysInOneInput() throws {
        var w = ByteWriter()
        w.write(bytes: PSBT.magic)
        // Global map: an unsigned transaction with one input and no outputs.
        var tx = ByteWriter()
        tx.write(UInt32(2))
        tx.writeCompactSize(1)
        tx.write(bytes: [UInt8](repeating: 7, count: 32))
        tx.write(UInt32(0))
        tx.writeCompactSize(0)
        tx.write(UInt32.max)
        tx.writeCompactSize(0)
        tx.write(UInt32(0))
        w.writeVarBytes([0x00])
        w.writeVarBytes(tx.bytes)
        w.write(UInt8(0))
        // Input map: 20,000 leaf scripts for one script, 20,000 unknown keys.
        let count = 20_000
        for i in 0..<count {
            var controlBlock: [UInt8] = [0xc0] + [UInt8](repeating: 1, count: 32)
            controlBlock += withUnsafeBytes(of: UInt32(i).bigEndian, Array.init) + [UInt8](repeating: 0, count: 28)
            w.writeVarBytes([0x15] + controlBlock)
            w.writeVarBytes([0x51, 0xc0])
            w.writeVarBytes([0x99] + withUnsafeBytes(of: UInt32(count - i).bigEndian, Array.init))
            w.writeVarBytes([0x01])
        }
        w.write(UInt8(0))
        let psbt = try PSBT(bytes: w.bytes)
        #expect(psbt.serialized() == w.bytes)
        #expect(psbt.inputs[0].tapLeafScripts.count == 1)
        #expect(psbt.inputs[0].tapLeafScripts[0].controlBlocks.count == count)
        #expect(psbt.inputs[0].unknown.count == count)
        let json = try Inspector(network: .main).decode(.binary(w.bytes), as: .psbt)
        #expect(json["inputs"]?[0]?["unknown"]?.objectValue?.entries.count == count)
    }
}
