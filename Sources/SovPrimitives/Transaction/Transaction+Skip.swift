extension Transaction {
    /// Moves `r` past one transaction in block encoding (witness allowed), without building it: where each
    /// transaction of a block starts, at a fraction of the cost of parsing them. It reads exactly the bytes
    /// `Transaction(from:allowWitness: true)` reads and refuses what that refuses for its framing.
    public static func skip(_ r: inout ByteReader) throws(DecodingError) {
        try r.skip(4, "transaction version")
        var inputCount = try r.readCount("input count", minimumItemSize: 41)
        var hasWitness = false
        if inputCount == 0 {
            let flags = try r.readUInt8("segwit flag")
            if flags != 0 {
                guard flags == 1 else { throw DecodingError(offset: r.position, "unknown transaction optional data") }
                hasWitness = true
                inputCount = try r.readCount("input count", minimumItemSize: 41)
                try skipInputs(inputCount, &r)
                try skipOutputs(&r)
            }
        } else {
            try skipInputs(inputCount, &r)
            try skipOutputs(&r)
        }
        if hasWitness {
            for _ in 0..<inputCount {
                let items = try r.readCount("witness item count", minimumItemSize: 1)
                for _ in 0..<items { try r.skip(Int(try r.readCompactSize("witness item")), "witness item") }
            }
        }
        try r.skip(4, "lock time")
    }

    private static func skipInputs(_ count: Int, _ r: inout ByteReader) throws(DecodingError) {
        for _ in 0..<count {
            try r.skip(36, "previous output")
            try r.skip(Int(try r.readCompactSize("scriptSig")), "scriptSig")
            try r.skip(4, "sequence")
        }
    }

    private static func skipOutputs(_ r: inout ByteReader) throws(DecodingError) {
        let count = try r.readCount("output count", minimumItemSize: 9)
        for _ in 0..<count {
            try r.skip(8, "output value")
            try r.skip(Int(try r.readCompactSize("scriptPubKey")), "scriptPubKey")
        }
    }
}
