import SovKeys
import SovPrimitives

/// Where a key came from: `[fingerprint/path]` in front of a key expression.
public struct KeyOrigin: Hashable, Sendable {
    /// The 4-byte fingerprint of the key the path starts from.
    public var fingerprint: [UInt8]
    public var path: DerivationPath

    public init(fingerprint: [UInt8], path: DerivationPath) {
        self.fingerprint = fingerprint
        self.path = path
    }
}

/// One key expression of a descriptor (Core's `PubkeyProvider`), after multipath expansion: a fixed key
/// (hex or WIF) or an extended key with a path and optional wildcard, optionally with an origin.
public struct DescriptorKey: Hashable, Sendable {
    public enum Source: Hashable, Sendable {
        /// A hex public key, or the public key of a WIF secret (kept in `secret`).
        case single(PublicKey, secret: PrivateKey?)
        /// An xpub/xprv, the path written after it, and the final wildcard if the key is ranged.
        case extended(ExtendedKey, path: DerivationPath, wildcard: DerivationPath.Wildcard?)
    }

    public var origin: KeyOrigin?
    public var source: Source
    /// A fixed key written (and so printed) in 32-byte x-only form; only inside `tr()`/`rawtr()`.
    public var isXOnly: Bool
    /// Whether hardened steps print as `'` rather than `h` (Core keeps the style of the last hardened
    /// marker it read in the expression).
    public var usesApostrophe: Bool

    public init(origin: KeyOrigin? = nil, source: Source, isXOnly: Bool = false, usesApostrophe: Bool = false) {
        self.origin = origin
        self.source = source
        self.isXOnly = isXOnly
        self.usesApostrophe = usesApostrophe
    }

    /// Whether the key stands for a different key at each index (a wildcard).
    public var isRange: Bool {
        if case .extended(_, _, let wildcard) = source { return wildcard != nil }
        return false
    }

    /// Whether the expression carries secret material (a WIF or an xprv).
    public var hasPrivateKey: Bool {
        switch source {
        case .single(_, let secret): return secret != nil
        case .extended(let key, _, _): return key.isPrivate
        }
    }

    /// The size of the derived public key in a script (33, or 65 for an uncompressed fixed key).
    public var keySize: Int {
        if case .single(let key, _) = source { return key.bytes.count }
        return 33
    }

    /// The public form Core prints (`PubkeyProvider::ToString`): secrets replaced by their public keys
    /// (an xprv by its xpub with the same path), the origin and hardened-marker style kept.
    public var publicString: String {
        var out = ""
        if let origin {
            out += "[" + origin.fingerprint.hex + origin.path.formatted(apostrophe: usesApostrophe) + "]"
        }
        switch source {
        case .single(let key, _):
            out += isXOnly ? key.xOnly.hex : key.bytes.hex
        case .extended(let key, let path, let wildcard):
            out += key.neutered.encoded + path.formatted(apostrophe: usesApostrophe)
            switch wildcard {
            case nil: break
            case .unhardened: out += "/*"
            case .hardened: out += usesApostrophe ? "/*'" : "/*h"
            }
        }
        return out
    }

    /// Core's normalized form (`ToNormalizedString`, what `listdescriptors` prints): an extended key with
    /// hardened steps is replaced by the xpub at its last hardened step, that step's path moved into the
    /// origin, and `h` used throughout. Nil when that needs a secret that is not there.
    public var normalizedString: String? {
        guard case .extended(let key, let path, let wildcard) = source else { return publicString }
        var normalized = self
        normalized.usesApostrophe = false
        if wildcard == .hardened { return normalized.publicString }
        guard let last = path.components.lastIndex(where: { $0 & DerivationPath.hardenedBit != 0 }) else {
            return publicString
        }
        let prefix = DerivationPath(Array(path.components[...last]))
        guard key.isPrivate, let lastHardened = try? key.derive(path: prefix) else { return nil }
        let rest = DerivationPath(Array(path.components[(last + 1)...]))
        normalized.origin = KeyOrigin(fingerprint: origin?.fingerprint ?? key.fingerprint,
                                      path: DerivationPath((origin?.path.components ?? []) + prefix.components))
        normalized.source = .extended(lastHardened.neutered, path: rest, wildcard: wildcard)
        return normalized.publicString
    }

    /// The full derivation path from the extended key for `index` (the wildcard filled in).
    func fullPath(at index: UInt32) throws(DecodingError) -> DerivationPath {
        guard case .extended(_, let path, let wildcard) = source else { return DerivationPath() }
        switch wildcard {
        case nil: return path
        case .unhardened?, .hardened?:
            guard index < DerivationPath.hardenedBit else { throw DecodingError("derivation index \(index) is out of range") }
            return path.appending(wildcard == .hardened ? index | DerivationPath.hardenedBit : index)
        }
    }

    /// The public key at `index` (ignored for keys that are not ranged). Hardened steps need the xprv:
    /// from an xpub they throw, as Core's `deriveaddresses` refuses without private keys.
    public func publicKey(at index: UInt32) throws(DecodingError) -> PublicKey {
        switch source {
        case .single(let key, _):
            return key
        case .extended(let key, _, _):
            let path = try fullPath(at: index)
            if !key.isPrivate && path.hasHardenedStep {
                throw DecodingError("cannot derive a hardened step from an extended public key without its private key")
            }
            return try key.derive(path: path).publicKey
        }
    }

    /// The x-only form of the key at `index`, as taproot scripts use it.
    public func xOnlyKey(at index: UInt32) throws(DecodingError) -> XOnlyPublicKey {
        XOnlyPublicKey(try publicKey(at: index))
    }
}
