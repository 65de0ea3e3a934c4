import SovJSON
import SovPrimitives

/// A request's parameters bound to a method's declared parameters and checked, each by its `Kind`.
///
/// Binding follows aiorpcx (ElectrumX's JSON-RPC layer): too few or too many positional arguments, a
/// missing required name or an unknown name is `-32602` invalid params. A value of the wrong type or out of
/// range is answered with `valueErrorCode` — ElectrumX's `BAD_REQUEST` (1) by default, which is what its
/// argument checks raise.
public struct ElectrumArguments: Sendable {
    /// A checked argument value.
    enum Value: Sendable {
        case scriptHash(ScriptHash)
        case txid(Txid)
        case integer(Int)
        case boolean(Bool)
        case bytes([UInt8])
        case byteList([[UInt8]])
        case mode(EstimateMode?)
        case string(String)
        case versions(RequestedVersions)
        case object(JSONObject)
    }

    let method: String
    let values: [String: Value]

    /// Binds `params` to `spec`'s parameters, applies defaults and checks every value.
    static func bind(_ params: JSONRPCParams, to spec: ElectrumMethodSpec,
                     valueErrorCode: Int) throws(ElectrumRPCError) -> ElectrumArguments {
        let method = spec.method.rawValue
        let declared = spec.parameters
        let required = declared.filter(\.isRequired).count
        var given: [String: JSONValue] = [:]
        switch params {
        case .positional(let items):
            if items.count < required {
                throw .invalidParams("\(items.count) argument\(items.count == 1 ? "" : "s") passed to method \"\(method)\" but it requires \(required)")
            }
            if items.count > declared.count, !spec.acceptsExtraArguments {
                throw .invalidParams("\(items.count) argument\(items.count == 1 ? "" : "s") passed to method \"\(method)\" taking at most \(declared.count)")
            }
            for (parameter, item) in zip(declared, items) { given[parameter.name] = item }
        case .named(let object):
            let names = Set(declared.map(\.name))
            let missing = declared.filter { $0.isRequired && object[$0.name] == nil }.map { "\"\($0.name)\"" }
            if !missing.isEmpty {
                throw .invalidParams("method \"\(method)\" requires parameter\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))")
            }
            let excess = object.keys.filter { !names.contains($0) }.map { "\"\($0)\"" }
            if !excess.isEmpty, !spec.acceptsExtraArguments {
                throw .invalidParams("method \"\(method)\" does not take parameter\(excess.count == 1 ? "" : "s") \(excess.sorted().joined(separator: ", "))")
            }
            for parameter in declared { if let value = object[parameter.name] { given[parameter.name] = value } }
        }
        var values: [String: Value] = [:]
        for parameter in declared {
            guard let json = given[parameter.name] ?? parameter.defaultValue else { continue }
            values[parameter.name] = try check(json, as: parameter.kind, code: valueErrorCode)
        }
        return ElectrumArguments(method: method, values: values)
    }

    /// Checks one value against its kind.
    static func check(_ json: JSONValue, as kind: ElectrumParameter.Kind, code: Int) throws(ElectrumRPCError) -> Value {
        func refuse(_ reason: String) -> ElectrumRPCError { ElectrumRPCError(code: code, "\(shown(json)) \(reason)") }
        switch kind {
        case .scriptHash:
            guard let text = json.stringValue, let hash = ScriptHash(text) else { throw refuse("is not a valid script hash") }
            return .scriptHash(hash)
        case .txid:
            guard let text = json.stringValue, let txid = Txid(text) else { throw refuse("should be a transaction hash") }
            return .txid(txid)
        case .nonNegativeInteger:
            guard let value = nonNegativeInteger(json) else { throw refuse("should be a non-negative integer") }
            guard value <= ElectrumParameter.maximumInteger else { throw refuse("is out of range (at most \(ElectrumParameter.maximumInteger))") }
            return .integer(value)
        case .boolean:
            guard let value = json.boolValue else { throw refuse("should be a boolean value") }
            return .boolean(value)
        case .hex:
            guard let bytes = hexBytes(json) else { throw refuse("should be a hex string") }
            return .bytes(bytes)
        case .hexList:
            guard let items = json.arrayValue else { throw refuse("should be a list") }
            guard !items.isEmpty else { throw refuse("should not be empty") }
            var list: [[UInt8]] = []
            for item in items {
                guard let bytes = hexBytes(item) else { throw ElectrumRPCError(code: code, "\(shown(item)) should be a hex string") }
                list.append(bytes)
            }
            return .byteList(list)
        case .estimateMode:
            if json == .null { return .mode(nil) }
            guard let text = json.stringValue, let mode = EstimateMode(rawValue: text.uppercased()) else {
                throw ElectrumRPCError(code: code, "unknown estimatefee mode: \(shown(json))")
            }
            return .mode(mode)
        case .string:
            guard let text = json.stringValue else { throw refuse("should be a string") }
            return .string(text)
        case .protocolVersion:
            return .versions(RequestedVersions(json: json))
        case .object:
            guard let object = json.objectValue else { throw refuse("should be a dictionary") }
            return .object(object)
        }
    }

