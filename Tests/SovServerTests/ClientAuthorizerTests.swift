import Foundation
import NIOSSL
import Testing
@testable import SovServer

/// Who may connect: loopback, `auth.allow_ips`, store IP ranges, tokens and client certificates, with the
/// store reread when it changes on disk.
@Suite struct ClientAuthorizerTests {
    private let scratch = ScratchFolder("sov-authz")

    private func temporaryStore() -> ClientCredentialStore {
        ClientCredentialStore(directory: scratch.root + "/" + UUID().uuidString + "/serve")
    }

    private func authorizer(_ store: ClientCredentialStore?, required: Bool = true, allow: [String] = []) throws -> ClientAuthorizer {
        ClientAuthorizer(requiredForRemote: required, allowedNetworks: try allow.map { try IPNetwork(parsing: $0) }, store: store)
    }

    @Test func loopbackIsAlwaysAllowed() throws {
        let a = try authorizer(temporaryStore())
        for ip in ["127.0.0.1", "127.3.4.5", "::1", "::ffff:127.0.0.1"] {
            #expect(a.decide(remoteIP: ip, isLoopback: false, clientCertificateFingerprint: nil, token: nil) == .allowed(reason: "loopback client"), "\(ip)")
        }
        #expect(a.decide(remoteIP: "/tmp/sov.sock", isLoopback: true, clientCertificateFingerprint: nil, token: nil).isAllowed)
        #expect(!a.decide(remoteIP: "192.0.2.1", isLoopback: false, clientCertificateFingerprint: nil, token: nil).isAllowed)
    }

    @Test func everyoneWhenNotRequired() throws {
        let a = try authorizer(nil, required: false)
        let decision = a.decide(remoteIP: "203.0.113.9", isLoopback: false, clientCertificateFingerprint: nil, token: "junk")
        #expect(decision == .anonymous(reason: "authentication is not required (auth.required_for_remote = false)"))
        #expect(decision.clientClass == .public)
    }

    @Test func configuredRanges() throws {
        let a = try authorizer(temporaryStore(), allow: ["10.0.0.0/8", "2001:db8::/32"])
        #expect(a.decide(remoteIP: "10.1.2.3", isLoopback: false, clientCertificateFingerprint: nil, token: nil) == .allowed(reason: "10.1.2.3 is in auth.allow_ips 10.0.0.0/8"))
        #expect(a.decide(remoteIP: "::ffff:10.1.2.3", isLoopback: false, clientCertificateFingerprint: nil, token: nil).isAllowed)
        #expect(a.decide(remoteIP: "2001:db8:1::9", isLoopback: false, clientCertificateFingerprint: nil, token: nil).isAllowed)
        let refused = a.decide(remoteIP: "11.0.0.1", isLoopback: false, clientCertificateFingerprint: nil, token: nil)
        #expect(refused == .refused(reason: "authentication required for remote clients: no token or client certificate presented, and 11.0.0.1 is not an allowed address"))
        let noStore = try authorizer(nil, allow: ["10.0.0.0/8"])
        #expect(!noStore.decide(remoteIP: "11.0.0.1", isLoopback: false, clientCertificateFingerprint: nil, token: "sov_x").isAllowed)
    }

    @Test func tokensAndTheirRevocationOnARunningServer() throws {
        let store = temporaryStore()
        let a = try authorizer(store)
        // No store file yet: nothing granted, no error.
        #expect(a.reload() == nil)
        #expect(!a.decide(remoteIP: "198.51.100.4", isLoopback: false, clientCertificateFingerprint: nil, token: "sov_unknown").isAllowed)

        let issued = try store.issueToken(name: "phone")
        #expect(a.decide(remoteIP: "198.51.100.4", isLoopback: false, clientCertificateFingerprint: nil, token: issued.token) == .allowed(reason: "token phone"))
        #expect(a.decide(remoteIP: "198.51.100.4", isLoopback: false, clientCertificateFingerprint: nil, token: issued.token + "x")
                == .refused(reason: "authentication required for remote clients: unknown or revoked token"))
        #expect(!a.decide(remoteIP: "198.51.100.4", isLoopback: false, clientCertificateFingerprint: nil, token: String(issued.token.dropFirst(4))).isAllowed)

