import Foundation
import NIOSSL
import Testing
import SovTestSupport
@testable import SovServer

/// The server's TLS certificate: generated once, reused, checked against OpenSSL, usable by NIOSSL.
@Suite struct TLSIdentityTests {
    private let scratch = ScratchFolder("sov-tls")

    private func temporaryFolder() throws -> String { try scratch.folder() }

    /// Runs `openssl ARGS`; nil (after printing why) when openssl is not installed.
    static func openssl(_ arguments: [String]) throws -> String? {
        let candidates = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"]
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("SKIPPED: openssl not found; the OpenSSL cross-checks did not run")
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = try process.readingUntilExit { output.fileHandleForReading.readDataToEndOfFile() }
        guard process.terminationStatus == 0 else { throw TLSIdentityError("openssl \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The DER bytes of the first certificate in PEM text.
    static func derOfFirstCertificate(_ pem: String) throws -> [UInt8] {
        guard let first = try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)).first else { throw TLSIdentityError("no certificate") }
        return try first.toDERBytes()
    }

    private func mode(of path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func generatedOnceThenReused() throws {
        let directory = try temporaryFolder() + "/serve/tls"
        let first = try TLSIdentity.loadOrGenerate(directory: directory, hostnames: ["electrum.example.org", "192.0.2.7"])
        #expect(first.wasGenerated)
        #expect(first.certificatePath == directory + "/cert.pem")
        #expect(first.privateKeyPath == directory + "/key.pem")
        #expect(try mode(of: first.privateKeyPath) == 0o600)
        #expect(try mode(of: directory) == 0o700)
        #expect(first.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(first.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        // No temporary files are left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)

        let second = try TLSIdentity.loadOrGenerate(directory: directory)
        #expect(!second.wasGenerated)
        #expect(second.fingerprintSHA256 == first.fingerprintSHA256)
        #expect(second.certificatePEM == first.certificatePEM)
        #expect(second.privateKeyPEM == first.privateKeyPEM)

        let years = first.notValidAfter.timeIntervalSinceNow / (365.25 * 24 * 3600)
        #expect(years > 9.99 && years < 10.01)
    }

    @Test func expiredGeneratedCertificateIsReplaced() throws {
        let directory = try temporaryFolder()
        let old = try TLSIdentity.loadOrGenerate(directory: directory, now: Date(timeIntervalSinceNow: -11 * 365.25 * 24 * 3600))
        #expect(old.notValidAfter < Date())
        let renewed = try TLSIdentity.loadOrGenerate(directory: directory)
        #expect(renewed.wasGenerated)
        #expect(renewed.fingerprintSHA256 != old.fingerprintSHA256)
    }

    @Test func fingerprintAndContentsMatchOpenSSL() throws {
        let directory = try temporaryFolder()
        let identity = try TLSIdentity.loadOrGenerate(directory: directory, hostnames: ["electrum.example.org", "192.0.2.7", "2001:db8::5"])
        guard let fingerprint = try Self.openssl(["x509", "-noout", "-fingerprint", "-sha256", "-in", identity.certificatePath]) else { return }
        // "sha256 Fingerprint=AB:CD:..." (the label's case differs between OpenSSL versions).
        let reported = fingerprint.split(separator: "=", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(reported == identity.fingerprintSHA256)
        #expect(CertificateFingerprint.normalized(fingerprint) == identity.fingerprintSHA256)

        guard let text = try Self.openssl(["x509", "-noout", "-text", "-in", identity.certificatePath]) else { return }
        #expect(text.contains("Subject: CN = sov") || text.contains("Subject: CN=sov"))
        #expect(text.contains("DNS:localhost"))
        #expect(text.contains("DNS:electrum.example.org"))
        #expect(text.contains("IP Address:127.0.0.1"))
        #expect(text.contains("IP Address:0:0:0:0:0:0:0:1"))
        #expect(text.contains("IP Address:192.0.2.7"))
        #expect(text.contains("IP Address:2001:DB8:0:0:0:0:0:5"))
        #expect(text.contains("ASN1 OID: prime256v1"))
        #expect(text.contains("TLS Web Server Authentication"))

        // The key file is one OpenSSL reads, and it is the certificate's key.
        guard let keyPublic = try Self.openssl(["pkey", "-in", identity.privateKeyPath, "-pubout"]),
              let certificatePublic = try Self.openssl(["x509", "-in", identity.certificatePath, "-noout", "-pubkey"]) else { return }
        #expect(keyPublic == certificatePublic)

        // Pinned as its own trust anchor, it verifies for TLS servers even under X.509 strict rules.
        guard let verified = try Self.openssl(["verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", identity.certificatePath, identity.certificatePath]) else { return }
        #expect(verified == identity.certificatePath + ": OK\n")
    }

    @Test func configuredFilesAreLoadedAndChecked() throws {
        let directory = try temporaryFolder()
        let a = try TLSIdentity.loadOrGenerate(directory: directory + "/a")
        let b = try TLSIdentity.loadOrGenerate(directory: directory + "/b")
        let loaded = try TLSIdentity.load(certificatePath: a.certificatePath, privateKeyPath: a.privateKeyPath)
        #expect(!loaded.wasGenerated)
        #expect(loaded.fingerprintSHA256 == a.fingerprintSHA256)

        #expect(throws: TLSIdentityError("\(b.privateKeyPath) is not the key of the certificate in \(a.certificatePath)")) {
            try TLSIdentity.load(certificatePath: a.certificatePath, privateKeyPath: b.privateKeyPath)
        }
        #expect(throws: TLSIdentityError("\(directory)/none.pem: no such certificate file")) {
            try TLSIdentity.load(certificatePath: directory + "/none.pem", privateKeyPath: a.privateKeyPath)
        }
        try "not a certificate\n".write(toFile: directory + "/junk.pem", atomically: true, encoding: .utf8)
        do {
            _ = try TLSIdentity.load(certificatePath: directory + "/junk.pem", privateKeyPath: a.privateKeyPath)
            Issue.record("loaded junk as a certificate")
        } catch {
            #expect(error.message.hasPrefix("\(directory)/junk.pem: not a PEM certificate"))
        }

        // forServer: the configured pair when given, else the generated one in <data_dir>/serve/tls.
        var flags = ServerConfigurationOverrides()
        flags.tlsCertificate = a.certificatePath
        flags.tlsKey = a.privateKeyPath
        let configured = try ServerConfiguration.load(file: nil, environment: ["HOME": directory], overrides: flags)
        #expect(try TLSIdentity.forServer(configured).fingerprintSHA256 == a.fingerprintSHA256)
        let generated = try ServerConfiguration.load(file: nil, environment: ["HOME": directory], overrides: .init())
        let identity = try TLSIdentity.forServer(generated)
        #expect(identity.certificatePath == directory + "/.sov/main/serve/tls/cert.pem")
    }

    @Test func nioServerContextBuildsAndHandshakes() async throws {
        let identity = try TLSIdentity.loadOrGenerate(directory: try temporaryFolder())
        let serverConfiguration = try identity.serverConfiguration()
        _ = try NIOSSLContext(configuration: serverConfiguration)
        #expect(try identity.certificateChain().count == 1)
        #expect(try CertificateFingerprint.sha256(identity.certificateChain()[0]) == identity.fingerprintSHA256)

        // A client that trusts the certificate (pinned as its own root) completes a handshake for localhost.
        var client = TLSConfiguration.makeClientConfiguration()
        client.trustRoots = .certificates(try identity.certificateChain())
        let outcome = try await TLSHandshakeHarness.handshake(server: serverConfiguration, client: client, hostname: "localhost")
        #expect(try outcome.client.get() == identity.fingerprintSHA256)
        #expect(try outcome.server.get() == nil)

        // 127.0.0.1 is in the alternative names too.
        var byAddress = TLSConfiguration.makeClientConfiguration()
        byAddress.trustRoots = .certificates(try identity.certificateChain())
        let viaIP = try await TLSHandshakeHarness.handshake(server: serverConfiguration, client: byAddress, hostname: nil)
        #expect(try viaIP.client.get() == identity.fingerprintSHA256)
    }

    @Test func fingerprintNormalisation() {
        let canonical = (0..<32).map { _ in "AB" }.joined(separator: ":")
        #expect(CertificateFingerprint.normalized(String(repeating: "ab", count: 32)) == canonical)
        #expect(CertificateFingerprint.normalized("sha256 Fingerprint=" + canonical + "\n") == canonical)
        #expect(CertificateFingerprint.normalized("sha256:" + String(repeating: "Ab", count: 32)) == canonical)
        #expect(CertificateFingerprint.normalized(String(repeating: "ab", count: 31)) == nil)
        #expect(CertificateFingerprint.normalized(String(repeating: "zz", count: 32)) == nil)
    }
}
