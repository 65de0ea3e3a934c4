import SovInspect
import SovJSON
import SovTestSupport
import Testing

/// BIP370 (PSBT version 2) vectors rendered as `decodepsbt` does.
@Suite struct PSBTVersionTwoRenderingTests {
    /// The version 2 shape of `decodepsbt`: no `tx`, the transaction fields at the top level and in each
    /// input and output.
    @Test func versionTwoRendering() throws {
        let inspector = Inspector(network: .main)
        let minimal = try inspector.decode(.text(BIP370Vectors.requiredFieldsOnly), as: .psbt)
        #expect(minimal["tx"] == nil)
        #expect(minimal.objectValue?.keys == ["global_xpubs", "tx_version", "input_count", "output_count", "psbt_version",
                                              "proprietary", "unknown", "inputs", "outputs"])
        #expect(minimal["psbt_version"] == .int(2))
        #expect(minimal["input_count"] == .int(1) && minimal["output_count"] == .int(2))
        #expect(minimal["inputs"]?[0]?.objectValue?.keys == ["previous_txid", "previous_vout"])
        #expect(minimal["outputs"]?[0]?.objectValue?.keys == ["amount", "script"])

        let locktimes = try inspector.decode(.text(BIP370Vectors.sequenceAndAllLocktimes), as: .psbt)
        #expect(locktimes["fallback_locktime"] == .int(0))
        let input = try #require(locktimes["inputs"]?[0])
        #expect(input["height_locktime"] == .int(10000))
        #expect(input["sequence"] == .int(4_294_967_294))
        #expect((input["time_locktime"]?.int64Value ?? 0) >= 500_000_000)

        let modifiable = try inspector.decode(.text(BIP370Vectors.outputsModifiable), as: .psbt)
        #expect(modifiable["inputs_modifiable"] == .bool(false))
        #expect(modifiable["outputs_modifiable"] == .bool(true))
        #expect(modifiable["has_sighash_single"] == .bool(false))
    }
}
