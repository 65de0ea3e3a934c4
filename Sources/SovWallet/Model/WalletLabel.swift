import SovJSON
import SovPrimitives

/// A BIP329 label: one line of the JSON Lines export format.
public struct WalletLabel: Sendable, Equatable {
    /// BIP329's record types.
    public enum Kind: String, Sendable, CaseIterable {
        case tx, addr, pubkey, input, output, xpub
    }

    public var type: Kind
    /// The txid, address, public key, `txid:vout`, or xpub the label is for.
    public var reference: String
    public var label: String?
    /// For `output` records: whether the output may be spent (false locks it).
    public var spendable: Bool?

    public init(type: Kind, reference: String, label: String?, spendable: Bool? = nil) {
        self.type = type
        self.reference = reference
        self.label = label
        self.spendable = spendable
    }

    /// The BIP329 line: `{"type": …, "ref": …, "label": …}` (and `spendable` for outputs when known).
    public var json: JSONValue {
        var object = JSONObject([("type", .string(type.rawValue)), ("ref", .string(reference))])
        if let label { object.append("label", .string(label)) }
        if let spendable, type == .output { object.append("spendable", .bool(spendable)) }
        return .object(object)
    }

    /// Reads one BIP329 line; checks the reference's form for its type (a txid, an outpoint, an address of
    /// `network`). Unknown keys (BIP329's optional `origin`, `height`, `time`, `fee`, `value`, …) are ignored.
    public init(json line: JSONValue, network: Network) throws(WalletError) {
        guard let typeText = line["type"]?.stringValue, let kind = Kind(rawValue: typeText) else {
            throw .invalidLabel("a BIP329 record needs a type of tx, addr, pubkey, input, output or xpub")
        }
        guard let reference = line["ref"]?.stringValue, !reference.isEmpty else { throw .invalidLabel("a BIP329 record needs a ref") }
        switch kind {
        case .tx:
            guard Txid(reference) != nil else { throw .invalidLabel("\(reference) is not a txid") }
        case .input, .output:
            let parts = reference.split(separator: ":")
            guard parts.count == 2, Txid(String(parts[0])) != nil, UInt32(parts[1]) != nil else {
                throw .invalidLabel("\(reference) is not txid:vout")
            }
        case .addr:
            guard (try? Address(reference, network: network)) != nil else { throw .invalidLabel("\(reference) is not a \(network.rawValue) address") }
        case .pubkey, .xpub:
            break
        }
        if let value = line["label"], !value.isNull, value.stringValue == nil { throw .invalidLabel("label must be a string") }
        self.init(type: kind, reference: reference, label: line["label"]?.stringValue, spendable: line["spendable"]?.boolValue)
    }
}
