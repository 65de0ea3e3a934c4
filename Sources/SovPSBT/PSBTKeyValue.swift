import SovPrimitives

/// One key-value pair of a PSBT map exactly as serialized: `<keylen><keytype><keydata> <valuelen><value>`.
public struct PSBTKeyValue: Hashable, Sendable {
    /// The whole key: its CompactSize type followed by the key data.
    public let key: [UInt8]
    public let value: [UInt8]
    /// The key type (the CompactSize at the start of the key).
    public let type: UInt64
    /// How many bytes of `key` the type takes.
    let typeLength: Int

    /// A pair from a key whose type is already known to parse.
    init(key: [UInt8], value: [UInt8], type: UInt64, typeLength: Int) {
        self.key = key
        self.value = value
        self.type = type
        self.typeLength = typeLength
    }

    /// Builds a pair from a key and value; throws when the key is empty or its type is not a canonical
    /// CompactSize.
    public init(key: [UInt8], value: [UInt8]) throws(DecodingError) {
        guard !key.isEmpty else { throw DecodingError("a PSBT key cannot be empty") }
        var r = ByteReader(key)
        type = try r.readCompactSize("key type")
        typeLength = r.position
        self.key = key
        self.value = value
    }

    /// The key after its type.
    public var keyData: ArraySlice<UInt8> { key[typeLength...] }

    /// Appends the serialized pair.
    public func write(to w: inout ByteWriter) {
        w.writeVarBytes(key)
        w.writeVarBytes(value)
    }
}

/// A key-value pair with the byte offset of its key in the PSBT it was read from (for error messages).
struct PSBTRecord {
    var pair: PSBTKeyValue
    var offset: Int

    var key: [UInt8] { pair.key }
    var value: [UInt8] { pair.value }
    var type: UInt64 { pair.type }
    var keyData: ArraySlice<UInt8> { pair.keyData }

    /// An error about this record, with Core's message.
    func error(_ reason: String) -> DecodingError { DecodingError(offset: offset, reason) }

    /// Throws Core's "key is more than one byte type" style error unless the key is the bare type.
    func requireBareKey(_ message: String) throws(DecodingError) {
        guard key.count == 1 else { throw error(message) }
    }

    /// Reads the value as one object that must fill it exactly (Core's `UnserializeFromVector`).
    func readValue<T>(_ body: (inout ByteReader) throws(DecodingError) -> T) throws(DecodingError) -> T {
        var r = ByteReader(value)
        let result: T
        do { result = try body(&r) } catch { throw DecodingError(offset: offset, error.reason) }
        guard r.isAtEnd else { throw self.error("Size of value was not the stated size") }
        return result
    }

    /// The value as a fixed-size object of `size` bytes (a hash, key or integer inside a value).
    func fixedValue(_ size: Int) throws(DecodingError) -> [UInt8] {
        guard value.count == size else { throw error("Size of value was not the stated size") }
        return value
    }

    func uint32Value() throws(DecodingError) -> UInt32 {
        try readValue { (r: inout ByteReader) throws(DecodingError) in try r.readUInt32("value") }
    }
}

/// Reads and writes the `<key> <value>` sequences that make up PSBT maps.
enum PSBTMapCoding {
    /// Reads key-value pairs up to and including the separator (an empty key). `what` names the map in
    /// Core's "Separator is missing at the end of ..." error. Duplicate keys are rejected.
    static func readMap(_ r: inout ByteReader, what: String, onRecord: (PSBTRecord) throws(DecodingError) -> Void) throws(DecodingError) -> [PSBTKeyValue] {
        var pairs: [PSBTKeyValue] = []
        var seen = Set<[UInt8]>()
        while !r.isAtEnd {
            let offset = r.position
            let key = try r.readVarBytes("key")
            if key.isEmpty { return pairs }
            var keyReader = ByteReader(key)
            let type: UInt64
            do { type = try keyReader.readCompactSize("key type") } catch {
                throw DecodingError(offset: offset, error.reason)
            }
            guard seen.insert(key).inserted else {
                throw DecodingError(offset: offset, "Duplicate Key, \(what) key \"\(key.hex)\" already provided")
            }
            let value = try r.readVarBytes("value")
            let pair = PSBTKeyValue(key: key, value: value, type: type, typeLength: keyReader.position)
            try onRecord(PSBTRecord(pair: pair, offset: offset))
            pairs.append(pair)
        }
        throw DecodingError(offset: r.position, "Separator is missing at the end of \(what == "global" ? "the global map" : "an \(what) map")")
    }

    /// Appends a map and its separator.
    static func writeMap(_ pairs: [PSBTKeyValue], to w: inout ByteWriter) {
        for pair in pairs { pair.write(to: &w) }
        w.write(UInt8(0))
    }
}
