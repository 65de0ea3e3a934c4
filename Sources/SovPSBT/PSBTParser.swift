import SovKeys
import SovPrimitives

/// Reads a binary PSBT with Bitcoin Core's rules (`PartiallySignedTransaction::Unserialize` and
/// `DecodeRawPSBT`) and Core's error messages.
///
/// Validity follows Core with BIP370 support: version 0 needs the unsigned transaction and excludes the
/// BIP370 fields; version 2 needs the BIP370 transaction fields and excludes the unsigned transaction.
/// Messages for the BIP174 fields are those of Core's v31 series (and its test vectors).
enum PSBTParser {
    /// What reading the global map keeps besides the PSBT's fields: the BIP370 counts (checked against
    /// the version after the map) and the extended keys already seen.
    private struct GlobalState {
        var inputCount: Int?
        var outputCount: Int?
        var xpubSlots = Set<[UInt8]>()
    }

    static func parse(_ bytes: [UInt8]) throws(DecodingError) -> PSBT {
        var r = ByteReader(bytes)
        let magic = try r.readBytes(5, "magic bytes")
        guard magic == PSBT.magic else { throw DecodingError(offset: 0, "Invalid PSBT magic bytes") }

        var psbt = PSBT()
        var globals = GlobalState()
        psbt.globalPairs = try PSBTMapCoding.readMap(&r, what: "global") { (record: PSBTRecord) throws(DecodingError) in
            try readGlobal(record, into: &psbt, &globals)
        }
        let (inputCount, outputCount) = try checkVersion(psbt, globals, at: r.position)
        psbt.unknown.sort { byteOrder($0.key, $1.key) }
        psbt.proprietary.sort { byteOrder($0.key, $1.key) }
        psbt.extendedPublicKeys.sort { a, b in
            a.origin != b.origin ? a.origin < b.origin : PSBTExtendedPublicKey.precedes(a, b)
        }

        while !r.isAtEnd && psbt.inputs.count < inputCount {
            let start = r.position
            let input = try PSBTInput(from: &r, version: psbt.version)
            psbt.inputs.append(input)
            if let previous = input.nonWitnessUTXO, let outpoint = psbt.previousOutput(ofInput: psbt.inputs.count - 1) {
                guard previous.txid == outpoint.txid else {
                    throw DecodingError(offset: start, "Non-witness UTXO does not match outpoint hash")
                }
                guard Int(outpoint.index) < previous.outputs.count else {
                    throw DecodingError(offset: start, "Input specifies output index that does not exist")
                }
            }
        }
        guard psbt.inputs.count == inputCount else {
            throw DecodingError(offset: r.position, "Inputs provided does not match the number of inputs in transaction.")
        }
        while !r.isAtEnd && psbt.outputs.count < outputCount {
            psbt.outputs.append(try PSBTOutput(from: &r, version: psbt.version))
        }
        guard psbt.outputs.count == outputCount else {
            throw DecodingError(offset: r.position, "Outputs provided does not match the number of outputs in transaction.")
        }
        guard r.isAtEnd else { throw DecodingError(offset: r.position, "extra data after PSBT") }
        return psbt
    }