    /// A JSON integer literal ≥ 0: digits only, no sign, fraction or exponent; `Int.max` for one too long to
    /// fit (refused as out of range by the caller).
    static func nonNegativeInteger(_ json: JSONValue) -> Int? {
        guard case .number(let text) = json, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text) ?? Int.max
    }

    static func hexBytes(_ json: JSONValue) -> [UInt8]? {
        guard let text = json.stringValue, !text.isEmpty else { return nil }
        return try? Hex.decode(text)
    }

    /// The offending value for an error message, cut short so hostile input is not echoed at length.
    static func shown(_ json: JSONValue) -> String {
        let text = json.stringValue ?? json.compact
        return text.count > 80 ? String(text.prefix(80)) + "…" : text
    }

    /// The checked value of `name`, as the builder expects it; a mismatch is a bug in the table (-32603).
    private func value<T>(_ name: String, _ extract: (Value) -> T?) throws(ElectrumRPCError) -> T {
        guard let value = values[name] else { throw .internalError("\(method): no argument \"\(name)\"") }
        guard let typed = extract(value) else { throw .internalError("\(method): argument \"\(name)\" read as the wrong kind") }
        return typed
    }

    /// A script hash argument.
    public func scriptHash(_ name: String) throws(ElectrumRPCError) -> ScriptHash {
        try value(name) { if case .scriptHash(let v) = $0 { v } else { nil } }
    }

    /// A transaction hash argument.
    public func txid(_ name: String) throws(ElectrumRPCError) -> Txid {
        try value(name) { if case .txid(let v) = $0 { v } else { nil } }
    }

    public func integer(_ name: String) throws(ElectrumRPCError) -> Int {
        try value(name) { if case .integer(let v) = $0 { v } else { nil } }
    }

    public func boolean(_ name: String) throws(ElectrumRPCError) -> Bool {
        try value(name) { if case .boolean(let v) = $0 { v } else { nil } }
    }

    public func bytes(_ name: String) throws(ElectrumRPCError) -> [UInt8] {
        try value(name) { if case .bytes(let v) = $0 { v } else { nil } }
    }

    public func byteList(_ name: String) throws(ElectrumRPCError) -> [[UInt8]] {
        try value(name) { if case .byteList(let v) = $0 { v } else { nil } }
    }

    public func estimateMode(_ name: String) throws(ElectrumRPCError) -> EstimateMode? {
        try value(name) { if case .mode(let v) = $0 { .some(v) } else { nil } }
    }

    public func string(_ name: String) throws(ElectrumRPCError) -> String {
        try value(name) { if case .string(let v) = $0 { v } else { nil } }
    }

    public func versions(_ name: String) throws(ElectrumRPCError) -> RequestedVersions {
        try value(name) { if case .versions(let v) = $0 { v } else { nil } }
    }

    public func object(_ name: String) throws(ElectrumRPCError) -> JSONObject {
        try value(name) { if case .object(let v) = $0 { v } else { nil } }
    }
}
