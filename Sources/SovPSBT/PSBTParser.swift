import SovKeys
import SovPrimitives

/// Reads a binary PSBT with Bitcoin Core's rules (`PartiallySignedTransaction::Unserialize` and
/// `DecodeRawPSBT`), with Core's error messages.
///
/// Version 0 follows Core as of the v31 series: the BIP370 fields are unknown pairs there, and a PSBT
/// without an unsigned transaction is rejected. Version 2 follows Core's BIP370 support: the transaction
/// is described by global and per-input/per-output fields instead.
enum PSBTParser {
    static func parse(_ bytes: [UInt8]) throws(DecodingError) -> PSBT {
        var r = ByteReader(bytes)
        let magic = try r.readBytes(5, "magic bytes")
        guard magic == PSBT.magic else { throw DecodingError(offset: 0, "Invalid PSBT magic bytes") }

        var psbt = PSBT()
        var versionTwoRecords: [PSBTRecord] = []
        psbt.globalPairs = try PSBTMapCoding.readMap(&r, what: "global") { (record: PSBTRecord) throws(DecodingError) in
            try readGlobal(record, into: &psbt, deferring: &versionTwoRecords)
        }
        let separatorEnd = r.position
        let inputCount: Int, outputCount: Int
        switch psbt.version {
        case 0:
            guard let tx = psbt.unsignedTransaction else {
                throw DecodingError(offset: separatorEnd, "No unsigned transaction was provided")
            }
            psbt.unknown += versionTwoRecords.map(\.pair)
            inputCount = tx.inputs.count
            outputCount = tx.outputs.count
        case 1:
            throw DecodingError(offset: separatorEnd, "There is no PSBT version 1")
        default:
            (inputCount, outputCount) = try readVersionTwoGlobals(versionTwoRecords, into: &psbt, at: separatorEnd)
        }
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

    /// One global pair. The BIP370 transaction fields (types 2 to 6) depend on the version, which may come
    /// later in the map, so they are set aside.
    private static func readGlobal(_ record: PSBTRecord, into psbt: inout PSBT, deferring deferred: inout [PSBTRecord]) throws(DecodingError) {
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
            guard !psbt.extendedPublicKeys.contains(where: { $0.isSameKey(as: xpub) }) else {
                throw record.error("Duplicate key, global xpub already provided")
            }
            psbt.extendedPublicKeys.append(xpub)
        case 0x02...0x06:
            deferred.append(record)
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

    /// The BIP370 global fields of a version 2 PSBT; returns the input and output counts.
    private static func readVersionTwoGlobals(_ records: [PSBTRecord], into psbt: inout PSBT, at offset: Int) throws(DecodingError) -> (Int, Int) {
        var inputCount: Int?, outputCount: Int?
        for record in records {
            switch record.type {
            case 0x02:
                try PSBTInput.requireV2BareKey(record, "Global Transaction Version")
                psbt.transactionVersion = try record.uint32Value()
            case 0x03:
                try PSBTInput.requireV2BareKey(record, "Global Fallback Locktime")
                psbt.fallbackLocktime = try record.uint32Value()
            case 0x04:
                try PSBTInput.requireV2BareKey(record, "Global Input Count")
                inputCount = Int(try record.readValue { (r: inout ByteReader) throws(DecodingError) in try r.readCompactSize("input count") })
            case 0x05:
                try PSBTInput.requireV2BareKey(record, "Global Output Count")
                outputCount = Int(try record.readValue { (r: inout ByteReader) throws(DecodingError) in try r.readCompactSize("output count") })
            default:
                try PSBTInput.requireV2BareKey(record, "Global TX Modifiable Flags")
                psbt.transactionModifiable = try record.fixedValue(1)[0]
            }
        }
        guard psbt.transactionVersion != nil else { throw DecodingError(offset: offset, "PSBT_GLOBAL_TX_VERSION is required in PSBTv2") }
        guard let inputCount else { throw DecodingError(offset: offset, "PSBT_GLOBAL_INPUT_COUNT is required in PSBTv2") }
        guard let outputCount else { throw DecodingError(offset: offset, "PSBT_GLOBAL_OUTPUT_COUNT is required in PSBTv2") }
        guard psbt.unsignedTransaction == nil else { throw DecodingError(offset: offset, "PSBT_GLOBAL_UNSIGNED_TX is not allowed in PSBTv2") }
        return (inputCount, outputCount)
    }
}
