import Foundation
import SovInspect
import SovJSON
import SovPrimitives
import SovTestSupport
import Testing

/// `decodescript`'s `segwit.desc` for scripts Core reads as miniscript inside P2WSH, against the regtest
/// fixtures recorded from Bitcoin Core (../shared/fixtures/regtest/decoded/scripts.jsonl).
@Suite(.needsSharedData) struct MiniscriptInferenceTests {
    static let fixtures: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/fixtures/regtest/decoded/scripts.jsonl").standardized

    /// Core's `decodescript` answer per script hex.
    static func recorded() throws -> [String: JSONValue] {
        let text = try String(contentsOf: fixtures, encoding: .utf8)
        var answers: [String: JSONValue] = [:]
        for line in text.split(separator: "\n") {
            let record = try JSONParser.parse(String(line))
            guard let hex = record["hex"]?.stringValue, let cli = record["bitcoin_cli"]?.stringValue else { continue }
            answers[hex] = try JSONParser.parse(cli)
        }
        return answers
    }

    func segwitDescriptor(_ hex: String) throws -> String? {
        let decoded = try Inspector(network: .regtest).decode(.text(hex), as: .script)
        return decoded["segwit"]?["desc"]?.stringValue
    }

    /// "00" is the miniscript `0`, which Core counts as sane (it has no satisfaction at all).
    @Test func falseIsInferredAsMiniscript() throws {
        let answers = try Self.recorded()
        let expected = try #require(answers["00"]?["segwit"]?["desc"]?.stringValue)
        #expect(expected == "wsh(0)#a0qjqdfq")
        #expect(try segwitDescriptor("00") == expected)
    }

    /// "51" is the miniscript `1`, which is not sane (no signature needed), so Core falls back to addr().
    @Test func trueIsNotInferredAsMiniscript() throws {
        let answers = try Self.recorded()
        let expected = try #require(answers["51"]?["segwit"]?["desc"]?.stringValue)
        #expect(expected.hasPrefix("addr("))
        #expect(try segwitDescriptor("51") == expected)
    }

    /// Every recorded script's `segwit.desc`, so miniscript never claims a script Core does not.
    @Test func allRecordedSegwitDescriptors() throws {
        let answers = try Self.recorded()
        var compared = 0
        for (hex, answer) in answers {
            guard let expected = answer["segwit"]?["desc"]?.stringValue else { continue }
            #expect(try segwitDescriptor(hex) == expected, "script \(hex)")
            compared += 1
        }
        #expect(compared > 0)
    }
}
