import SovPrimitives

/// A global extended public key (`PSBT_GLOBAL_XPUB`): the 78-byte BIP32 serialization and its origin.
public struct PSBTExtendedPublicKey: Hashable, Sendable {
    /// The BIP32 serialization with its version bytes: version(4) depth(1) parent fingerprint(4)
    /// child number(4) chain code(32) public key(33).
    public let serialized: [UInt8]
    public let origin: PSBTKeyOrigin

    public static let serializedSize = 78

    public var version: [UInt8] { Array(serialized[0..<4]) }
    public var depth: UInt8 { serialized[4] }
    public var chainCode: [UInt8] { Array(serialized[13..<45]) }
    public var publicKey: [UInt8] { Array(serialized[45..<78]) }

    /// Base58Check text (`xpub...`, `tpub...`), as Core prints it.
    public var base58: String { Base58.encodeCheck(serialized) }

    /// Core's `CExtPubKey` ordering and identity: public key, then chain code.
    static func precedes(_ a: PSBTExtendedPublicKey, _ b: PSBTExtendedPublicKey) -> Bool {
        if a.publicKey != b.publicKey { return byteOrder(a.publicKey, b.publicKey) }
        return byteOrder(a.chainCode, b.chainCode)
    }

    /// Identity in Core's set of keys under one origin: origin, public key and chain code.
    var slot: [UInt8] {
        var w = ByteWriter()
        w.write(bytes: origin.fingerprint)
        for index in origin.path { w.write(index) }
        w.write(bytes: publicKey)
        w.write(bytes: chainCode)
        return w.bytes
    }
}
