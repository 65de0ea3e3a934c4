import FoundationEssentials
import SovPrimitives

/// Reads Bitcoin Core's `blocks/` folder directly: `blk00000.dat`, `blk00001.dat`, … and `xor.dat`.
///
/// Each file is a run of records, `magic(4) size(4, little-endian) block(size)`, written in the order the
/// node stored the blocks (stale branches included, not necessarily in height order), followed by zero
/// padding Core pre-allocated. With `xor.dat` present and non-zero, every written byte is XORed with
/// `key[offset % 8]` (see `BlockFileKey`).
///
/// Walking a file tolerates what a running or once-crashed node leaves behind:
/// - zero regions (pre-allocated, never written) are skipped wherever they are;
/// - a last record the node is still writing is ignored, not reported as an error: one that runs past the
///   end of the file, and a last record followed by zeros whose transactions do not match its header's
///   merkle root (written only in part);
/// - bytes that are neither records nor padding are passed over to the next record and reported in
///   `BlockFileScan.skippedRegions` (as Core's `-reindex` would).
/// I/O failures, a malformed `xor.dat` and locations that hold no record throw `BlockSourceError`.
///
/// The reader keeps no open files, so it is `Sendable`; files can be scanned on several threads at once.
/// Files the node creates after `init` are not seen: make a new reader.
public struct BlockFileReader: Sendable {
    /// The `blocks/` folder.
    public let directory: String
    public let network: Network
    /// The obfuscation key (`BlockFileKey.none` without `xor.dat` or with an all-zero one).
    public let key: BlockFileKey
    /// The numbers of the `blkNNNNN.dat` files present, ascending.
    public let fileNumbers: [Int]

    /// Core's `MAX_BLOCK_SERIALIZED_SIZE`: no record can hold a larger block.
    public static let maximumBlockSize = 4_000_000

    /// Read size while walking headers: small enough to skip most of each large block.
    static let scanChunk = 64 << 10
    /// Read size while reading whole blocks.
    static let bulkChunk = 16 << 20

    /// Opens the `blocks/` folder of a node on `network`: reads `xor.dat` and lists the block files.
    public init(directory: String, network: Network) throws {
        var isFolder = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder else {
            throw BlockSourceError(path: directory, "no such folder (expected Bitcoin Core's blocks/ folder)")
        }
        self.directory = directory
        self.network = network
        let keyPath = FilePaths.join(directory, "xor.dat")
        if FileManager.default.fileExists(atPath: keyPath) {
            guard let data = FileManager.default.contents(atPath: keyPath) else {
                throw BlockSourceError(path: keyPath, "cannot read the obfuscation key")
            }
            guard let key = BlockFileKey(Array(data)) else {
                throw BlockSourceError(path: keyPath, "the obfuscation key must be 8 bytes, found \(data.count)")
            }
            self.key = key.isActive ? key : .none
        } else {
            key = .none
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw BlockSourceError(path: directory, "cannot list the folder: \(systemErrorText(error))")
        }
        fileNumbers = names.compactMap(Self.fileNumber(ofName:)).sorted()
    }

    /// `blk00007.dat` for 7.
    public static func fileName(_ number: Int) -> String {
        let digits = String(number)
        return "blk" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".dat"
    }

