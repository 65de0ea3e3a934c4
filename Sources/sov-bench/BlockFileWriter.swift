import Foundation
import SovIndex
import SovPrimitives

/// Writes blocks the way Bitcoin Core lays them out in `blocks/`: `blk00000.dat`, … of at most 128 MiB,
/// records `magic size block`, every written byte XORed with the `xor.dat` key by file offset. Finished
/// files end at their last record; the last file keeps a zero tail up to the next 16 MiB, as Core's
/// pre-allocation leaves it.
final class BlockFileWriter {
    static let maximumFileSize: Int64 = 128 << 20
    static let preallocationChunk: Int64 = 16 << 20

    let directory: String
    let magic: [UInt8]
    let key: BlockFileKey
    private(set) var fileNumber = 0
    private(set) var fileSize: Int64 = 0
    private var descriptor: Int32 = -1
    private(set) var bytesWritten: Int64 = 0

    /// Creates `directory` (which must not already hold block files) and its `xor.dat`.
    init(directory: String, network: Network, key: BlockFileKey) throws {
        self.directory = directory
        self.magic = network.magic
        self.key = key
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let existing = try FileManager.default.contentsOfDirectory(atPath: directory)
        if existing.contains(where: { $0.hasPrefix("blk") && $0.hasSuffix(".dat") }) {
            throw BlockSourceError(path: directory, "already holds block files: choose an empty folder")
        }
        try Data(key.bytes).write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent("xor.dat")))
        try openFile()
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    private func openFile() throws {
        let path = (directory as NSString).appendingPathComponent(BlockFileReader.fileName(fileNumber))
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw BlockSourceError(path: path, "cannot create: \(String(cString: strerror(errno)))") }
        fileSize = 0
    }

    /// Appends one block; returns where its bytes are.
    @discardableResult
    func append(_ block: [UInt8]) throws -> BlockLocation {
        if fileSize > 0 && fileSize + 8 + Int64(block.count) > Self.maximumFileSize {
            close(descriptor)
            fileNumber += 1
            try openFile()
        }
        let size = UInt32(block.count)
        var record = magic + [UInt8(size & 0xff), UInt8(size >> 8 & 0xff), UInt8(size >> 16 & 0xff), UInt8(size >> 24)]
        record.reserveCapacity(8 + block.count)
        record += block
        key.apply(to: &record, fileOffset: fileSize)
        try record.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(descriptor, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BlockSourceError(path: directory, offset: fileSize, "write failed: \(String(cString: strerror(errno)))")
                }
                done += n
            }
        }
        let location = BlockLocation(file: fileNumber, offset: fileSize + 8, size: block.count)
        fileSize += Int64(record.count)
        bytesWritten += Int64(record.count)
        return location
    }

    /// Pads the last file with zeros to the next pre-allocation boundary and closes it.
    func finish() throws {
        guard descriptor >= 0 else { return }
        let padded = (fileSize / Self.preallocationChunk + 1) * Self.preallocationChunk
        guard ftruncate(descriptor, off_t(padded)) == 0 else {
            throw BlockSourceError(path: directory, "cannot pad the last block file: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        descriptor = -1
    }

    /// The number of block files written.
    var fileCount: Int { fileNumber + 1 }
}
