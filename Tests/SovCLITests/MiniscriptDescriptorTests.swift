import Foundation
import SovJSON
import SovTestSupport
import Testing

/// Issue 13: miniscript inside `wsh()` and `tr()` leaves, as Bitcoin Core's descriptors take it. The addresses
/// `sov decode descriptor` derives equal those of BDK (rust-miniscript, an independent implementation) for
/// the same descriptors, made of the fixture wallet's four account keys (Core's listdescriptors).
@Suite(.needsSharedData) struct MiniscriptDescriptorTests {
    /// The account tpubs of wallet.json (BIP44/49/84/86 of "abandon … about"), as A, B, C, D.
    static func accountKeys() throws -> [String] {
        let descriptors = try SharedData.json("fixtures/regtest/wallet.json")["core_listdescriptors"]?.arrayValue ?? []
        var keys: [String] = []
        for entry in descriptors {
            guard let text = entry["desc"]?.stringValue else { continue }
            for match in text.matches(of: #/\[[0-9a-f]{8}(?:/[0-9]+h)*\]tpub[1-9A-HJ-NP-Za-km-z]+/#) where !keys.contains(String(match.output)) {
                keys.append(String(match.output))
            }
        }
        return keys
    }

    static let preimageHash = "9267d3dbed802941483f1afa2a6bc68de5f653128aca9bf1461c5d0a3ad36ed2"

    @Test func addressesEqualBDKs() async throws {
        guard let python = BDKWalletTests.python else {
            #expect(!SharedData.underCI, "CI must have the peers venv (.ci/setup)")
            print("SKIPPED: no Python with bdkpython (run .ci/setup)")
            return
        }
        let keys = try Self.accountKeys()
        try #require(keys.count >= 4, "four account keys in wallet.json: \(keys)")
        let (a, b, c, d) = (keys[0], keys[1], keys[2], keys[3])
        let descriptors = [
            "wsh(and_v(v:pk(\(a)/0/*),older(144)))",
            "wsh(or_d(pk(\(a)/0/*),and_v(v:pk(\(b)/0/*),older(1000))))",
            "wsh(thresh(2,pk(\(a)/0/*),s:pk(\(b)/0/*),s:pk(\(c)/0/*)))",
            "wsh(andor(pk(\(a)/0/*),older(52560),pk(\(b)/0/*)))",
            "wsh(and_v(v:pk(\(a)/0/*),sha256(\(Self.preimageHash))))",
            "wsh(or_i(and_v(v:pkh(\(a)/0/*),after(800000)),pk(\(b)/0/*)))",
            "sh(wsh(or_d(pk(\(c)/0/*),and_v(v:pk(\(d)/0/*),older(4032)))))",
            "tr(\(d)/0/*,and_v(v:pk(\(a)/0/*),after(1000)))",
            "tr(\(d)/0/*,{and_v(v:pk(\(a)/0/*),older(144)),or_d(pk(\(b)/0/*),and_v(v:pk(\(c)/0/*),older(4032)))})",
        ]
        let script = Fixtures.repositoryRoot.appendingPathComponent("Tests/SovCLITests/Peers/bdk_addresses.py").path
        let bdk = ExternalTool(path: python)
        for descriptor in descriptors {
            let ours = try await SovProcess.run(["decode", "descriptor", "--network", "regtest", descriptor])
            #expect(ours.status == 0, "\(descriptor): \(ours.stderr)")
            guard ours.status == 0 else { continue }
            let derived = try JSONParser.parse(ours.stdout)["derived"]?.arrayValue ?? []
            let addresses = derived.compactMap { $0["scripts"]?[0]?["address"]?.stringValue }
            try #require(addresses.count >= 3, "\(descriptor): \(ours.stdout.prefix(500))")
            let theirs = try await bdk.run([script, descriptor, String(addresses.count)])
            #expect(theirs.status == 0, "\(descriptor): \(theirs.stderr)")
            let expected = try JSONParser.parse(theirs.text).arrayValue?.compactMap(\.stringValue)
            #expect(addresses == expected, "\(descriptor)")
        }
    }

    @Test func unsaneOrInvalidExpressionsAreRefusedWithTheReason() async throws {
        let key = try #require(try Self.accountKeys().first)
        for (descriptor, reason) in [("wsh(older(10))", "does not always need a signature"),
                                     ("wsh(and_v(v:pk(\(key)/0/*),pk(\(key)/0/*)))", "a key is used more than once"),
                                     ("wsh(and_v(v:pk(\(key)/0/*),and_v(v:after(100),after(500000001))))", "mixes timelocks"),
                                     ("wsh(and_q(pk(\(key)/0/*)))", "not a valid script expression")] {
            let result = try await SovProcess.run(["decode", "descriptor", "--network", "regtest", descriptor])
            #expect(result.status == 65, "\(descriptor)")
            #expect(result.stderr.contains(reason), "\(descriptor): \(result.stderr)")
        }
    }
}
