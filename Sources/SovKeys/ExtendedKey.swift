import CSecp256k1
import SovPrimitives

/// A BIP32 extended key (xpub/xprv, tpub/tprv): a key with its chain code and place in the tree.
public struct ExtendedKey: Hashable, Sendable {
    /// The key itself: a secret (xprv) or only its public key (xpub).
    public enum Material: Hashable, Sendable {
        case privateKey(PrivateKey)
        case publicKey(PublicKey)
    }

    /// The network whose version bytes the key is encoded with. Decoding without a network yields `.main`
    /// or `.test` (testnet, testnet4, signet and regtest share the `tpub`/`tprv` versions).
    public var network: Network
    public var depth: UInt8
    /// The first 4 bytes of the parent's HASH160 (zero for a master key).
    public var parentFingerprint: [UInt8]
    /// The child number this key was derived with (hardened bit included).
    public var childNumber: UInt32
    public var chainCode: [UInt8]
    public var material: Material

    /// The serialized size (before the Base58Check checksum).
    public static let encodedSize = 78

    public init(network: Network, depth: UInt8, parentFingerprint: [UInt8], childNumber: UInt32, chainCode: [UInt8], material: Material) {
        self.network = network
        self.depth = depth
        self.parentFingerprint = parentFingerprint
        self.childNumber = childNumber
        self.chainCode = chainCode
        self.material = material
    }

    /// The BIP32 master key of `seed` (16 to 64 bytes): HMAC-SHA512 keyed "Bitcoin seed".
    public static func master(seed: [UInt8], network: Network) throws(DecodingError) -> ExtendedKey {
        guard seed.count >= 16 && seed.count <= 64 else { throw DecodingError("seed must be 16 to 64 bytes, got \(seed.count)") }
        let i = Hashes.hmacSHA512(key: Array("Bitcoin seed".utf8), data: seed)
        let key = try PrivateKey(Array(i[0..<32]))
        return ExtendedKey(network: network, depth: 0, parentFingerprint: [0, 0, 0, 0], childNumber: 0,
                           chainCode: Array(i[32..<64]), material: .privateKey(key))
    }

    public var isPrivate: Bool { if case .privateKey = material { return true }; return false }

    public var privateKey: PrivateKey? { if case .privateKey(let k) = material { return k }; return nil }

    /// The compressed public key.
    public var publicKey: PublicKey {
        switch material {
        case .privateKey(let k): return k.publicKey
        case .publicKey(let k): return k
        }
    }

    /// The first 4 bytes of HASH160 of the public key: what children record as their parent fingerprint,
    /// and what key origins (`[fingerprint/path]`) name.
    public var fingerprint: [UInt8] { Array(publicKey.hash160.prefix(4)) }

    /// Whether this key was derived with a hardened child number.
    public var isHardenedChild: Bool { childNumber & DerivationPath.hardenedBit != 0 }

    /// The extended public key (`Neuter`).
    public var neutered: ExtendedKey {
        var copy = self
        copy.material = .publicKey(publicKey)
        return copy
    }

    /// The 4-byte version for this key's kind and network.
    public var version: UInt32 { isPrivate ? network.extendedPrivateVersion : network.extendedPublicVersion }

    /// The four-letter prefix the Base58 form starts with: xpub, xprv, tpub or tprv.
    public var prefix: String { (network == .main ? "x" : "t") + (isPrivate ? "prv" : "pub") }

    /// The 78 serialized bytes.
    public var serialized: [UInt8] {
        var w = ByteWriter(capacity: ExtendedKey.encodedSize)
        w.write(bytes: [UInt8(version >> 24), UInt8(version >> 16 & 0xff), UInt8(version >> 8 & 0xff), UInt8(version & 0xff)])
        w.write(depth)
        w.write(bytes: parentFingerprint)
        w.write(bytes: [UInt8(childNumber >> 24), UInt8(childNumber >> 16 & 0xff), UInt8(childNumber >> 8 & 0xff), UInt8(childNumber & 0xff)])
        w.write(bytes: chainCode)
        switch material {
        case .privateKey(let k): w.write(UInt8(0)); w.write(bytes: k.bytes)
        case .publicKey(let k): w.write(bytes: k.compressed)
        }
        return w.bytes
    }

    /// The Base58Check text (xpub…, tprv…).
    public var encoded: String { Base58.encodeCheck(serialized) }

