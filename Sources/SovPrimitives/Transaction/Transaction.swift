/// A reference to a transaction output.
public struct OutPoint: Hashable, Sendable {
    public var txid: Txid
    public var index: UInt32

    public init(txid: Txid, index: UInt32) {
        self.txid = txid
        self.index = index
    }

    public var isNull: Bool { index == UInt32.max && txid.hash32 == .zero }

    /// Appends the 36-byte serialization: txid, then the output index.
    public func write(to w: inout ByteWriter) {
        w.write(txid)
        w.write(index)
    }
}

public struct TxInput: Hashable, Sendable {
    public var previousOutput: OutPoint
    public var scriptSig: Script
    public var sequence: UInt32
    /// Witness stack items (empty when the input has no witness).
    public var witness: [[UInt8]]

    public init(previousOutput: OutPoint, scriptSig: Script = Script([]), sequence: UInt32 = 0xffff_ffff, witness: [[UInt8]] = []) {
        self.previousOutput = previousOutput
        self.scriptSig = scriptSig
        self.sequence = sequence
        self.witness = witness
    }
}

public struct TxOutput: Hashable, Sendable {
    /// Amount in satoshis.
    public var value: Int64
    public var scriptPubKey: Script

    public init(value: Int64, scriptPubKey: Script) {
        self.value = value
        self.scriptPubKey = scriptPubKey
    }

    /// Appends the serialization: amount, then the length-prefixed script.
    public func write(to w: inout ByteWriter) {
        w.write(value)
        w.writeVarBytes(scriptPubKey.bytes)
    }
}

/// A Bitcoin transaction, legacy or segwit serialization.
public struct Transaction: Hashable, Sendable {
    public var version: UInt32
    public var inputs: [TxInput]
    public var outputs: [TxOutput]
    public var lockTime: UInt32

    public init(version: UInt32 = 2, inputs: [TxInput], outputs: [TxOutput], lockTime: UInt32 = 0) {
        self.version = version
        self.inputs = inputs
        self.outputs = outputs
        self.lockTime = lockTime
    }

    public var hasWitness: Bool { inputs.contains { !$0.witness.isEmpty } }
    public var isCoinbase: Bool { inputs.count == 1 && inputs[0].previousOutput.isNull }

    // MARK: Serialization

    public func serialized(includingWitness: Bool = true) -> [UInt8] {
        var w = ByteWriter(capacity: 256)
        write(to: &w, includingWitness: includingWitness)
        return w.bytes
    }

    public func write(to w: inout ByteWriter, includingWitness: Bool = true) {
        let witness = includingWitness && hasWitness
        w.write(version)
        if witness { w.write(UInt8(0)); w.write(UInt8(1)) }
        w.writeCompactSize(inputs.count)
        for input in inputs {
            input.previousOutput.write(to: &w)
            w.writeVarBytes(input.scriptSig.bytes)
            w.write(input.sequence)
        }
        w.writeCompactSize(outputs.count)
        for output in outputs { output.write(to: &w) }
        if witness {
            for input in inputs {
                w.writeCompactSize(input.witness.count)
                for item in input.witness { w.writeVarBytes(item) }
            }
        }
        w.write(lockTime)
    }

    /// Reads one transaction with Core's rules; `allowWitness` false reads the legacy form only
    /// (a zero input count is then a transaction with no inputs).
    public init(from r: inout ByteReader, allowWitness: Bool = true) throws(DecodingError) {
        version = try r.readUInt32("transaction version")
        var flags: UInt8 = 0
        inputs = try Transaction.readInputs(&r)
        if inputs.isEmpty && allowWitness {
            flags = try r.readUInt8("segwit flag")
            if flags != 0 {
                inputs = try Transaction.readInputs(&r)
                outputs = try Transaction.readOutputs(&r)
            } else {
                outputs = []
            }
        } else {
            outputs = try Transaction.readOutputs(&r)
        }
        if flags & 1 != 0 && allowWitness {
            flags ^= 1
            for i in inputs.indices {
                let count = try r.readCount("witness item count", minimumItemSize: 1)
                var stack: [[UInt8]] = []
                stack.reserveCapacity(count)
                for _ in 0..<count { stack.append(try r.readVarBytes("witness item")) }
                inputs[i].witness = stack
            }
            if !inputs.contains(where: { !$0.witness.isEmpty }) { throw DecodingError(offset: r.position, "superfluous witness record") }
        }
        if flags != 0 { throw DecodingError(offset: r.position, "unknown transaction optional data") }
        lockTime = try r.readUInt32("lock time")
    }

