import SovKeys
import SovPrimitives

/// A miniscript expression inside `wsh()` or a `tr()` leaf, with descriptor keys (Core's
/// `MiniscriptDescriptor`): the text as written, where each key sits in it, and the keys themselves, so the
/// expression can be re-written with other key forms and instantiated at each derivation index.
public struct MiniscriptExpression: Hashable, Sendable {
    public let context: Miniscript.Context
    /// The expression as written.
    let text: String
    /// Where each key sits in `text` (UTF-8 offsets), in the order written.
    let keyRanges: [Range<Int>]
    public let keys: [DescriptorKey]

    init(context: Miniscript.Context, text: String, keyRanges: [Range<Int>], keys: [DescriptorKey]) {
        self.context = context
        self.text = text
        self.keyRanges = keyRanges
        self.keys = keys
    }

    /// The expression with each key written by `keyString`.
    func string(_ keyString: (DescriptorKey) -> String) -> String {
        var bytes = Array(text.utf8)
        for (range, key) in zip(keyRanges, keys).reversed() {
            bytes.replaceSubrange(range, with: Array(keyString(key).utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The miniscript with each key derived at `index` (compressed public keys; under Tapscript the script
    /// uses their x coordinates).
    public func miniscript(at index: UInt32) throws(DecodingError) -> Miniscript {
        var byText: [String: [UInt8]] = [:]
        let utf8 = Array(text.utf8)
        for (range, key) in zip(keyRanges, keys) {
            byText[String(decoding: utf8[range], as: UTF8.self)] = try key.publicKey(at: index).bytes
        }
        // The same text parsed again, each key looked up by how it is written.
        guard let parsed = Miniscript.parse(text, context: context, key: { byText[String($0)] }) else {
            throw DecodingError("'\(text)' is not a valid miniscript expression at index \(index)")
        }
        return parsed
    }

    /// The script at `index`: the witness script inside `wsh()`, the leaf script inside `tr()`.
    public func script(at index: UInt32) throws(DecodingError) -> Script { try miniscript(at: index).script }

    /// Why a parsed expression may not stand as a descriptor's script (Core's checks: valid at top level and
    /// sane); nil when it may.
    static func refusal(_ miniscript: Miniscript) -> String? {
        guard miniscript.isValidTopLevel else { return "is not a valid top-level miniscript expression (type \(miniscript.type))" }
        if !miniscript.needsSignature { return "is not sane: it does not always need a signature" }
        if !miniscript.isNonMalleable { return "is not sane: it is malleable" }
        if !miniscript.hasNoTimelockMix { return "is not sane: it mixes timelocks in blocks with timelocks in seconds" }
        if !miniscript.hasNoDuplicateKeys { return "is not sane: a key is used more than once" }
        if !miniscript.validSatisfactions { return "is not sane: satisfying it exceeds the script resource limits" }
        return nil
    }
}