    /// Decodes an extended key. With `network`, its version bytes must be that network's (Core's
    /// `DecodeExtKey`/`DecodeExtPubKey`); without, mainnet and test versions are both accepted.
    /// Enforces BIP32's validity rules (test vector 5): known version, key type matching the version,
    /// secret in range, public key on the curve, and a depth-0 key with zero parent fingerprint and index.
    public init(_ text: String, network: Network? = nil) throws(DecodingError) {
        let data = try Base58.decodeCheck(text, maxLength: ExtendedKey.encodedSize)
        try self.init(serialized: data, network: network)
    }

    /// Decodes the 78 serialized bytes (see `init(_:network:)`).
    public init(serialized data: [UInt8], network: Network? = nil) throws(DecodingError) {
        guard data.count == ExtendedKey.encodedSize else {
            throw DecodingError("extended key must be \(ExtendedKey.encodedSize) bytes, got \(data.count)")
        }
        let version = data[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let candidates: [Network] = network.map { [$0] } ?? [.main, .test]
        var resolved: (Network, Bool)?
        for candidate in candidates {
            if version == candidate.extendedPrivateVersion { resolved = (candidate, true); break }
            if version == candidate.extendedPublicVersion { resolved = (candidate, false); break }
        }
        guard let (keyNetwork, isPrivate) = resolved else {
            let known = [Network.main, .test].contains { version == $0.extendedPublicVersion || version == $0.extendedPrivateVersion }
            throw DecodingError(offset: 0, known ? "extended key version is not for \(network?.rawValue ?? "this network")"
                                                 : "unknown extended key version \(String(version, radix: 16))")
        }
        let depth = data[4]
        let parentFingerprint = Array(data[5..<9])
        let childNumber = data[9..<13].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        if depth == 0 {
            guard parentFingerprint == [0, 0, 0, 0] else { throw DecodingError(offset: 5, "zero depth with non-zero parent fingerprint") }
            guard childNumber == 0 else { throw DecodingError(offset: 9, "zero depth with non-zero child number") }
        }
        let keyData = Array(data[45..<78])
        let material: Material
        if isPrivate {
            guard keyData[0] == 0 else { throw DecodingError(offset: 45, "private extended key must have 00 before the key, got \(keyData[0])") }
            do { material = .privateKey(try PrivateKey(Array(keyData[1...]))) } catch {
                throw DecodingError(offset: 46, "invalid private key in extended key: \(error.reason)")
            }
        } else {
            guard keyData[0] == 2 || keyData[0] == 3 else { throw DecodingError(offset: 45, "invalid public key prefix \(keyData[0])") }
            do { material = .publicKey(try PublicKey(keyData)) } catch {
                throw DecodingError(offset: 45, "invalid public key in extended key: \(error.reason)")
            }
        }
        self.init(network: keyNetwork, depth: depth, parentFingerprint: parentFingerprint, childNumber: childNumber,
                  chainCode: Array(data[13..<45]), material: material)
    }

    /// The child `index` (CKDpriv for private keys, CKDpub for public ones; hardened needs the secret).
    /// Throws in BIP32's vanishingly rare invalid-child cases and past depth 255.
    public func derive(_ index: UInt32) throws(DecodingError) -> ExtendedKey {
        guard depth < UInt8.max else { throw DecodingError("cannot derive below depth 255") }
        let hardened = index & DerivationPath.hardenedBit != 0
        var data: [UInt8]
        switch material {
        case .privateKey(let k) where hardened: data = [0] + k.bytes
        case .publicKey where hardened:
            throw DecodingError("cannot derive hardened child \(index & ~DerivationPath.hardenedBit)h from a public key")
        default: data = publicKey.compressed
        }
        data += [UInt8(index >> 24), UInt8(index >> 16 & 0xff), UInt8(index >> 8 & 0xff), UInt8(index & 0xff)]
        let i = Hashes.hmacSHA512(key: chainCode, data: data)
        let tweak = Array(i[0..<32])
        let childMaterial: Material
        switch material {
        case .privateKey(let k): childMaterial = .privateKey(try k.tweakedAdd(tweak))
        case .publicKey(let k): childMaterial = .publicKey(try k.tweakedAdd(tweak))
        }
        return ExtendedKey(network: network, depth: depth + 1, parentFingerprint: fingerprint, childNumber: index,
                           chainCode: Array(i[32..<64]), material: childMaterial)
    }

    /// The key at `path` below this one.
    public func derive(path: DerivationPath) throws(DecodingError) -> ExtendedKey {
        var key = self
        for index in path.components { key = try key.derive(index) }
        return key
    }
}
