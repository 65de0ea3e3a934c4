import Foundation
import SovJSON
import SovTestSupport

/// The repository and the Core-recorded ground truth in `../shared` beside it, found from this file's path
/// (Tests/SovCLITests/Fixtures.swift → up 3 is the repository root).
enum Fixtures {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let sharedRoot: URL = SharedData.root

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: sharedRoot.appendingPathComponent(relative), encoding: .utf8)
    }

    static func json(_ relative: String) throws -> JSONValue {
        try JSONParser.parse(try text(relative))
    }

    /// The non-empty lines of a shared text file.
    static func lines(_ relative: String) throws -> [String] {
        try text(relative).split(separator: "\n").map(String.init)
    }

    /// `regtest/chain.hex`: the raw block at `height` (line N holds height N).
    static func rawBlock(height: Int) throws -> [UInt8] {
        let lines = try lines("fixtures/regtest/chain.hex")
        guard lines.indices.contains(height) else { throw FixtureError("chain.hex has no height \(height)") }
        return try bytes(hex: lines[height])
    }

    /// Hex → bytes, for reading fixtures (deliberately not sov's own decoder).
    static func bytes(hex: String) throws -> [UInt8] {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { throw FixtureError("odd-length hex in fixture") }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                throw FixtureError("bad hex in fixture")
            }
            out.append(byte)
            index += 2
        }
        return out
    }

    /// A fresh empty directory under the system's temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sov-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}


/// One line of `fixtures/regtest/decoded/regtest-txs.jsonl`: a raw transaction and what
/// `bitcoin-cli decoderawtransaction` printed for it.
struct CoreTransactionRecord {
    var hex: String
    var core: JSONValue
    var txid: String

    init(line: String) throws {
        let record = try JSONParser.parse(line)
        guard let hex = record["hex"]?.stringValue, let output = record["bitcoin_cli"]?.stringValue else {
            throw FixtureError("regtest-txs.jsonl line without hex or bitcoin_cli")
        }
        self.hex = hex
        self.core = try JSONParser.parse(output)
        guard let txid = core["txid"]?.stringValue else { throw FixtureError("Core output without txid") }
        self.txid = txid
    }

    static func all() throws -> [CoreTransactionRecord] {
        try Fixtures.lines("fixtures/regtest/decoded/regtest-txs.jsonl").map(CoreTransactionRecord.init(line:))
    }
}
