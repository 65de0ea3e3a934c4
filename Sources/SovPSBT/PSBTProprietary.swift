import SovPrimitives

/// A proprietary key-value pair (`0xFC` keys): identifier, subtype and the rest, kept whole.
public struct PSBTProprietary: Hashable, Sendable {
    public var identifier: [UInt8]
    public var subtype: UInt64
    /// The whole key, type byte included.
    public var key: [UInt8]
    public var value: [UInt8]

    /// Parses the identifier and subtype out of a proprietary key.
    init(_ record: PSBTRecord) throws(DecodingError) {
        var r = ByteReader(Array(record.keyData))
        do {
            identifier = try r.readVarBytes("proprietary identifier")
            subtype = try r.readCompactSize("proprietary subtype")
        } catch { throw record.error(error.reason) }
        key = record.key
        value = record.value
    }
}
