import NIOCore
import NIOSSL
import SovElectrum
import SovJSON

// Authentication of remote clients: what an unauthorized connection's first line may do.
extension ElectrumConnectionHandler {
    /// A remote client not allowed by address or certificate must first send
    /// `{"method":"server.authenticate","params":["<token>"]}` with a token issued by `sov serve auth` (or pair:
    /// `sov.pair.redeem`, or knock during a pairing window).
    func authenticate(line: [UInt8]) {
        let request = Self.singleRequest(line)
        if let request, request.method == "server.authenticate", case .positional(let params) = request.params,
           let token = params.first?.stringValue {
            var credentials = credentials()
            credentials.token = token
            let decision = server.authorize(credentials)
            if decision.isAllowed {
                authorize(decision)
                send(JSONRPCResponse(id: request.id ?? .null, result: .bool(true)))
                return
            }
            server.metrics.refused("auth")
            send(JSONRPCResponse(id: request.id ?? .null, error: .badRequest("authentication failed: unknown or revoked token")))
            close(reason: nil)
            return
        }
        if let request, let pairing = server.pairing {
            if request.method == PairingDesk.redeemMethod {
                redeemPairing(request, pairing)
                return
            }
            if pairing.knock(address: remoteIP) {
                server.metrics.refused("pairing")
                send(JSONRPCResponse(id: request.id ?? .null, error: .badRequest(
                    "this device (\(remoteIP)) waits for the owner's confirmation at the server (sov pair --window); once allowed, connect again")))
                close(reason: nil)
                return
            }
        }
        server.metrics.refused("auth")
        let decision = server.authorize(credentials())
        let reason = decision.isAllowed ? "authentication required" : decision.reason
        send(JSONRPCResponse(id: .null, error: .badRequest("\(reason): this server serves remote clients only with a token, a client certificate or an allowed address (sov serve auth)")))
        close(reason: nil)
    }

    /// `sov.pair.redeem [enrolment token]`: once, before it expires, the token becomes this device's own
    /// credential; the connection is then served under it and the answer carries it. Anything else closes.
    func redeemPairing(_ request: JSONRPCRequest, _ pairing: PairingDesk) {
        guard case .positional(let params) = request.params, let token = params.first?.stringValue, token.utf8.count <= 256 else {
            send(JSONRPCResponse(id: request.id ?? .null, error: .badRequest("\(PairingDesk.redeemMethod) takes [token]")))
            close(reason: "auth")
            return
        }
        switch pairing.redeem(token: token) {
        case .success(let issued):
            var credentials = credentials()
            credentials.token = issued.token
            let decision = server.authorize(credentials)
            guard decision.isAllowed else {
                send(JSONRPCResponse(id: request.id ?? .null, error: .badRequest("pairing failed: \(decision.reason)")))
                close(reason: "auth")
                return
            }
            authorize(decision)
            send(JSONRPCResponse(id: request.id ?? .null, result: .object(JSONObject([
                ("name", .string(issued.credential.name)), ("token", .string(issued.token)),
            ]))))
        case .failure(let error):
            send(JSONRPCResponse(id: request.id ?? .null, error: .badRequest("pairing refused: \(error.message)")))
            close(reason: "auth")
        }
    }

    /// A client that always authenticates first (sov's, with a paired device's token) may already be
    /// admitted by address: its `server.authenticate` is then answered `true` without looking at the token.
    func answerNeedlessAuthentication(_ line: [UInt8]) -> Bool {
        guard line.count < 1024, nextLine == 0, answers.isEmpty, running == 0,
              let request = Self.singleRequest(line), request.method == "server.authenticate" else { return false }
        send(JSONRPCResponse(id: request.id ?? .null, result: .bool(true)))
        return true
    }

    func credentials() -> ConnectionCredentials {
        var fingerprint: String?
        if usesTLS, let context, let tls = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self),
           let certificate = tls.peerCertificate {
            fingerprint = try? CertificateFingerprint.sha256(certificate)
        }
        return ConnectionCredentials(remoteIP: remoteIP, isLoopback: isLoopback, clientCertificateFingerprint: fingerprint, token: presentedToken)
    }

    /// The line's request when it holds exactly one (not a batch, not a response).
    static func singleRequest(_ line: [UInt8]) -> JSONRPCRequest? {
        let incoming = JSONRPCLineParser().parse(line: line)
        guard incoming.messages.count == 1, case .request(let request) = incoming.messages[0] else { return nil }
        return request
    }
}
