import Foundation
import SovJSON
import SovPrimitives
import Testing
@testable import SovServer

/// The credential store of `sov serve auth`: issue, list, revoke, files and their protection.
@Suite struct ClientCredentialStoreTests {
    private let scratch = ScratchFolder("sov-auth")

    private func temporaryStore() throws -> ClientCredentialStore {
        ClientCredentialStore(directory: try scratch.folder() + "/serve")
    }

    private func mode(of path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    private func expectFailure(_ words: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected a failure containing \(words)", sourceLocation: sourceLocation)
        } catch let error as CredentialStoreError {
            #expect(error.message.contains(words), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func tokensAreShownOnceAndStoredHashed() throws {
        let store = try temporaryStore()
        #expect(try store.list().isEmpty)
        let issued = try store.issueToken(name: "phone")
        #expect(issued.token.hasPrefix("sov_"))
        #expect(issued.token.count == 4 + 43)
        #expect(issued.token.dropFirst(4).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(issued.credential.identifier == Hashes.sha256(Array(issued.token.utf8)).hex)

        let text = try String(contentsOfFile: store.path, encoding: .utf8)
        #expect(!text.contains(issued.token))
        #expect(!text.contains(String(issued.token.dropFirst(4))))
        #expect(try mode(of: store.path) == 0o600)
        #expect(try mode(of: store.directory) == 0o700)
        let json = try JSONParser.parse(text)
        #expect(json["version"]?.intValue == 1)
        #expect(json["credentials"]?[0]?["token_sha256"]?.stringValue == issued.credential.identifier)

        let other = try store.issueToken(name: "tablet")
        #expect(other.token != issued.token)
        let listed = try store.list()
        #expect(listed.map(\.name) == ["phone", "tablet"])
        #expect(listed[0] == issued.credential)
        #expect(listed[0].kind == .token && !listed[0].isRevoked)
        #expect(listed[0].fingerprintPrefix == "sha256:" + issued.credential.identifier.prefix(16))
        #expect(abs(listed[0].created.timeIntervalSinceNow) < 60)
    }

    @Test func namesAreUniqueAndValid() throws {
        let store = try temporaryStore()
        _ = try store.issueToken(name: "alice")
        expectFailure("a credential named alice already exists (token)") { _ = try store.issueToken(name: "alice") }
        expectFailure("a credential named alice already exists") { _ = try store.allowIP(cidr: "10.0.0.0/8", name: "alice") }
        for bad in ["", "a b", "../x", ".hidden", "x/y", String(repeating: "n", count: 65), "é"] {
            expectFailure("is not a valid credential name") { _ = try store.issueToken(name: bad) }
        }
        #expect(try store.list().count == 1)
    }

    @Test func revokeRoundTrip() throws {
        let store = try temporaryStore()
        let token = try store.issueToken(name: "laptop")
        _ = try store.allowIP(cidr: "192.168.1.0/24", name: "lan")
        let revoked = try store.revoke(name: "laptop")
        #expect(revoked.isRevoked && revoked.name == "laptop" && revoked.identifier == token.credential.identifier)
        let listed = try store.list()
        #expect(listed.count == 2)
        #expect(listed[0].isRevoked && !listed[1].isRevoked)
        expectFailure("no valid credential named laptop") { _ = try store.revoke(name: "laptop") }
        expectFailure("no valid credential named nobody") { _ = try store.revoke(name: "nobody") }
        // The name is free again; the revoked entry stays listed.
        let again = try store.issueToken(name: "laptop")
        #expect(try store.list().map(\.name) == ["laptop", "lan", "laptop"])
        #expect(try store.list()[2] == again.credential)
    }

    @Test func ipRanges() throws {
        let store = try temporaryStore()
        let lan = try store.allowIP(cidr: "192.168.1.77/24", name: "lan")
        #expect(lan.kind == .ip && lan.identifier == "192.168.1.0/24")
        #expect(lan.fingerprintPrefix == "192.168.1.0/24")
        let six = try store.allowIP(cidr: "2001:db8::/48", name: "v6")
        #expect(six.identifier == "2001:db8::/48")
        expectFailure("prefix length must be a number from 0 to 32") { _ = try store.allowIP(cidr: "10.0.0.0/40", name: "bad") }
        expectFailure("is not an IP address or CIDR range") { _ = try store.allowIP(cidr: "intranet", name: "bad") }
        #expect(try store.list().map(\.identifier) == ["192.168.1.0/24", "2001:db8::/48"])
    }

    @Test func clientCertificates() throws {
        let store = try temporaryStore()
        let output = store.directory + "/../issued"
        let issued = try store.issueCertificate(name: "wallet", outputDirectory: output)
        #expect(issued.certificatePath == output + "/wallet.crt")
        #expect(issued.privateKeyPath == output + "/wallet.key")
        #expect(issued.combinedPath == output + "/wallet.pem")
        #expect(try mode(of: issued.privateKeyPath) == 0o600)
        #expect(try mode(of: issued.combinedPath) == 0o600)
        let certificate = try String(contentsOfFile: issued.certificatePath, encoding: .utf8)
        let key = try String(contentsOfFile: issued.privateKeyPath, encoding: .utf8)
        #expect(try String(contentsOfFile: issued.combinedPath, encoding: .utf8) == certificate + key)
        #expect(key.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(try store.list() == [issued.credential])
        #expect(issued.credential.kind == .certificate)
        #expect(issued.credential.fingerprintPrefix == String(issued.fingerprintSHA256.prefix(23)))

        let caDirectory = store.certificateAuthorityDirectory
        #expect(try mode(of: caDirectory + "/ca-key.pem") == 0o600)
        let authority = try store.certificateAuthority()
        #expect(authority.isIssuer(ofCertificateDER: try TLSIdentityTests.derOfFirstCertificate(certificate)))

        // OpenSSL agrees on the fingerprint, on the chain to the CA, and on the purpose.
        if let fingerprint = try TLSIdentityTests.openssl(["x509", "-noout", "-fingerprint", "-sha256", "-in", issued.certificatePath]) {
            #expect(CertificateFingerprint.normalized(fingerprint) == issued.fingerprintSHA256)
        }
        if let verified = try TLSIdentityTests.openssl(["verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", caDirectory + "/ca.pem", issued.certificatePath]) {
            #expect(verified == issued.certificatePath + ": OK\n")
        }
        if let subject = try TLSIdentityTests.openssl(["x509", "-noout", "-subject", "-in", issued.certificatePath]) {
            #expect(subject.contains("CN = wallet") || subject.contains("CN=wallet"))
        }

        // The CA is made once; a second certificate is signed by the same one. Existing files are not overwritten.
        let second = try store.issueCertificate(name: "desktop", outputDirectory: output)
        #expect(try store.certificateAuthority().fingerprintSHA256 == authority.fingerprintSHA256)
        #expect(second.fingerprintSHA256 != issued.fingerprintSHA256)
        _ = try store.revoke(name: "wallet")
        expectFailure("wallet.crt already exists") { _ = try store.issueCertificate(name: "wallet", outputDirectory: output) }
        #expect(try store.list().count == 2)
    }

    @Test func corruptStoreIsAClearError() throws {
        let store = try temporaryStore()
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
        let cases: [(String, String)] = [
            ("{not json", "not a valid credential store: invalid JSON"),
            ("[]", "expected a JSON object"),
            (#"{"version": 2, "credentials": []}"#, "expected \"version\": 1"),
            (#"{"version": 1}"#, "expected a \"credentials\" array"),
            (#"{"version": 1, "credentials": [{"name": "a", "kind": "password", "created": "2026-01-01T00:00:00Z"}]}"#, "credential 1 (a) has no valid \"kind\""),
            (#"{"version": 1, "credentials": [{"name": "a", "kind": "token", "created": "yesterday", "token_sha256": "00"}]}"#, "credential 1 (a) has no valid \"created\" time"),
            (#"{"version": 1, "credentials": [{"name": "a", "kind": "token", "created": "2026-01-01T00:00:00Z", "token_sha256": "00"}]}"#, "credential 1 (a) has no valid \"token_sha256\""),
            (#"{"version": 1, "credentials": [{"name": "a", "kind": "ip", "created": "2026-01-01T00:00:00Z", "cidr": "10.0.0.0/99"}]}"#, "credential 1 (a) has no valid \"cidr\""),
        ]
        for (text, words) in cases {
            try text.write(toFile: store.path, atomically: true, encoding: .utf8)
            expectFailure(store.path + ": " + (words.hasPrefix("not a valid") ? words : "not a valid credential store: " + words)) { _ = try store.list() }
            // Issuing does not overwrite a store it cannot read.
            expectFailure("not a valid credential store") { _ = try store.issueToken(name: "new") }
            #expect(try String(contentsOfFile: store.path, encoding: .utf8) == text)
        }
    }
}