        _ = try store.revoke(name: "phone")
        #expect(a.decide(remoteIP: "198.51.100.4", isLoopback: false, clientCertificateFingerprint: nil, token: issued.token)
                == .refused(reason: "authentication required for remote clients: unknown or revoked token"))

        let replacement = try store.issueToken(name: "phone")
        #expect(a.decide(remoteIP: "198.51.100.4", isLoopback: false, clientCertificateFingerprint: nil, token: replacement.token).isAllowed)
        #expect(!a.decide(remoteIP: "198.51.100.4", isLoopback: false, clientCertificateFingerprint: nil, token: issued.token).isAllowed)
    }

    @Test func storeRangesFollowTheFile() throws {
        let store = temporaryStore()
        let a = try authorizer(store)
        _ = try store.allowIP(cidr: "192.168.1.0/24", name: "lan")
        #expect(a.decide(remoteIP: "::ffff:192.168.1.20", isLoopback: false, clientCertificateFingerprint: nil, token: nil)
                == .allowed(reason: "192.168.1.20 is in the allowed range lan (192.168.1.0/24)"))
        _ = try store.revoke(name: "lan")
        #expect(!a.decide(remoteIP: "192.168.1.20", isLoopback: false, clientCertificateFingerprint: nil, token: nil).isAllowed)
    }

    @Test func certificateFingerprints() throws {
        let store = temporaryStore()
        let a = try authorizer(store)
        let issued = try store.issueCertificate(name: "wallet", outputDirectory: store.directory + "/../out")
        let fingerprint = issued.fingerprintSHA256
        #expect(a.decide(remoteIP: "203.0.113.5", isLoopback: false, clientCertificateFingerprint: fingerprint, token: nil) == .allowed(reason: "client certificate wallet"))
        let bare = fingerprint.replacingOccurrences(of: ":", with: "").lowercased()
        #expect(a.decide(remoteIP: "203.0.113.5", isLoopback: false, clientCertificateFingerprint: bare, token: nil).isAllowed)
        let other = String(repeating: "AB:", count: 31) + "AB"
        #expect(a.decide(remoteIP: "203.0.113.5", isLoopback: false, clientCertificateFingerprint: other, token: "sov_nope")
                == .refused(reason: "authentication required for remote clients: unknown or revoked token, unknown or revoked client certificate"))
        _ = try store.revoke(name: "wallet")
        #expect(!a.decide(remoteIP: "203.0.113.5", isLoopback: false, clientCertificateFingerprint: fingerprint, token: nil).isAllowed)
    }

    @Test func corruptStoreFailsClosedAndRecovers() throws {
        let store = temporaryStore()
        let a = try authorizer(store, allow: ["10.0.0.0/8"])
        let issued = try store.issueToken(name: "phone")
        #expect(a.decide(remoteIP: "203.0.113.5", isLoopback: false, clientCertificateFingerprint: nil, token: issued.token).isAllowed)
        let good = try String(contentsOfFile: store.path, encoding: .utf8)
        try "{ broken".write(toFile: store.path, atomically: true, encoding: .utf8)
        let refused = a.decide(remoteIP: "203.0.113.5", isLoopback: false, clientCertificateFingerprint: nil, token: issued.token)
        #expect(!refused.isAllowed)
        #expect(refused.reason.hasPrefix("authentication required for remote clients, and the credential store is unusable: \(store.path): not a valid credential store"))
        #expect(a.reload()?.contains("not a valid credential store") == true)
        // Loopback and configured ranges do not depend on the store.
        #expect(a.decide(remoteIP: "127.0.0.1", isLoopback: false, clientCertificateFingerprint: nil, token: nil).isAllowed)
        #expect(a.decide(remoteIP: "10.0.0.1", isLoopback: false, clientCertificateFingerprint: nil, token: nil).isAllowed)
        try good.write(toFile: store.path, atomically: true, encoding: .utf8)
        #expect(a.decide(remoteIP: "203.0.113.5", isLoopback: false, clientCertificateFingerprint: nil, token: issued.token).isAllowed)
        #expect(a.reload() == nil)
    }

    @Test func concurrentDecisionsWhileTheStoreChanges() async throws {
        let store = temporaryStore()
        let a = try authorizer(store)
        let tokens = try (0..<4).map { try store.issueToken(name: "client\($0)").token }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var allowed = 0
                    for round in 0..<500 {
                        let token = tokens[(worker + round) % tokens.count]
                        if a.decide(remoteIP: "198.51.100.\(worker)", isLoopback: false, clientCertificateFingerprint: nil, token: token).isAllowed { allowed += 1 }
                    }
                    return allowed
                }
            }
            group.addTask {
                for i in 0..<10 { _ = try store.allowIP(cidr: "203.0.113.\(i)", name: "host\(i)") }
                return 0
            }
            var total = 0
            for try await count in group { total += count }
            // No token was revoked, so every decision allowed its client whatever reload was in progress.
            #expect(total == 8 * 500)
        }
        _ = try store.revoke(name: "client0")
        #expect(!a.decide(remoteIP: "198.51.100.1", isLoopback: false, clientCertificateFingerprint: nil, token: tokens[0]).isAllowed)
        #expect(a.decide(remoteIP: "198.51.100.1", isLoopback: false, clientCertificateFingerprint: nil, token: tokens[1]).isAllowed)
    }

    /// End to end: a TLS server trusting the client CA sees the issued certificate's fingerprint, which the
    /// authorizer accepts; a certificate from elsewhere fails the handshake; no certificate is allowed
    /// through TLS and left to the other credentials.
    @Test func mutualTLSWithAnIssuedCertificate() async throws {
        let store = temporaryStore()
        let a = try authorizer(store)
        let issued = try store.issueCertificate(name: "wallet", outputDirectory: store.directory + "/../out")
        let identity = try TLSIdentity.loadOrGenerate(directory: store.directory + "/tls")
        let server = try identity.serverConfiguration(clientCertificateAuthorities: [try store.certificateAuthority().certificate()])

        var client = TLSConfiguration.makeClientConfiguration()
        client.trustRoots = .certificates(try identity.certificateChain())
        client.certificateChain = try NIOSSLCertificate.fromPEMFile(issued.certificatePath).map { .certificate($0) }
        client.privateKey = .privateKey(try NIOSSLPrivateKey(file: issued.privateKeyPath, format: .pem))
        let outcome = try await TLSHandshakeHarness.handshake(server: server, client: client)
        let seen = try outcome.server.get()
        #expect(seen == issued.fingerprintSHA256)
        #expect(a.decide(remoteIP: "203.0.113.5", isLoopback: false, clientCertificateFingerprint: seen, token: nil) == .allowed(reason: "client certificate wallet"))

        // The combined PEM works as the client's certificate and key too.
        var combined = TLSConfiguration.makeClientConfiguration()
        combined.trustRoots = .certificates(try identity.certificateChain())
        combined.certificateChain = try NIOSSLCertificate.fromPEMFile(issued.combinedPath).map { .certificate($0) }
        combined.privateKey = .privateKey(try NIOSSLPrivateKey(file: issued.combinedPath, format: .pem))
        #expect(try await TLSHandshakeHarness.handshake(server: server, client: combined).server.get() == issued.fingerprintSHA256)

        // A self-signed certificate the CA did not sign is refused by the TLS layer.
        let stranger = try TLSIdentity.loadOrGenerate(directory: store.directory + "/stranger")
        var impostor = TLSConfiguration.makeClientConfiguration()
        impostor.trustRoots = .certificates(try identity.certificateChain())
        impostor.certificateChain = try stranger.certificateChain().map { .certificate($0) }
        impostor.privateKey = .privateKey(try stranger.privateKey())
        let rejected = try await TLSHandshakeHarness.handshake(server: server, client: impostor)
        #expect(throws: (any Error).self) { try rejected.server.get() }

        // Without a client certificate the handshake completes; the decision then rests on other credentials.
        var anonymous = TLSConfiguration.makeClientConfiguration()
        anonymous.trustRoots = .certificates(try identity.certificateChain())
        let plain = try await TLSHandshakeHarness.handshake(server: server, client: anonymous)
        #expect(try plain.server.get() == nil)
        #expect(!a.decide(remoteIP: "203.0.113.5", isLoopback: false, clientCertificateFingerprint: nil, token: nil).isAllowed)
    }
}
