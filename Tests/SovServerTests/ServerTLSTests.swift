import Foundation
import NIOSSL
import SovElectrumClient
import SovJSON
import SovServer
import SovTestSupport
import Testing

/// TLS and secure WebSocket with the certificate sov generates, pinned by the client; client certificates
/// issued by `sov serve auth` let a remote client in, and stop doing so once revoked.
@Suite(.serialized, .needsSharedData) struct ServerTLSTests {
    @Test func pinnedCertificateAndClientCertificates() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sov-tls-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var config = ServerConfiguration(network: .regtest, home: directory)
        config.dataDirectory = directory
        let tls = try #require(try config.serverTLS())
        let store = ClientCredentialStore(configuration: config)
        let issued = try store.issueCertificate(name: "phone", outputDirectory: directory)
        let authorizer = ClientAuthorizer(configuration: config)
        // Every connection is judged as if it came from another machine.
        let authorize: ConnectionAuthorizer = { c in
            authorizer.decide(remoteIP: "203.0.113.7", isLoopback: false, clientCertificateFingerprint: c.clientCertificateFingerprint, token: c.token)
        }
        let server = try await ServerHarness.start(tls: tls.configuration, authorize: authorize)
        defer { Task { await server.stop() } }
        let withCertificate = ElectrumClientTLS(trust: .pinnedFingerprint(tls.fingerprint),
                                                clientCertificate: .files(certificatePath: issued.certificatePath, keyPath: issued.privateKeyPath))
        for transport in [ServerListener.Transport.tls, .wss] {
            let client = try await server.client(transport, tls: withCertificate)
            #expect(try await client.call("server.ping") == .null)
            #expect(try await client.call("blockchain.headers.subscribe")["height"]?.intValue != nil)
            #expect(client.connection.peerCertificateFingerprint.map(ElectrumClientTLS.normalizedFingerprint) == ElectrumClientTLS.normalizedFingerprint(tls.fingerprint))
            await client.close()
        }
        // Without a client certificate (and no other credential) a remote client is refused.
        let anonymous = try await ElectrumClient.connect(to: server.address(.tls), tls: .pinned(sha256: tls.fingerprint))
        await #expect(throws: ElectrumClientError.self) { _ = try await anonymous.call("server.version", [.string("t"), .string("1.6")]) }
        // A wrong pin fails the connection.
        await #expect(throws: ElectrumClientError.self) {
            _ = try await ElectrumClient.connect(to: server.address(.tls), tls: .pinned(sha256: String(repeating: "ab", count: 32)))
        }
        // Revoked: the same certificate no longer gets in.
        _ = try store.revoke(name: "phone")
        let revoked = try await ElectrumClient.connect(to: server.address(.tls), tls: withCertificate)
        await #expect(throws: ElectrumClientError.self) { _ = try await revoked.call("server.version", [.string("t"), .string("1.6")]) }
    }
}
