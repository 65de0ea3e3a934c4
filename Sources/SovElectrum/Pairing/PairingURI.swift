/// What a QR code carries for sov's own client to pair with a server:
/// `sov:pair?v=1&e=HOST:PORT:s&e=ONION:PORT:t&fp=SHA256HEX&tk=TOKEN&exp=UNIX&net=main&n=LABEL`.
///
/// - `e`: the server's endpoints in Electrum's legacy form, in order of preference (repeatable);
/// - `fp`: the SHA-256 of the server's TLS certificate (DER), 64 hex digits, which the client pins;
/// - `tk`: a single-use enrolment token, redeemed over the pinned connection for the device's own credential
///   (`sov.pair.redeem`), so no lasting secret is ever in a picture;
/// - `exp`: when the token lapses (Unix seconds); `net`: the chain; `n`: the server's label.
///
/// Unknown parameters are ignored (later versions may add some); `v` other than 1 is refused.
public struct PairingURI: Sendable, Equatable, CustomStringConvertible {
    public var endpoints: [String]
    /// Lowercase hex, no colons.
    public var fingerprint: String?
    public var token: String?
    public var expires: Int64?
    public var network: String?
    public var label: String?

    public init(endpoints: [String], fingerprint: String?, token: String?, expires: Int64?, network: String?, label: String?) {
        self.endpoints = endpoints
        self.fingerprint = fingerprint
        self.token = token
        self.expires = expires
        self.network = network
        self.label = label
    }

    /// Why a text is not a pairing URI.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { "not a sov pairing URI: \(reason)" }
    }

    public init(parsing text: String) throws(ParseError) {
        let prefix = "sov:pair?"
        guard text.hasPrefix(prefix) else { throw ParseError(reason: "it does not start with \"\(prefix)\"") }
        guard text.utf8.count <= 4096 else { throw ParseError(reason: "longer than 4096 bytes") }
        var endpoints: [String] = []
        var fields: [String: String] = [:]
        for pair in text.dropFirst(prefix.count).split(separator: "&") {
            guard let equals = pair.firstIndex(of: "=") else { throw ParseError(reason: "parameter \"\(pair.prefix(40))\" has no value") }
            let key = String(pair[..<equals])
            guard let value = Self.percentDecoded(pair[pair.index(after: equals)...]) else {
                throw ParseError(reason: "parameter \(key.prefix(40)) is badly percent-encoded")
            }
            if key == "e" { endpoints.append(value) } else if fields[key] == nil { fields[key] = value }
        }
        guard fields["v"] == "1" else { throw ParseError(reason: "version \(fields["v"].map { "\"\($0.prefix(8))\"" } ?? "missing") (this sov reads v=1)") }
        guard !endpoints.isEmpty else { throw ParseError(reason: "no endpoint (e=HOST:PORT:s)") }
        if let fp = fields["fp"] {
            guard fp.count == 64, fp.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70) }) else {
                throw ParseError(reason: "fp is not a SHA-256 in hex")
            }
        }
        var expires: Int64?
        if let text = fields["exp"] {
            guard let value = Int64(text) else { throw ParseError(reason: "exp is not a Unix time") }
            expires = value
        }
        self.init(endpoints: endpoints, fingerprint: fields["fp"]?.lowercased(), token: fields["tk"], expires: expires,
                  network: fields["net"], label: fields["n"])
    }

    /// The URI text; values are percent-encoded where they hold characters outside the unreserved set and `:`.
    public var description: String {
        var parts = ["v=1"]
        parts += endpoints.map { "e=" + Self.percentEncoded($0) }
        if let fingerprint { parts.append("fp=" + fingerprint) }
        if let token { parts.append("tk=" + Self.percentEncoded(token)) }
        if let expires { parts.append("exp=\(expires)") }
        if let network { parts.append("net=" + Self.percentEncoded(network)) }
        if let label { parts.append("n=" + Self.percentEncoded(label)) }
        return "sov:pair?" + parts.joined(separator: "&")
    }

    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~:[]".contains(c)) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