    private static func readGlobal(_ record: PSBTRecord, into psbt: inout PSBT, _ globals: inout GlobalState) throws(DecodingError) {
        switch record.type {
        case 0x00:
            try record.requireBareKey("Global unsigned tx key is more than one byte type")
            let tx = try record.readValue { (r: inout ByteReader) throws(DecodingError) in try Transaction(from: &r, allowWitness: false) }
            guard tx.inputs.allSatisfy({ $0.scriptSig.isEmpty && $0.witness.isEmpty }) else {
                throw record.error("Unsigned tx does not have empty scriptSigs and scriptWitnesses.")
            }
            psbt.unsignedTransaction = tx
        case 0x01:
            guard record.key.count == PSBTExtendedPublicKey.serializedSize + 1 else {
                throw record.error("Size of key was not the expected size for the type global xpub")
            }
            let serialized = Array(record.keyData)
            guard PublicKey.isFullyValid(Array(serialized[45..<78])) else { throw record.error("Invalid pubkey") }
            let origin = try record.readValue { (r: inout ByteReader) throws(DecodingError) in
                try PSBTKeyOrigin(from: &r, length: r.remaining)
            }
            let xpub = PSBTExtendedPublicKey(serialized: serialized, origin: origin)
            // Core keeps a set of keys per origin: the same key again under one origin is dropped.
            if globals.xpubSlots.insert(xpub.slot).inserted {
                psbt.extendedPublicKeys.append(xpub)
            }
        case 0x02:
            try PSBTInput.requireV2BareKey(record, "Global Transaction Version")
            psbt.transactionVersion = try record.uint32Value()
        case 0x03:
            try PSBTInput.requireV2BareKey(record, "Global Fallback Locktime")
            psbt.fallbackLocktime = try record.uint32Value()
        case 0x04:
            try PSBTInput.requireV2BareKey(record, "Global Input Count")
            globals.inputCount = Int(try record.readValue { (r: inout ByteReader) throws(DecodingError) in try r.readCompactSize("input count") })
        case 0x05:
            try PSBTInput.requireV2BareKey(record, "Global Output Count")
            globals.outputCount = Int(try record.readValue { (r: inout ByteReader) throws(DecodingError) in try r.readCompactSize("output count") })
        case 0x06:
            try PSBTInput.requireV2BareKey(record, "Global TX Modifiable Flags")
            psbt.transactionModifiable = try record.fixedValue(1)[0]
        case 0xfb:
            try record.requireBareKey("Global version key is more than one byte type")
            let version = try record.uint32Value()
            guard version <= 2 else { throw record.error("Unsupported version number") }
            psbt.declaredVersion = version
        case 0xfc:
            psbt.proprietary.append(try PSBTProprietary(record))
        default:
            psbt.unknown.append(record.pair)
        }
    }

    /// Core's checks of the global fields against the version; returns the input and output counts.
    private static func checkVersion(_ psbt: PSBT, _ globals: GlobalState, at offset: Int) throws(DecodingError) -> (Int, Int) {
        func fail(_ reason: String) -> DecodingError { DecodingError(offset: offset, reason) }
        switch psbt.version {
        case 0:
            guard let tx = psbt.unsignedTransaction else { throw fail("No unsigned transaction was provided") }
            if psbt.transactionVersion != nil { throw fail("PSBT_GLOBAL_TX_VERSION is not allowed in PSBTv0") }
            if psbt.fallbackLocktime != nil { throw fail("PSBT_GLOBAL_FALLBACK_LOCKTIME is not allowed in PSBTv0") }
            if globals.inputCount != nil { throw fail("PSBT_GLOBAL_INPUT_COUNT is not allowed in PSBTv0") }
            if globals.outputCount != nil { throw fail("PSBT_GLOBAL_OUTPUT_COUNT is not allowed in PSBTv0") }
            if psbt.transactionModifiable != nil { throw fail("PSBT_GLOBAL_TX_MODIFIABLE is not allowed in PSBTv0") }
            return (tx.inputs.count, tx.outputs.count)
        case 1:
            throw fail("There is no PSBT version 1")
        default:
            guard psbt.transactionVersion != nil else { throw fail("PSBT_GLOBAL_TX_VERSION is required in PSBTv2") }
            guard let inputCount = globals.inputCount else { throw fail("PSBT_GLOBAL_INPUT_COUNT is required in PSBTv2") }
            guard let outputCount = globals.outputCount else { throw fail("PSBT_GLOBAL_OUTPUT_COUNT is required in PSBTv2") }
            guard psbt.unsignedTransaction == nil else { throw fail("PSBT_GLOBAL_UNSIGNED_TX is not allowed in PSBTv2") }
            return (inputCount, outputCount)
        }
    }
}
