import SovJSON

/// The protocol state of one server connection, without the connection: reads lines, negotiates the
/// version with `server.version`, and turns each request into a call to execute or an answer to send.
///
/// Version negotiation (protocol-basics "Version Negotiation", `server.version`):
/// - 1.6 requires `server.version` to be the first message. A server speaking 1.4–1.6 cannot know the
///   version before that message, so, as ElectrumX does, any other first request is answered with
///   `BAD_REQUEST` "use server.version to identify client" and the connection closed. With
///   `requireVersionFirst` false the 1.4 rule applies instead: requests before negotiation are served at
///   the server's minimum version.
/// - Only the first `server.version` is accepted; later ones get `BAD_REQUEST` "server.version already sent".
/// - No version in common: `BAD_REQUEST` "unsupported protocol version", then close.
public struct ElectrumSession: Sendable {
    /// What to do with one incoming message.
    public enum Step: Equatable, Sendable {
        /// Execute `call` and answer `id` with its result (no answer when `id` is nil: a notification).
        case execute(id: JSONRPCID?, call: ElectrumCall)
        /// Send this response.
        case respond(JSONRPCResponse)
        /// Send this response, then close the connection.
        case respondAndClose(JSONRPCResponse)
        /// Nothing to send (a notification that failed, or a response the server did not ask for).
        case ignore
    }

    public let serverSoftware: String
    public var negotiation: VersionNegotiation
    public var table: ElectrumMethodTable
    public var parser: JSONRPCLineParser
    public var requireVersionFirst: Bool
    /// The negotiated version; nil until `server.version` succeeds.
    public private(set) var version: ProtocolVersion?
    /// The client's name from `server.version`.
    public private(set) var clientName: String?

    public init(serverSoftware: String, negotiation: VersionNegotiation = VersionNegotiation(),
                table: ElectrumMethodTable = ElectrumMethodTable(), parser: JSONRPCLineParser = JSONRPCLineParser(),
                requireVersionFirst: Bool = true) {
        self.serverSoftware = serverSoftware
        self.negotiation = negotiation
        self.table = table
        self.parser = parser
        self.requireVersionFirst = requireVersionFirst
    }

    /// Handles one incoming line: the steps in order, and whether their responses go back as one batch array.
    public mutating func receive(line: [UInt8]) -> (steps: [Step], isBatch: Bool) {
        let incoming = parser.parse(line: line)
        var steps: [Step] = []
        for message in incoming.messages {
            let step = receive(message)
            steps.append(step)
            if case .respondAndClose = step { break }
        }
        return (steps, incoming.isBatch)
    }

    /// Handles one message of a line.
    public mutating func receive(_ message: JSONRPCMessage) -> Step {
        switch message {
        case .invalid(let id, let error): return .respond(JSONRPCResponse(id: id, error: error))
        case .response: return .ignore
        case .request(let request): return receive(request)
        }
    }

    /// Handles one request or notification.
    public mutating func receive(_ request: JSONRPCRequest) -> Step {
        let isVersionCall = request.method == ElectrumMethod.serverVersion.rawValue
        if version == nil, !isVersionCall, requireVersionFirst {
            return .respondAndClose(JSONRPCResponse(id: request.id ?? .null, error: .badRequest("use server.version to identify client")))
        }
        if isVersionCall {
            guard version == nil else { return answer(request, .failure(.badRequest("server.version already sent"))) }
            let call: ElectrumCall
            do {
                // The table's own server.version entry is version-independent; parse it at the minimum.
                call = try table.call(for: request, version: negotiation.minimum)
            } catch {
                return answer(request, .failure(error))
            }
            guard case .serverVersion(let name, let requested) = call else {
                return answer(request, .failure(.internalError("server.version parsed as \(call.method.rawValue)")))
            }
            do {
                let chosen = try negotiation.negotiate(requested)
                version = chosen
                clientName = name
                return answer(request, .success(VersionNegotiation.result(serverSoftware: serverSoftware, version: chosen)))
            } catch {
                return .respondAndClose(JSONRPCResponse(id: request.id ?? .null, error: error))
            }
        }
        do {
            let call = try table.call(for: request, version: version ?? negotiation.minimum)
            return .execute(id: request.id, call: call)
        } catch {
            return answer(request, .failure(error))
        }
    }

    private func answer(_ request: JSONRPCRequest, _ outcome: Result<JSONValue, ElectrumRPCError>) -> Step {
        guard let id = request.id else { return .ignore }
        switch outcome {
        case .success(let result): return .respond(JSONRPCResponse(id: id, result: result))
        case .failure(let error): return .respond(JSONRPCResponse(id: id, error: error))
        }
    }
}
