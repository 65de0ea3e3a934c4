import ArgumentParser
import FoundationEssentials
import SovJSON
import SovPSBT
import SovPrimitives

struct TxCombineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "combine",
        abstract: "Combine PSBTs of the same transaction (BIP174's Combiner): the union of their fields.",
        discussion: reflowed("""
            Each PSBT is base64 or a file. Where two carry the same key the first one's value is kept, as Bitcoin
            Core's combinepsbt does. Prints the combined PSBT. Exit status: 0, 64 usage, 65 invalid or incompatible PSBTs.
            """)
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Two or more PSBTs: base64 or files.")
    var psbts: [String]

    func validate() throws {
        guard psbts.count >= 2 else { throw ValidationError("give two or more PSBTs to combine") }
    }

    func run() throws {
        let documents = try psbts.map { try PSBTArgument.read($0) }
        do {
            Output.write(try PSBTFinalizer.combine(documents).base64 + "\n")
        } catch {
            throw fail("cannot combine: \(error.description)", status: ExitStatus.dataError)
        }
    }
}

struct TxAnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Say what a PSBT has and what it still needs: UTXOs, signatures, finalization; its fee and size.",
        discussion: reflowed("""
            --json prints {inputs: [{has_utxo, is_final, signatures, next}], fee, next}, next being the role whose
            turn it is (updater, signer, finalizer, extractor) as in Bitcoin Core's analyzepsbt; fee is null
            unless every input's UTXO is known. Exit status: 0, 64 usage, 65 invalid PSBT.
            """)
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The PSBT: base64, a file, or - (the default) for stdin.")
    var psbt: String?

    func run() throws {
        let document = try PSBTArgument.read(psbt)
        var inputs: [JSONValue] = []
        var roles: [String] = []
        var inputTotal: Int64? = 0
        for (index, input) in document.inputs.enumerated() {
            let utxo = document.spentOutput(ofInput: index)
            let isFinal = input.isFinalized
            let signatures = input.signatureCount
            let next = utxo == nil ? "updater" : isFinal ? "extractor" : signatures > 0 ? "finalizer" : "signer"
            roles.append(next)
            if let utxo, let total = inputTotal { inputTotal = total + utxo.value } else { inputTotal = nil }
            inputs.append(.object(JSONObject([("has_utxo", .bool(utxo != nil)), ("is_final", .bool(isFinal)),
                                              ("signatures", .int(signatures)), ("next", .string(next))])))
        }
        let outputTotal = document.outputs.indices.reduce(Int64(0)) { $0 + (document.amount(ofOutput: $1) ?? 0) }
        // The PSBT's next role is the earliest any input still needs.
        let order = ["updater", "signer", "finalizer", "extractor"]
        let next = order.first { roles.contains($0) } ?? "extractor"
        let fee = inputTotal.map { $0 - outputTotal }
        if global.json {
            Output.write(JSONValue.object(JSONObject([("inputs", .array(inputs)), ("fee", fee.map(JSONValue.int) ?? .null),
                                                      ("next", .string(next))])).pretty + "\n")
        } else {
            var text = inputs.enumerated().map { index, input in
                "input \(index): \(input["next"]?.stringValue ?? "") next (\(input["signatures"]?.intValue ?? 0) signatures\(input["is_final"]?.boolValue == true ? ", final" : ""))"
            }.joined(separator: "\n") + "\n"
            text += "fee \(fee.map { "\($0) sat" } ?? "unknown (missing UTXOs)"), next: \(next)\n"
            Output.write(text)
        }
    }
}
