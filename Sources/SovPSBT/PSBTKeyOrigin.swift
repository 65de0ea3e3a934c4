import SovPrimitives

/// Where a key comes from: the master key fingerprint and the BIP32 derivation path (Core's
/// `KeyOriginInfo`). Ordered as Core orders them: fingerprint bytes, then shorter paths, then path values.
public struct PSBTKeyOrigin: Hashable, Sendable, Comparable {
    /// The first four bytes of the master key's hash160.
    public var fingerprint: [UInt8]
    /// Child indexes; hardened ones have the top bit set.
    public var path: [UInt32]

    public init(fingerprint: [UInt8], path: [UInt32]) {
        self.fingerprint = fingerprint
        self.path = path
    }

    /// Reads an origin that fills `length` bytes: a 4-byte fingerprint and little-endian indexes (Core's
    /// `DeserializeKeyOrigin`).
    init(from r: inout ByteReader, length: Int) throws(DecodingError) {
        guard length % 4 == 0, length > 0 else { throw DecodingError(offset: r.position, "Invalid length for HD key path") }
        fingerprint = try r.readBytes(4, "key fingerprint")
        var path: [UInt32] = []
        path.reserveCapacity(min(length / 4 - 1, r.remaining / 4))
        for _ in 1..<(length / 4) { path.append(try r.readUInt32("derivation index")) }
        self.path = path
    }

    /// The fingerprint as eight hex digits.
    public var fingerprintHex: String { fingerprint.hex }

    /// The path as Core writes it (`WriteHDKeypath`): `m/84h/1h/0h/0/5`.
    public var pathString: String {
        var out = "m"
        for index in path {
            out += "/" + String(index & 0x7fff_ffff)
            if index & 0x8000_0000 != 0 { out += "h" }
        }
        return out
    }

    public static func < (a: PSBTKeyOrigin, b: PSBTKeyOrigin) -> Bool {
        if a.fingerprint != b.fingerprint { return a.fingerprint.lexicographicallyPrecedes(b.fingerprint) }
        if a.path.count != b.path.count { return a.path.count < b.path.count }
        return a.path.lexicographicallyPrecedes(b.path)
    }
}

/// A public key with its BIP32 origin (`PSBT_IN_BIP32_DERIVATION`, `PSBT_OUT_BIP32_DERIVATION`).
public struct PSBTKeyPath: Hashable, Sendable {
    /// The serialized public key (33 or 65 bytes).
    public var publicKey: [UInt8]
    public var origin: PSBTKeyOrigin
}

/// An ECDSA signature for a public key (`PSBT_IN_PARTIAL_SIG`), hash type byte included.
public struct PSBTPartialSignature: Hashable, Sendable {
    public var publicKey: [UInt8]
    public var signature: [UInt8]
}

/// A hash and the data that hashes to it (`PSBT_IN_RIPEMD160` and friends).
public struct PSBTPreimage: Hashable, Sendable {
    /// The hash as serialized in the key.
    public var hash: [UInt8]
    public var preimage: [UInt8]
}

/// Orders by bytes the way Core's `std::map` keys of byte arrays and `uint256` (memcmp) order.
func byteOrder(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.lexicographicallyPrecedes(b) }
