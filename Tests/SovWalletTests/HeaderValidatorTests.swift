import Foundation
import SovPrimitives
import SovTestSupport
@testable import SovWallet
import Testing

@Suite struct HeaderValidatorTests {
    /// Bitcoin Core's `src/test/pow_tests.cpp` (get_next_work, get_next_work_pow_limit,
    /// get_next_work_lower_limit_actual, get_next_work_upper_limit_actual): mainnet adjustments.
    @Test(arguments: [
        (UInt32(0x1d00_ffff), UInt32(1_261_130_161), UInt32(1_262_152_739), UInt32(0x1d00_d86a)),
        (0x1d00_ffff, 1_231_006_505, 1_233_061_996, 0x1d00_ffff),
        (0x1c05_a3f4, 1_279_008_237, 1_279_297_671, 0x1c01_68fd),
        (0x1c38_7f6f, 1_263_163_443, 1_269_211_443, 0x1d00_e1fd),
    ])
    func mainnetAdjustmentsEqualCores(bits: UInt32, first: UInt32, last: UInt32, expected: UInt32) {
        #expect(ChainParameters.of(.main).retargetedBits(from: bits, firstBlockTime: first, lastBlockTime: last) == expected)
    }

    static func fixtureHeaders() throws -> [BlockHeader] {
        try SharedData.chain("fixtures/regtest/chain.hex").map { try BlockHeader(bytes: Array($0.prefix(80))) }
    }

    /// Validates `headers` from the genesis block; returns the first fault.
    static func validate(_ headers: [BlockHeader], network: Network = .regtest) -> ServerFault? {
        let validator = HeaderValidator(parameters: .of(network), now: UInt32(Date.now.timeIntervalSince1970))
        for (height, header) in headers.enumerated() {
            do { try validator.validate(header, height: height) { headers.indices.contains($0) ? headers[$0] : nil } } catch { return error }
        }
        return nil
    }

    @Test(.needsSharedData) func theFixtureChainValidatesFromGenesis() throws {
        let headers = try Self.fixtureHeaders()
        #expect(headers.count == 264)
        #expect(Self.validate(headers) == nil)
    }

    @Test(.needsSharedData) func forgedHeadersAreCaught() throws {
        let headers = try Self.fixtureHeaders()
        // Another network's chain.
        #expect(Self.validate(headers, network: .main) == .wrongGenesis(headers[0].hash))
        // A changed merkle root changes the hash: the next header no longer connects.
        var forged = headers
        forged[100].merkleRoot[0] ^= 1
        let fault = Self.validate(forged)
        #expect(fault == .headerDoesNotConnect(height: 101) || fault == .insufficientProofOfWork(height: 100))
        // Difficulty other than the network's rules (regtest never retargets).
        forged = headers
        forged[50].bits = 0x1d00_ffff
        #expect(Self.validate(Array(forged.prefix(51))) != nil)
        // A timestamp not after the median of the previous eleven.
        forged = headers
        forged[200].time = forged[190].time - 1
        #expect(Self.validate(Array(forged.prefix(201))) == .badTimestamp(height: 200) || Self.validate(Array(forged.prefix(201))) == .insufficientProofOfWork(height: 200))
    }

    @Test func compactFormRoundTrips() {
        for bits: UInt32 in [0x1d00_ffff, 0x1b04_864c, 0x207f_ffff, 0x1e03_77ae, 0x1705_dd01] {
            let target = CompactTarget.expand(bits)!
            #expect(Target256(bigEndian: target).compactBits == bits)
        }
    }
}
