import Foundation
import SovTestSupport
import Testing
import SovIndex
import SovJSON
import SovPrimitives

/// Reading Bitcoin Core's own `blocks/` folders (obfuscated, with a reorg's stale branch) and hand-written
/// copies that shuffle, duplicate, pad, damage and truncate the records.
@Suite(.needsSharedData) struct BlockFileReaderTests {
    static let folders = ["regtest", "regtest-busy"]

    /// The recorded active chain, the stale blocks (height, hash, raw) and the node's tip.
    struct Recorded {
        let chain: [[UInt8]]
        let stale: [(height: Int, hash: BlockHash, raw: [UInt8])]
        let chainwork: String
        let bestHash: String

        init(_ folder: String) throws {
            chain = try Fixtures.chain("fixtures/\(folder)/chain.hex")
            var stale: [(height: Int, hash: BlockHash, raw: [UInt8])] = []
            for block in try #require(try Fixtures.json("fixtures/\(folder)/stale.json")["blocks"]?.arrayValue) {
                let height = try #require(block["height"]?.intValue)
                let hashText = try #require(block["hash"]?.stringValue)
                let hash = try #require(BlockHash(hashText))
                stale.append((height, hash, try Hex.decode(try #require(block["raw"]?.stringValue))))
            }
            self.stale = stale
            let header = try #require(try Fixtures.rpcResult("fixtures/\(folder)/rpc/getblockheader.json"))
            chainwork = try #require(header["chainwork"]?.stringValue)
            bestHash = try #require(try Fixtures.rpcResult("fixtures/\(folder)/rpc/getbestblockhash.json")?.stringValue)
        }

        /// Every distinct block the node stored: the active chain and the stale branch.
        var allBlocks: [[UInt8]] { chain + stale.map(\.raw) }
    }

    static func blocksFolder(_ folder: String) -> String { Fixtures.path("fixtures/\(folder)/blocks") }

    /// Checks the selected best chain against the recorded one, block by block, raw bytes read back.
    static func expectChain(_ reader: BlockFileReader, _ selector: BestChainSelector, _ recorded: Recorded, _ label: String) throws {
        let chain = selector.bestChain
        #expect(chain.count == recorded.chain.count, "\(label): chain length")
        for (height, block) in chain.enumerated() where height < recorded.chain.count {
            #expect(block.height == height, "\(label): height \(height)")
            #expect(block.hash.bytes == Hashes.hash256(recorded.chain[height][0..<80]), "\(label): hash at \(height)")
            #expect(try reader.readBlock(at: block.location) == recorded.chain[height], "\(label): raw block at \(height)")
        }
        #expect(chain.last.map { $0.hash.hex } == recorded.bestHash, "\(label): tip")
        #expect(selector.bestChainWork.hex == recorded.chainwork, "\(label): chainwork")
    }

    // MARK: The node's own folders

    @Test(arguments: folders) func bestChainIsTheRecordedChain(folder: String) throws {
        let recorded = try Recorded(folder)
        let reader = try BlockFileReader(directory: Self.blocksFolder(folder), network: .regtest)
        #expect(reader.fileNumbers == [0])
        #expect(reader.key.isActive, "the recorded node obfuscates its block files")
        let selector = BestChainSelector(try reader.scanAll())
        try Self.expectChain(reader, selector, recorded, folder)
        #expect(selector.duplicateCount == 0 && selector.unconnectedCount == 0 && selector.invalidProofOfWorkCount == 0)
    }

    @Test(arguments: folders) func staleBlocksAreInTheFilesButNotOnTheChain(folder: String) throws {
        let recorded = try Recorded(folder)
        #expect(!recorded.stale.isEmpty)
        let reader = try BlockFileReader(directory: Self.blocksFolder(folder), network: .regtest)
        let selector = BestChainSelector(try reader.scanAll())
        let onChain = Set(selector.bestChain.map(\.hash))
        for stale in recorded.stale {
            let block = try #require(selector.block(hash: stale.hash), "\(folder): stale block at \(stale.height) is in the files")
            #expect(!onChain.contains(stale.hash), "\(folder): stale block at \(stale.height) is not on the chain")
            #expect(block.height == stale.height)
            #expect(try reader.readBlock(at: block.location) == stale.raw)
        }
        #expect(selector.blockCount == recorded.chain.count + recorded.stale.count, "the files hold the chain and the stale branch")
    }

    @Test(arguments: folders) func everyRecordHashesToItsHeader(folder: String) throws {
        let reader = try BlockFileReader(directory: Self.blocksFolder(folder), network: .regtest)
        let scan = try reader.scanFile(0)
        #expect(scan.skippedRegions.isEmpty && scan.incompleteTailOffset == nil)
        var read: [BlockLocation] = []
        let bulk = try reader.forEachBlock(inFile: 0) { location, bytes in
            read.append(location)
            let block = try Block(bytes: bytes)
            #expect(block.computedMerkleRoot == block.header.merkleRoot, "\(location): merkle root")
        }
        #expect(read == scan.records.map(\.location) && bulk.records.map(\.location) == read)
        for record in scan.records {
            let bytes = try reader.readBlock(at: record.location)
            #expect(Hashes.hash256(bytes[0..<80]) == record.header.hash.bytes, "\(record.location)")
            #expect(try Block(bytes: bytes).header == record.header)
        }
    }

    @Test func nodeChainMapsToLocations() throws {
        let recorded = try Recorded("regtest")
        let reader = try BlockFileReader(directory: Self.blocksFolder("regtest"), network: .regtest)
        let selector = BestChainSelector(try reader.scanAll())
        let unknown = BlockHash(bytes: [UInt8](repeating: 0xab, count: 32))!
        var hashes: [BlockHash] = []
        for raw in recorded.chain { hashes.append(try BlockHeader(bytes: Array(raw[0..<80])).hash) }
        hashes.append(unknown)
        let located = selector.locate(chain: hashes)
        #expect(located.blocks.count == recorded.chain.count)
        #expect(located.missing.count == 1 && located.missing.first?.height == recorded.chain.count && located.missing.first?.hash == unknown)
        for block in located.blocks {
            #expect(try reader.readBlock(at: block.location) == recorded.chain[block.height])
        }
        let tail = selector.locate(chain: Array(hashes[200..<202]), startHeight: 200)
        #expect(tail.blocks.map(\.height) == [200, 201] && tail.missing.isEmpty)
    }

    // MARK: Hand-written folders

    /// Builds one block file's stored bytes: plain parts obfuscated by their file offset, pre-allocated
    /// zero regions left as stored zeros.
    struct FileBuilder {
        let key: [UInt8]
        var stored: [UInt8] = []

        /// Plain bytes as the node writes them.
        mutating func write(_ plain: [UInt8]) {
            for byte in plain { stored.append(byte ^ key[stored.count % 8]) }
        }

        mutating func record(_ block: [UInt8]) {
            let size = UInt32(block.count)
            write([0xfa, 0xbf, 0xb5, 0xda, UInt8(size & 0xff), UInt8(size >> 8 & 0xff), UInt8(size >> 16 & 0xff), UInt8(size >> 24)])
            write(block)
        }

        /// Space pre-allocated and never written.
        mutating func preallocated(_ count: Int) { stored += [UInt8](repeating: 0, count: count) }
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sov-blockfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The regtest-busy blocks shuffled and partly duplicated over four files with padding, junk, and two
    /// kinds of unfinished tail, under `key`.
    static func expectShuffledCopy(key: [UInt8], seed: UInt64) throws {
        let recorded = try Recorded("regtest-busy")
        var generator = SplitMix64(seed: seed)
        var blocks = recorded.allBlocks.shuffled(using: &generator)
        let duplicates = (0..<25).map { _ in blocks[Int.random(in: 0..<blocks.count, using: &generator)] }
        blocks += duplicates
        blocks.shuffle(using: &generator)
        let label = "seed \(seed), key \(key.hex)"

        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(key).write(to: folder.appendingPathComponent("xor.dat"))
        let quarter = blocks.count / 4
        let parts = [Array(blocks[0..<quarter]), Array(blocks[quarter..<2 * quarter]),
                     Array(blocks[2 * quarter..<3 * quarter]), Array(blocks[(3 * quarter)...])]
        var expectedSkipped: Range<Int64>?
        var expectedTails: [Int: Int64] = [:]
        for (number, part) in parts.enumerated() {
            var file = FileBuilder(key: key)
            for (i, block) in part.enumerated() {
                file.record(block)
                switch (number, i) {
                case (0, 10): file.preallocated(70_001)  // a zero gap inside the file
                case (0, 20): file.write([UInt8](repeating: 0, count: 13))  // zeros the node wrote
                case (1, 5):  // junk that is neither a record nor padding
                    let start = Int64(file.stored.count)
                    file.write((0..<1_000).map { j in
                        [0x11, 0x22, 0x33].first { $0 != key[(Int(start) + j) % 8] }!
                    })
                    expectedSkipped = start..<Int64(file.stored.count)
                default: break
                }
            }
            let bigBlock = recorded.chain.max { $0.count < $1.count }!
            switch number {
            case 0: file.preallocated(1 << 20)  // the usual zero tail
            case 1: break  // finished file, truncated to its last record
            case 2:  // a record running past the end of the file
                expectedTails[2] = Int64(file.stored.count)
                file.record(bigBlock)
                file.stored.removeLast(bigBlock.count / 2)
            default:  // a record written only in part into pre-allocated space
                expectedTails[3] = Int64(file.stored.count)
                let kept = bigBlock.count * 2 / 3
                file.record(bigBlock)
                file.stored.removeLast(bigBlock.count - kept)
                file.preallocated(bigBlock.count + 100_000)
            }
            try Data(file.stored).write(to: folder.appendingPathComponent(BlockFileReader.fileName(number)))
        }

        let reader = try BlockFileReader(directory: folder.path, network: .regtest)
        #expect(reader.fileNumbers == [0, 1, 2, 3], "\(label)")
        #expect(reader.key.bytes == key)
        var records: [(location: BlockLocation, header: BlockHeader)] = []
        for number in reader.fileNumbers {
            let scan = try reader.scanFile(number)
            #expect(scan.records.count == parts[number].count, "\(label): records of file \(number)")
            #expect(scan.incompleteTailOffset == expectedTails[number], "\(label): unfinished tail of file \(number)")
            #expect(scan.skippedRegions == (number == 1 ? [expectedSkipped!] : []), "\(label): skipped in file \(number)")
            for (record, block) in zip(scan.records, parts[number]) {
                #expect(try reader.readBlock(at: record.location) == block, "\(label): \(record.location)")
            }
            var bulkBlocks: [[UInt8]] = []
            let bulk = try reader.forEachBlock(inFile: number) { _, bytes in bulkBlocks.append(bytes) }
            let sameBlocks = bulkBlocks == parts[number]
            #expect(sameBlocks, "\(label): blocks of file \(number) read in bulk")
            #expect(bulk.records.map(\.location) == scan.records.map(\.location), "\(label): bulk read of file \(number)")
            records += scan.records
        }
        let selector = BestChainSelector(records.shuffled(using: &generator))
        try expectChain(reader, selector, recorded, label)
        #expect(selector.duplicateCount == duplicates.count, "\(label)")
        #expect(selector.blockCount == recorded.allBlocks.count)
        for stale in recorded.stale {
            #expect(selector.block(hash: stale.hash)?.height == stale.height, "\(label): stale block kept off the chain")
        }
    }

    @Test func shuffledDuplicatedCopyUnderARandomKey() throws {
        var key = (0..<8).map { _ in UInt8.random(in: 1...255) }
        key[3] = 0xfa  // a key byte equal to the magic's first byte: padding is then scanned byte by byte
        try Self.expectShuffledCopy(key: key, seed: UInt64.random(in: 0...UInt64.max))
        let other = (0..<8).map { _ in UInt8.random(in: 0...255) }.map { $0 == 0xfa ? 0x01 : $0 }
        try Self.expectShuffledCopy(key: other, seed: UInt64.random(in: 0...UInt64.max))
    }

    @Test func plainFoldersHaveNoOrAZeroKey() throws {
        let recorded = try Recorded("regtest")
        for zeroKey in [false, true] {
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            if zeroKey { try Data(count: 8).write(to: folder.appendingPathComponent("xor.dat")) }
            var file = FileBuilder(key: [UInt8](repeating: 0, count: 8))
            for block in recorded.allBlocks.reversed() { file.record(block) }
            try Data(file.stored).write(to: folder.appendingPathComponent("blk00000.dat"))
            try Data("not a block file".utf8).write(to: folder.appendingPathComponent("rev00000.dat"))
            let reader = try BlockFileReader(directory: folder.path, network: .regtest)
            #expect(!reader.key.isActive && reader.fileNumbers == [0])
            try Self.expectChain(reader, BestChainSelector(try reader.scanAll()), recorded, "zero key \(zeroKey)")
        }
    }

    @Test func failuresNameTheFileAndOffset() throws {
        #expect(throws: BlockSourceError.self) { try BlockFileReader(directory: "/nonexistent/blocks", network: .regtest) }

        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data([1, 2, 3, 4, 5]).write(to: folder.appendingPathComponent("xor.dat"))
        #expect(throws: BlockSourceError.self) { try BlockFileReader(directory: folder.path, network: .regtest) }

        let reader = try BlockFileReader(directory: Self.blocksFolder("regtest"), network: .regtest)
        let first = try #require(try reader.scan(file: 0).first?.location)
        do {
            _ = try reader.readBlock(at: BlockLocation(file: 0, offset: first.offset + 1, size: first.size))
            Issue.record("a location that holds no record was read")
        } catch let error as BlockSourceError {
            #expect(error.description.contains("blk00000.dat") && error.description.contains("offset \(first.offset - 7)"))
        }
        #expect(throws: BlockSourceError.self) { try reader.readBlock(at: BlockLocation(file: 0, offset: first.offset, size: first.size + 1)) }
        #expect(throws: BlockSourceError.self) { try reader.readBlock(at: BlockLocation(file: 9, offset: first.offset, size: first.size)) }
        // The mainnet magic finds no records in a regtest file: it is all junk and padding.
        let mainnet = try BlockFileReader(directory: Self.blocksFolder("regtest"), network: .main)
        let scan = try mainnet.scanFile(0)
        #expect(scan.records.isEmpty && !scan.skippedRegions.isEmpty)
    }
}
