import SovJSON
import SovPrimitives
import SovPSBT

/// `sov decode`: turns an input of a named or detected kind into Core-compatible JSON.
public struct Inspector: Sendable {
    public var network: Network
    public var json: CoreJSON { CoreJSON(network: network) }

    public init(network: Network) { self.network = network }

    /// Decodes `input` as `kind`, or detects the kind when nil. Throws `DecodingError` naming what is wrong.
    public func decode(_ input: DecodeInput, as kind: DecodeKind? = nil) throws(DecodingError) -> JSONValue {
        let resolved: DecodeKind
        if let kind { resolved = kind } else { resolved = try detect(input) }
        switch resolved {
        case .tx: return json.transaction(try Transaction(bytes: try bytes(input, "transaction")))
        case .script: return json.decodeScript(Script(try bytes(input, "script")))
        case .header: return json.header(try BlockHeader(bytes: try bytes(input, "block header")))
        case .block: return json.block(try Block(bytes: try bytes(input, "block")))
        case .psbt: return try decodePSBT(input)
        case .address: return try decodeAddress(try text(input, "address"))
        case .key: return try decodeKey(input)
        case .descriptor: return try decodeDescriptor(try text(input, "descriptor"))
        }
    }

    func bytes(_ input: DecodeInput, _ what: String) throws(DecodingError) -> [UInt8] {
        switch input {
        case .binary(let b): return b
        case .text(let t):
            do { return try Hex.decode(t) } catch {
                throw DecodingError(offset: error.offset, "\(what) is not hex: \(error.reason)")
            }
        }
    }

    func text(_ input: DecodeInput, _ what: String) throws(DecodingError) -> String {
        guard case .text(let t) = input else { throw DecodingError("\(what) must be text, got binary data") }
        return t
    }

    /// Detects the kind of `input`. Scripts are never guessed: any bytes are a script.
    public func detect(_ input: DecodeInput) throws(DecodingError) -> DecodeKind {
        if case .text(let t) = input {
            if t.hasPrefix("cHNidP8") { return .psbt }
            if t.isEmpty { throw DecodingError("empty input") }
            if !Hex.isHex(t) {
                if t.contains("(") { return .descriptor }
                if Address.detect(t, preferred: network) != nil { return .address }
                if KeyKind.looksLikeKey(t) { return .key }
                throw DecodingError("cannot tell what this is: not hex, a PSBT, an address, a key or a descriptor (name the kind: sov decode KIND)")
            }
        }
        guard let b = input.hexOrBinaryBytes else { throw DecodingError("unreadable input") }
        if b.starts(with: PSBT.magic) { return .psbt }
        var firstError: DecodingError?
        do { _ = try Transaction(bytes: b); return .tx } catch { firstError = error }
        if b.count == BlockHeader.size { return .header }
        if (try? Block(bytes: b)) != nil { return .block }
        if (b.count == 33 || b.count == 65), ScriptTemplate.isValidPubKeySize(b) { return .key }
        throw DecodingError(offset: firstError?.offset, "not a transaction, block, header or PSBT (as a transaction: \(firstError?.reason ?? "invalid"))")
    }
}