    /// 7 for `blk00007.dat`; nil for other names.
    static func fileNumber(ofName name: String) -> Int? {
        guard name.hasPrefix("blk"), name.hasSuffix(".dat") else { return nil }
        let digits = name.dropFirst(3).dropLast(4)
        guard digits.count >= 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    /// The full path of block file `number`.
    public func path(ofFile number: Int) -> String {
        FilePaths.join(directory, Self.fileName(number))
    }

    // MARK: Scanning

    /// Every complete record of file `file`, in file order: where its block is and its header. Reads the
    /// headers only (plus the last block when it may be incomplete).
    public func scan(file: Int) throws -> [(location: BlockLocation, header: BlockHeader)] {
        try scanFile(file).records
    }

    /// `scan(file:)` with what was passed over: skipped regions and an ignored incomplete tail.
    public func scanFile(_ file: Int) throws -> BlockFileScan {
        try walk(file: file, chunk: Self.scanChunk, wantBlocks: false) { _, _ in }
    }

    /// The records of every file, in file order.
    public func scanAll() throws -> [(location: BlockLocation, header: BlockHeader)] {
        var all: [(location: BlockLocation, header: BlockHeader)] = []
        for number in fileNumbers { all += try scan(file: number) }
        return all
    }

    /// Reads every complete block of file `file` in file order with large sequential reads, handing each
    /// one's location and de-obfuscated bytes to `body`. Returns the scan (records and anything skipped).
    @discardableResult
    public func forEachBlock(inFile file: Int, _ body: (BlockLocation, [UInt8]) throws -> Void) throws -> BlockFileScan {
        try walk(file: file, chunk: Self.bulkChunk, wantBlocks: true, body)
    }

    // MARK: Reading one block

    /// The de-obfuscated bytes of the block at `location`, after checking that a record of that size
    /// starts there.
    public func readBlock(at location: BlockLocation) throws -> [UInt8] {
        let path = path(ofFile: location.file)
        guard location.offset >= 8, (80...Self.maximumBlockSize).contains(location.size) else {
            throw BlockSourceError(path: path, offset: location.offset, "not a block location (size \(location.size))")
        }
        let handle = try BlockFileHandle(path: path)
        let prefix = try handle.read(at: location.offset - 8, count: 8, key: key)
        guard Array(prefix[0..<4]) == network.magic else {
            throw BlockSourceError(path: path, offset: location.offset - 8, "no \(network.rawValue) record starts here")
        }
        let size = Int(prefix[4]) | Int(prefix[5]) << 8 | Int(prefix[6]) << 16 | Int(prefix[7]) << 24
        guard size == location.size else {
            throw BlockSourceError(path: path, offset: location.offset - 8, "the record here holds \(size) bytes, not \(location.size)")
        }
        return try handle.read(at: location.offset, count: location.size, key: key)
    }

    // MARK: Walking records

    private func walk(file: Int, chunk: Int, wantBlocks: Bool,
                      _ body: (BlockLocation, [UInt8]) throws -> Void) throws -> BlockFileScan {
        let path = path(ofFile: file)
        let handle = try BlockFileHandle(path: path)
        let size = handle.size
        var window = BlockFileWindow(handle: handle, key: key, chunk: chunk)
        let magic = network.magic
        let magicValue = UInt32(magic[0]) | UInt32(magic[1]) << 8 | UInt32(magic[2]) << 16 | UInt32(magic[3]) << 24
        let zeroWordsAreSafe = !key.bytes.contains(magic[0])
        var scan = BlockFileScan(file: file, fileSize: size)
        var pending: (location: BlockLocation, header: BlockHeader, block: [UInt8]?)?
        var garbageStart: Int64?
        var pendingIsLast = true

        func endGarbage(at offset: Int64) {
            if let start = garbageStart { scan.skippedRegions.append(start..<offset) }
            garbageStart = nil
        }
        func deliver(_ record: (location: BlockLocation, header: BlockHeader, block: [UInt8]?)) throws {
            scan.records.append((record.location, record.header))
            if wantBlocks, let block = record.block { try body(record.location, block) }
        }

        var position: Int64 = 0
        while position < size {
            if try window.load(position, 8), window.uint32(position) == magicValue {
                let blockSize = Int(window.uint32(position + 4))
                if (80...Self.maximumBlockSize).contains(blockSize) {
                    let blockOffset = position + 8
                    guard blockOffset + Int64(blockSize) <= size else {
                        // Runs past the end: the node is still writing it.
                        scan.incompleteTailOffset = position
                        pendingIsLast = false
                        break
                    }
                    endGarbage(at: position)
                    let location = BlockLocation(file: file, offset: blockOffset, size: blockSize)
                    var block: [UInt8]?
                    let headerBytes: [UInt8]
                    if wantBlocks {
                        guard try window.load(blockOffset, blockSize) else {
                            throw BlockSourceError(path: path, offset: blockOffset, "the file shrank while being read")
                        }
                        let bytes = window.bytes(blockOffset, blockSize)
                        headerBytes = Array(bytes[0..<80])
                        block = bytes
                    } else {
                        guard try window.load(blockOffset, 80) else {
                            throw BlockSourceError(path: path, offset: blockOffset, "the file shrank while being read")
                        }
                        headerBytes = window.bytes(blockOffset, 80)
                    }
                    let header: BlockHeader
                    do { header = try BlockHeader(bytes: headerBytes) } catch {
                        throw BlockSourceError(path: path, offset: blockOffset, "bad header: \(error)")
                    }
                    if let previous = pending { try deliver(previous) }
                    pending = (location, header, block)
                    position = blockOffset + Int64(blockSize)
                    continue
                }
            }
            guard try window.load(position, 1) else { break }
            if window.isPadding(position) {
                endGarbage(at: position)
                position = try window.skipPadding(after: position, recordStart: magic[0], zeroWordsAreSafe: zeroWordsAreSafe)
                continue
            }
            if garbageStart == nil { garbageStart = position }
            position += 1
        }
        endGarbage(at: min(position, size))

        if let last = pending {
            // A last record followed by padding (or junk) may be a block the node has not finished
            // writing into pre-allocated space: keep it only if its transactions match its header.
            let followedByMore = last.location.offset + Int64(last.location.size) < size
            if pendingIsLast && followedByMore {
                let bytes = try last.block ?? handle.read(at: last.location.offset, count: last.location.size, key: key)
                if Self.isComplete(block: bytes, header: last.header) {
                    try deliver((last.location, last.header, bytes))
                } else {
                    scan.incompleteTailOffset = last.location.offset - 8
                }
            } else {
                try deliver(last)
            }
        }
        return scan
    }

    /// Whether `bytes` parse as exactly one block whose transactions match the header's merkle root.
    static func isComplete(block bytes: [UInt8], header: BlockHeader) -> Bool {
        guard let block = try? Block(bytes: bytes) else { return false }
        return block.header == header && block.computedMerkleRoot == header.merkleRoot
    }
}

/// What walking one block file found.
public struct BlockFileScan: Sendable {
    /// The file number.
    public var file: Int
    /// The file's length when it was read.
    public var fileSize: Int64
    /// Every complete record, in file order.
    public var records: [(location: BlockLocation, header: BlockHeader)] = []
    /// Byte ranges that were neither records nor padding, passed over.
    public var skippedRegions: [Range<Int64>] = []
    /// The offset of a record still being written (ignored), if the file ends with one.
    public var incompleteTailOffset: Int64?

    public init(file: Int, fileSize: Int64) {
        self.file = file
        self.fileSize = fileSize
    }
}
