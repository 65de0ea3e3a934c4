/// A destination that an address string names, and its output script.
public enum Address: Hashable, Sendable {
    case pubkeyHash([UInt8])
    case scriptHash([UInt8])
    case witness(version: Int, program: [UInt8])

    /// The address for an output script, when there is one (Core's `ExtractDestination`, P2PK excluded).
    public init?(script: Script) {
        let template = ScriptTemplate(script)
        switch template.type {
        case .pubkeyhash: self = .pubkeyHash(template.solutions[0])
        case .scripthash: self = .scriptHash(template.solutions[0])
        case .witnessV0KeyHash, .witnessV0ScriptHash: self = .witness(version: 0, program: template.solutions[0])
        case .witnessV1Taproot: self = .witness(version: 1, program: template.solutions[0])
        case .witnessUnknown: self = .witness(version: Int(template.solutions[0][0]), program: template.solutions[1])
        case .anchor: self = .witness(version: 1, program: [0x4e, 0x73])
        case .nonstandard, .pubkey, .multisig, .nulldata: return nil
        }
    }

    public var scriptPubKey: Script {
        switch self {
        case .pubkeyHash(let h): return Script([Opcode.opDup, Opcode.opHash160, 20] + h + [Opcode.opEqualVerify, Opcode.opCheckSig])
        case .scriptHash(let h): return Script([Opcode.opHash160, 20] + h + [Opcode.opEqual])
        case .witness(let version, let program):
            return Script([version == 0 ? 0 : UInt8(0x50 + version), UInt8(program.count)] + program)
        }
    }

    /// The address text on `network` (Core's `EncodeDestination`).
    public func encoded(for network: Network) -> String {
        switch self {
        case .pubkeyHash(let h): return Base58.encodeCheck([network.pubkeyHashPrefix] + h)
        case .scriptHash(let h): return Base58.encodeCheck([network.scriptHashPrefix] + h)
        case .witness(let version, let program):
            let data = [UInt8(version)] + Bech32.convertBits(program, from: 8, to: 5, pad: true)!
            return Bech32.encode(hrp: network.bech32HRP, data: data, encoding: version == 0 ? .bech32 : .bech32m)
        }
    }

    /// Parses an address valid on `network` (Core's `DecodeDestination` rules).
    public init(_ text: String, network: Network) throws(DecodingError) {
        let lower = text.lowercased()
        if lower.hasPrefix(network.bech32HRP + "1") {
            self = try Address.decodeSegwit(text, hrp: network.bech32HRP)
            return
        }
        let payload: [UInt8]
        do { payload = try Base58.decodeCheck(text, maxLength: 21) } catch {
            if lower.contains("1"), (try? Bech32.decode(text)) != nil {
                throw DecodingError("address is Bech32 for another network (expected prefix \(network.bech32HRP)1)")
            }
            throw error
        }
        guard payload.count == 21 else { throw DecodingError("Base58 address payload has \(payload.count) bytes, expected 21") }
        let hash = Array(payload[1...])
        if payload[0] == network.pubkeyHashPrefix { self = .pubkeyHash(hash); return }
        if payload[0] == network.scriptHashPrefix { self = .scriptHash(hash); return }
        throw DecodingError("Base58 address version byte \(payload[0]) is not used on \(network.rawValue)")
    }

    static func decodeSegwit(_ text: String, hrp: String) throws(DecodingError) -> Address {
        let decoded = try Bech32.decode(text)
        guard decoded.hrp == hrp else { throw DecodingError("wrong Bech32 prefix \(decoded.hrp)") }
        guard let version = decoded.data.first else { throw DecodingError("empty witness program") }
        guard version <= 16 else { throw DecodingError("invalid witness version \(version)") }
        guard let program = Bech32.convertBits(Array(decoded.data.dropFirst()), from: 5, to: 8, pad: false) else {
            throw DecodingError("invalid padding in witness program")
        }
        guard program.count >= 2 && program.count <= 40 else { throw DecodingError("witness program of \(program.count) bytes") }
        if version == 0 {
            guard decoded.encoding == .bech32 else { throw DecodingError("version 0 witness address must use Bech32, not Bech32m") }
            guard program.count == 20 || program.count == 32 else {
                throw DecodingError("version 0 witness program must be 20 or 32 bytes, not \(program.count)")
            }
        } else {
            guard decoded.encoding == .bech32m else { throw DecodingError("version \(version) witness address must use Bech32m") }
        }
        return .witness(version: Int(version), program: program)
    }

    /// Tries every network: the first (in `Network.allCases` order, `preferred` first) on which `text` is valid.
    public static func detect(_ text: String, preferred: Network) -> (Address, Network)? {
        for network in [preferred] + Network.allCases {
            if let address = try? Address(text, network: network) { return (address, network) }
        }
        return nil
    }
}