    static func readInputs(_ r: inout ByteReader) throws(DecodingError) -> [TxInput] {
        let count = try r.readCount("input count", minimumItemSize: 41)
        var inputs: [TxInput] = []
        inputs.reserveCapacity(count)
        for _ in 0..<count {
            let txid = Txid(try r.readHash32("previous txid"))
            let index = try r.readUInt32("previous output index")
            let script = try r.readVarBytes("scriptSig")
            let sequence = try r.readUInt32("sequence")
            inputs.append(TxInput(previousOutput: OutPoint(txid: txid, index: index), scriptSig: Script(script), sequence: sequence))
        }
        return inputs
    }

    static func readOutputs(_ r: inout ByteReader) throws(DecodingError) -> [TxOutput] {
        let count = try r.readCount("output count", minimumItemSize: 9)
        var outputs: [TxOutput] = []
        outputs.reserveCapacity(count)
        for _ in 0..<count {
            let value = try r.readInt64("output value")
            let script = try r.readVarBytes("scriptPubKey")
            outputs.append(TxOutput(value: value, scriptPubKey: Script(script)))
        }
        return outputs
    }

    /// Decodes a whole buffer as one transaction the way `decoderawtransaction` does: both the segwit and
    /// the legacy reading are tried; one that leaves bytes over is rejected; when both succeed, the one
    /// whose scripts look sane wins, the segwit one on a tie.
    public init(bytes: [UInt8]) throws(DecodingError) {
        var extended: Transaction?
        var legacy: Transaction?
        var firstError: DecodingError?
        var r = ByteReader(bytes)
        do {
            let tx = try Transaction(from: &r, allowWitness: true)
            if r.isAtEnd { extended = tx } else { firstError = DecodingError(offset: r.position, "\(r.remaining) bytes after the end of the transaction") }
        } catch { firstError = error }
        r = ByteReader(bytes)
        if let tx = try? Transaction(from: &r, allowWitness: false), r.isAtEnd { legacy = tx }
        switch (extended, legacy) {
        case (let e?, let l?): self = (!e.hasSaneScripts && l.hasSaneScripts) ? l : e
        case (let e?, nil): self = e
        case (nil, let l?): self = l
        case (nil, nil): throw firstError ?? DecodingError("not a transaction")
        }
    }

    /// Core's `CheckTxScriptsSanity`.
    var hasSaneScripts: Bool {
        if !isCoinbase {
            for input in inputs where !input.scriptSig.hasValidOps || input.scriptSig.count > Script.maxSize { return false }
        }
        for output in outputs where !output.scriptPubKey.hasValidOps || output.scriptPubKey.count > Script.maxSize { return false }
        return true
    }

    // MARK: Identity and size

    public var txid: Txid { Txid(Hashes.hash256Hash32(serialized(includingWitness: false))) }
    /// The wtxid (the hash of the serialization with witness data; equal to the txid without any).
    public var wtxid: Txid { Txid(Hashes.hash256Hash32(serialized(includingWitness: true))) }

    public var totalSize: Int { serialized(includingWitness: true).count }
    public var strippedSize: Int { serialized(includingWitness: false).count }
    public var weight: Int { strippedSize * 3 + totalSize }
    public var virtualSize: Int { (weight + 3) / 4 }
}

/// Both serializations of a transaction computed once: sizes and ids without re-serializing.
public struct TransactionMetrics: Sendable {
    public let txid: Txid
    public let wtxid: Txid
    public let size: Int
    public let strippedSize: Int
    public var weight: Int { strippedSize * 3 + size }
    public var virtualSize: Int { (weight + 3) / 4 }

    public init(_ tx: Transaction) {
        let stripped = tx.serialized(includingWitness: false)
        txid = Txid(Hashes.hash256Hash32(stripped))
        strippedSize = stripped.count
        if tx.hasWitness {
            let full = tx.serialized(includingWitness: true)
            wtxid = Txid(Hashes.hash256Hash32(full))
            size = full.count
        } else {
            wtxid = txid
            size = stripped.count
        }
    }
}
