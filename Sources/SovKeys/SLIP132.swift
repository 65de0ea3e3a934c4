import SovPrimitives

/// SLIP-0132 extended keys: the BIP32 serialization with other version bytes that say which script the
/// account pays to (ypub/zpub for P2SH-P2WPKH/P2WPKH, Ypub/Zpub for multisig P2SH-P2WSH/P2WSH; upub/vpub,
/// Upub/Vpub on test networks). Wallets such as Electrum export these; sov reads them as the standard
/// xpub/tpub they are, plus the script kind.
public enum SLIP132 {
    public struct Kind: Sendable, Equatable {
        /// The four-letter prefix: "zpub", "vprv"…
        public let prefix: String
        public let isPrivate: Bool
        public let isMainnet: Bool
        /// The descriptor shape the account pays to: "sh(wpkh)", "wpkh", "sh(wsh(multi))", "wsh(multi)".
        public let scriptType: String
    }

    static let kinds: [(UInt32, Kind)] = [
        (0x049D_7CB2, Kind(prefix: "ypub", isPrivate: false, isMainnet: true, scriptType: "sh(wpkh)")),
        (0x049D_7878, Kind(prefix: "yprv", isPrivate: true, isMainnet: true, scriptType: "sh(wpkh)")),
        (0x04B2_4746, Kind(prefix: "zpub", isPrivate: false, isMainnet: true, scriptType: "wpkh")),
        (0x04B2_430C, Kind(prefix: "zprv", isPrivate: true, isMainnet: true, scriptType: "wpkh")),
        (0x0295_B43F, Kind(prefix: "Ypub", isPrivate: false, isMainnet: true, scriptType: "sh(wsh(multi))")),
        (0x0295_B005, Kind(prefix: "Yprv", isPrivate: true, isMainnet: true, scriptType: "sh(wsh(multi))")),
        (0x02AA_7ED3, Kind(prefix: "Zpub", isPrivate: false, isMainnet: true, scriptType: "wsh(multi)")),
        (0x02AA_7A99, Kind(prefix: "Zprv", isPrivate: true, isMainnet: true, scriptType: "wsh(multi)")),
        (0x044A_5262, Kind(prefix: "upub", isPrivate: false, isMainnet: false, scriptType: "sh(wpkh)")),
        (0x044A_4E28, Kind(prefix: "uprv", isPrivate: true, isMainnet: false, scriptType: "sh(wpkh)")),
        (0x045F_1CF6, Kind(prefix: "vpub", isPrivate: false, isMainnet: false, scriptType: "wpkh")),
        (0x045F_18BC, Kind(prefix: "vprv", isPrivate: true, isMainnet: false, scriptType: "wpkh")),
        (0x0242_89EF, Kind(prefix: "Upub", isPrivate: false, isMainnet: false, scriptType: "sh(wsh(multi))")),
        (0x0242_85B5, Kind(prefix: "Uprv", isPrivate: true, isMainnet: false, scriptType: "sh(wsh(multi))")),
        (0x0257_5483, Kind(prefix: "Vpub", isPrivate: false, isMainnet: false, scriptType: "wsh(multi)")),
        (0x0257_5048, Kind(prefix: "Vprv", isPrivate: true, isMainnet: false, scriptType: "wsh(multi)")),
    ]

    /// The kind of a 78-byte serialization with SLIP-0132 version bytes; nil for any other version.
    public static func kind(of serialized: [UInt8]) -> Kind? {
        guard serialized.count == ExtendedKey.encodedSize else { return nil }
        let version = serialized[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return kinds.first { $0.0 == version }?.1
    }

    /// Reads a SLIP-0132 key as the BIP32 key it is (mainnet or test versions), and its kind; nil when the
    /// serialization is not a SLIP-0132 one. The key's validity is checked as for any extended key.
    public static func decode(serialized: [UInt8]) throws(DecodingError) -> (key: ExtendedKey, kind: Kind)? {
        guard let kind = kind(of: serialized) else { return nil }
        let network: Network = kind.isMainnet ? .main : .test
        let version = kind.isPrivate ? network.extendedPrivateVersion : network.extendedPublicVersion
        var standard = serialized
        standard[0] = UInt8(version >> 24)
        standard[1] = UInt8(version >> 16 & 0xFF)
        standard[2] = UInt8(version >> 8 & 0xFF)
        standard[3] = UInt8(version & 0xFF)
        return (try ExtendedKey(serialized: standard, network: network), kind)
    }
}
