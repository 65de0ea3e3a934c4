import SovKeys
import SovPrimitives

/// An output descriptor in Bitcoin Core's language (BIP380–386 and Core's extensions), parsed for one
/// network.
///
/// Supported: `pk pkh wpkh combo sh wsh multi sortedmulti multi_a sortedmulti_a tr rawtr addr raw`, key
/// origins `[fingerprint/path]`, hex keys (x-only inside `tr`), WIF, xpub/xprv/tpub/tprv with paths,
/// ranged `/*` and `/*h`, and multipath `<a;b;…>` (which makes several descriptors, as in Core).
/// Miniscript expressions other than these fragments are rejected with an error saying so.
public struct Descriptor: Hashable, Sendable, CustomStringConvertible {
    public let node: DescriptorNode
    /// The network addresses, WIF and extended keys are read and written for.
    public let network: Network

    public init(node: DescriptorNode, network: Network) {
        self.node = node
        self.network = network
    }

    /// Parses a descriptor that is not multipath (see `parse` for multipath ones).
    /// A `#checksum` suffix is verified when present; with `requireChecksum` it must be present.
    public init(_ text: String, network: Network, requireChecksum: Bool = false) throws(DecodingError) {
        let all = try Descriptor.parse(text, network: network, requireChecksum: requireChecksum)
        guard all.count == 1 else { throw DecodingError("multipath descriptor expands to \(all.count) descriptors; use Descriptor.parse") }
        self = all[0]
    }

    /// Parses a descriptor (Core's `Parse`): one result, or one per multipath alternative (`<0;1>`), in
    /// order. Throws `DecodingError` with Core's reason and, where known, the character offset.
    public static func parse(_ text: String, network: Network, requireChecksum: Bool = false) throws(DecodingError) -> [Descriptor] {
        try DescriptorParser(network: network).parse(text, requireChecksum: requireChecksum).map { Descriptor(node: $0, network: network) }
    }

    /// The public form without checksum (secrets replaced by their public keys).
    public var publicString: String { node.publicString(network: network) }

    /// The public form with checksum, as `getdescriptorinfo` prints it in `descriptor`.
    public var description: String { DescriptorChecksum.adding(to: publicString) }

    /// Core's normalized form with checksum (`listdescriptors`): xpubs at their last hardened step with
    /// that path in the origin. Nil when a hardened step needs a secret that is not there.
    public var normalizedDescription: String? { node.normalizedString(network: network).map(DescriptorChecksum.adding(to:)) }

    public var isRange: Bool { node.isRange }
    public var isSolvable: Bool { node.isSolvable }
    public var hasPrivateKeys: Bool { node.hasPrivateKeys }

    /// The output scripts at `index` (ignored when not ranged).
    public func outputScripts(at index: UInt32 = 0) throws(DecodingError) -> [Script] {
        try node.outputScripts(at: index)
    }

    /// What the descriptor expands to at one index: output scripts and, for `sh()`/`wsh()`, the scripts
    /// they commit to.
    public struct Expansion: Sendable {
        public var outputScripts: [Script]
        /// The P2SH redeem script (`sh(...)`).
        public var redeemScript: Script?
        /// The P2WSH witness script (`wsh(...)`, `sh(wsh(...))`).
        public var witnessScript: Script?
    }

    /// Expands at `index` (Core's `Expand`).
    public func expand(at index: UInt32 = 0) throws(DecodingError) -> Expansion {
        var expansion = Expansion(outputScripts: try node.outputScripts(at: index))
        var current = node
        if case .sh(let inner) = current {
            expansion.redeemScript = try inner.script(at: index)
            current = inner
        }
        if case .wsh(let inner) = current { expansion.witnessScript = try inner.script(at: index) }
        return expansion
    }

    /// The addresses of the output scripts at `index` (scripts without one, like P2PK, are left out).
    public func addresses(at index: UInt32 = 0) throws(DecodingError) -> [String] {
        try outputScripts(at: index).compactMap { Address(script: $0)?.encoded(for: network) }
    }
}
