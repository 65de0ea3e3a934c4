import Foundation
import SovJSON
import SovPrimitives
import SovTestSupport

/// A recorded regtest history (../shared/fixtures/<name>): the final chain, the stale branch, node states
/// along the way, the final mempool and the real RPC exchanges.
public struct FixtureChain: Sendable {
    public struct Checkpoint: Sendable {
        public var label: String
        public var height: Int
        public var tip: String
        public var mempool: [(txid: String, raw: [UInt8])]
    }

    public let directory: URL
    /// Raw blocks of the final active chain by height.
    public let blocks: [[UInt8]]
    public let staleForkHeight: Int
    /// Stale blocks (height, raw).
    public let staleBlocks: [(height: Int, raw: [UInt8])]
    public let checkpoints: [Checkpoint]
    /// Recorded RPC bodies by file name (without .json).
    public let recorded: [String: JSONValue]

    /// `../shared/fixtures/<name>` beside the repository holding this file.
    public static func directory(named name: String) -> URL {
        SharedData.url("fixtures/\(name)")
    }

    public init(name: String = "regtest") throws {
        try self.init(directory: FixtureChain.directory(named: name))
    }

    public init(directory: URL) throws {
        self.directory = directory
        func text(_ file: String) throws -> String { try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) }
        blocks = try text("chain.hex").split(separator: "\n").map { try Hex.decode($0) }
        let stale = try JSONParser.parse(try text("stale.json"))
        staleForkHeight = stale["fork_height"]?.intValue ?? 0
        guard let staleList = stale["blocks"]?.arrayValue else { throw FixtureError("\(directory.path)/stale.json has no blocks") }
        staleBlocks = try staleList.map { (b) throws -> (Int, [UInt8]) in
            (b["height"]!.intValue!, try Hex.decode(b["raw"]!.stringValue!))
        }
        checkpoints = try (try JSONParser.parse(try text("checkpoints.json")).arrayValue ?? []).map { (c) throws -> Checkpoint in
            Checkpoint(label: c["label"]!.stringValue!, height: c["height"]!.intValue!, tip: c["tip"]!.stringValue!,
                       mempool: try (c["mempool"]?.arrayValue ?? []).map { (m) throws -> (String, [UInt8]) in
                           (m["txid"]!.stringValue!, try Hex.decode(m["raw"]!.stringValue!))
                       })
        }
        var recorded: [String: JSONValue] = [:]
        let rpcDirectory = directory.appendingPathComponent("rpc")
        for file in (try? FileManager.default.contentsOfDirectory(atPath: rpcDirectory.path)) ?? [] where file.hasSuffix(".json") {
            let exchange = try JSONParser.parse(try String(contentsOf: rpcDirectory.appendingPathComponent(file), encoding: .utf8))
            if let body = exchange["body"]?.stringValue { recorded[String(file.dropLast(5))] = try JSONParser.parse(body) }
        }
        self.recorded = recorded
    }

    /// The active chain (raw blocks by height) at a checkpoint: the final chain cut at its height, or,
    /// when its tip is a stale block, the final chain up to the fork followed by the stale branch.
    public func activeChain(at checkpoint: Checkpoint) -> [[UInt8]] {
        let staleHashes = staleBlocks.map { Hex.encodeReversed(Hashes.hash256($0.raw.prefix(80))) }
        if let index = staleHashes.firstIndex(of: checkpoint.tip) {
            return Array(blocks[0..<staleForkHeight]) + staleBlocks[0...index].map(\.raw)
        }
        return Array(blocks[0...checkpoint.height])
    }
}
