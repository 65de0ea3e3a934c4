/// One signature of a method, for a span of protocol versions: its parameters and how its checked arguments
/// become an `ElectrumCall`.
///
/// A method whose parameters or result shape change between versions has one spec per span (e.g.
/// `blockchain.estimatefee` gains *mode* at 1.6, `blockchain.block.headers` answers a `headers` list from
/// 1.6); the builders share code, and the version never reaches the server's executing code.
public struct ElectrumMethodSpec: Sendable {
    public typealias Builder = @Sendable (ElectrumArguments) throws(ElectrumRPCError) -> ElectrumCall

    public var method: ElectrumMethod
    /// The first version this signature applies to.
    public var since: ProtocolVersion
    /// The first version this signature no longer applies to (changed or removed); nil if still current.
    public var until: ProtocolVersion?
    public var parameters: [ElectrumParameter]
    /// Whether extra positional or named arguments are ignored instead of refused (`server.version`, which
    /// must tolerate them "to allow for extensions in future protocol versions").
    public var acceptsExtraArguments: Bool
    let build: Builder

    public init(_ method: ElectrumMethod, since: ProtocolVersion, until: ProtocolVersion? = nil,
                _ parameters: [ElectrumParameter] = [], acceptsExtraArguments: Bool = false, build: @escaping Builder) {
        self.method = method
        self.since = since
        self.until = until
        self.parameters = parameters
        self.acceptsExtraArguments = acceptsExtraArguments
        self.build = build
    }

    /// Whether this signature is the method's in `version`.
    public func applies(to version: ProtocolVersion) -> Bool {
        version >= since && (until.map { version < $0 } ?? true)
    }

    /// The signature as the spec writes it, e.g. `blockchain.block.header(height, cp_height=0)`.
    public var signature: String {
        let list = parameters.map { p in p.defaultValue.map { "\(p.name)=\($0.compact)" } ?? p.name }
        return "\(method.rawValue)(\(list.joined(separator: ", "))\(acceptsExtraArguments ? ", ..." : ""))"
    }
}
