import SovJSON

/// The protocol versions a `server.version` call asks for: `protocol_version` is one version string, or an
/// array `[protocol_min, protocol_max]`; absent, it is "1.4" (the spec's default).
///
/// A side that cannot be read as a version is nil; negotiation then fails with "unsupported protocol version",
/// as ElectrumX answers any unreadable value.
public struct RequestedVersions: Equatable, Sendable {
    public var minimum: ProtocolVersion?
    public var maximum: ProtocolVersion?
    /// The value as sent, for error messages.
    public var text: String

    public init(minimum: ProtocolVersion?, maximum: ProtocolVersion?, text: String) {
        self.minimum = minimum
        self.maximum = maximum
        self.text = text
    }

    /// One version for both ends.
    public init(_ version: ProtocolVersion) {
        self.init(minimum: version, maximum: version, text: version.description)
    }

    /// The spec's default when `protocol_version` is not given: "1.4".
    public static let `default` = RequestedVersions(.v1_4)

    /// Reads the `protocol_version` argument: a string, or an array of exactly two strings.
    public init(json: JSONValue) {
        switch json {
        case .string(let s):
            let v = ProtocolVersion(s)
            self.init(minimum: v, maximum: v, text: s)
        case .array(let items) where items.count == 2:
            self.init(minimum: items[0].stringValue.flatMap(ProtocolVersion.init),
                      maximum: items[1].stringValue.flatMap(ProtocolVersion.init), text: json.compact)
        default:
            self.init(minimum: nil, maximum: nil, text: json.compact)
        }
    }

    /// The argument as a client sends it: one string when both ends agree, else `[min, max]`.
    public var json: JSONValue {
        guard let minimum, let maximum else { return .string(text) }
        if minimum == maximum { return .string(minimum.description) }
        return .array([.string(minimum.description), .string(maximum.description)])
    }
}

/// `server.version` negotiation, as the protocol defines it: the version used is
/// `min(client.protocol_max, server.protocol_max)`, and there is none in common when that is below
/// `max(client.protocol_min, server.protocol_min)` (the server then answers an error and closes).
///
/// The same rule serves both sides: the server negotiates from the request, and a client checks that the
/// server's answer lies in the range it offered.
public struct VersionNegotiation: Equatable, Sendable {
    public var minimum: ProtocolVersion
    public var maximum: ProtocolVersion

    /// sov's range: 1.4 through 1.6.
    public init(minimum: ProtocolVersion = .minimumSupported, maximum: ProtocolVersion = .maximumSupported) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The highest version both sides speak, or `BAD_REQUEST` "unsupported protocol version".
    public func negotiate(_ requested: RequestedVersions) throws(ElectrumRPCError) -> ProtocolVersion {
        guard let clientMin = requested.minimum, let clientMax = requested.maximum else {
            throw .badRequest("unsupported protocol version: \(requested.text)")
        }
        let chosen = Swift.min(clientMax, maximum)
        guard chosen >= Swift.max(clientMin, minimum) else {
            throw .badRequest("unsupported protocol version: \(requested.text)")
        }
        return chosen
    }

    /// The `server.version` result: `[server_software_version, protocol_version]`.
    public static func result(serverSoftware: String, version: ProtocolVersion) -> JSONValue {
        .array([.string(serverSoftware), .string(version.description)])
    }

    /// Client side: reads a `server.version` result and checks the version is one this side offered.
    public func acceptResult(_ result: JSONValue) throws(ElectrumRPCError) -> (serverSoftware: String, version: ProtocolVersion) {
        guard let items = result.arrayValue, items.count == 2, let software = items[0].stringValue,
              let text = items[1].stringValue, let version = ProtocolVersion(text) else {
            throw .badRequest("server.version result is not [server_software, protocol_version]: \(result.compact)")
        }
        guard version >= minimum, version <= maximum else {
            throw .badRequest("server chose protocol version \(version), outside \(minimum)–\(maximum)")
        }
        return (software, version)
    }
}
