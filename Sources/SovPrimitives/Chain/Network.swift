/// The Bitcoin networks sov knows, with the encoding parameters each one uses.
public enum Network: String, Sendable, CaseIterable, Codable {
    case main
    case test
    case testnet4
    case signet
    case regtest

    public var pubkeyHashPrefix: UInt8 { self == .main ? 0x00 : 0x6f }
    public var scriptHashPrefix: UInt8 { self == .main ? 0x05 : 0xc4 }
    public var wifPrefix: UInt8 { self == .main ? 0x80 : 0xef }
    public var bech32HRP: String {
        switch self {
        case .main: return "bc"
        case .regtest: return "bcrt"
        case .test, .testnet4, .signet: return "tb"
        }
    }
    public var extendedPublicVersion: UInt32 { self == .main ? 0x0488_B21E : 0x0435_87CF }
    public var extendedPrivateVersion: UInt32 { self == .main ? 0x0488_ADE4 : 0x0435_8394 }

    /// Core's default RPC port for the network.
    public var rpcPort: Int {
        switch self {
        case .main: return 8332
        case .test: return 18332
        case .testnet4: return 48332
        case .signet: return 38332
        case .regtest: return 18443
        }
    }

    /// The message start bytes that begin each record in `blk*.dat`.
    public var magic: [UInt8] {
        switch self {
        case .main: return [0xf9, 0xbe, 0xb4, 0xd9]
        case .test: return [0x0b, 0x11, 0x09, 0x07]
        case .testnet4: return [0x1c, 0x16, 0x3f, 0x28]
        case .signet: return [0x0a, 0x03, 0xcf, 0x40]
        case .regtest: return [0xfa, 0xbf, 0xb5, 0xda]
        }
    }

    /// Networks sharing this one's address encodings (testnet, testnet4 and signet share `tb` and Base58 prefixes).
    public var addressFamily: String {
        switch self {
        case .main: return "main"
        case .regtest: return "regtest"
        case .test, .testnet4, .signet: return "test"
        }
    }
}
