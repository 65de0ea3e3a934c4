import Foundation
import SovJSON
import SovTestSupport
import Testing

/// `SOV_NETWORK` picks the network when `--network` is not given.
@Suite(.needsSharedData) struct NetworkEnvironmentTests {
    /// A regtest Base58 address from Core's scripts.json (Base58 prefixes are shared with testnet, so only
    /// the network setting can say regtest) and its script and Electrum scripthash.
    private func regtestAddress(type: String) throws -> (address: String, script: String, scripthash: String) {
        let scripts = try Fixtures.json("fixtures/regtest/scripts.json")
        for entry in try #require(scripts["scripthashes"]?.objectValue).entries where entry.value["type"]?.stringValue == type {
            if let address = entry.value["address"]?.stringValue, let script = entry.value["script"]?.stringValue {
                return (address, script, entry.key)
            }
        }
        throw FixtureError("no \(type) address in scripts.json")
    }

    @Test(arguments: ["pubkeyhash", "scripthash", "witness_v0_keyhash"])
    func environmentSelectsRegtest(type: String) async throws {
        let expected = try regtestAddress(type: type)
        let run = try await SovProcess.run(["decode", expected.address], environment: ["SOV_NETWORK": "regtest"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let decoded = try JSONParser.parse(run.stdout)
        #expect(decoded["network"]?.stringValue == "regtest")
        #expect(decoded["scriptPubKey"]?.stringValue == expected.script)
        #expect(decoded["scripthash"]?.stringValue == expected.scripthash)
    }

    @Test func optionOverridesEnvironment() async throws {
        let expected = try regtestAddress(type: "pubkeyhash")
        let run = try await SovProcess.run(["decode", "--network", "test", expected.address], environment: ["SOV_NETWORK": "regtest"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(try JSONParser.parse(run.stdout)["network"]?.stringValue == "test")
        let plain = try await SovProcess.run(["decode", "--network", "regtest", expected.address])
        #expect(try JSONParser.parse(plain.stdout)["network"]?.stringValue == "regtest")
    }
}
