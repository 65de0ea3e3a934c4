import FoundationEssentials
import Glibc

/// One open `blk*.dat` file, read with positioned reads.
///
/// Files are deliberately not memory-mapped: when Core finishes a file it truncates the pre-allocated
/// tail, and touching a mapped page past the new end would kill the process.
final class BlockFileHandle {
    let path: String
    let descriptor: Int32
    /// The file's length when it was opened.
    let size: Int64

    init(path: String) throws(BlockSourceError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw BlockSourceError(path: path, "cannot open: \(String(cString: strerror(errno)))") }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw BlockSourceError(path: path, "cannot read its size: \(reason)")
        }
        descriptor = fd
        size = Int64(status.st_size)
    }

    deinit { close(descriptor) }

    /// Reads up to `count` raw bytes at `offset` into `buffer` (replacing its contents); fewer at the end
    /// of the file. With `withinOpenedSize`, never past the length the file had when opened (a scan's end);
    /// without, as far as the file reaches now (the node appends to its newest file). `pread` only: no
    /// shared file position, so any number of threads read one handle at once.
    func readRaw(at offset: Int64, count: Int, into buffer: inout [UInt8], withinOpenedSize: Bool = true) throws(BlockSourceError) {
        let wanted = withinOpenedSize ? Int(max(0, min(Int64(count), size - offset))) : max(0, count)
        // The buffer's room is reused: its length set to `wanted` (new bytes zeroed, then overwritten).
        if buffer.count > wanted {
            buffer.removeLast(buffer.count - wanted)
        } else if buffer.count < wanted {
            buffer.append(contentsOf: repeatElement(0, count: wanted - buffer.count))
        }
        guard wanted > 0 else { return }
        var failure: Int32 = 0
        var filled = 0
        buffer.withUnsafeMutableBytes { storage in
            while filled < wanted {
                let n = pread(descriptor, storage.baseAddress! + filled, wanted - filled, off_t(offset + Int64(filled)))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }  // the file shrank under us
                filled += n
            }
        }
        if filled < wanted { buffer.removeLast(wanted - filled) }
        if failure != 0 {
            throw BlockSourceError(path: path, offset: offset, "read failed: \(String(cString: strerror(failure)))")
        }
    }

    /// Exactly `count` de-obfuscated bytes at `offset`.
    func read(at offset: Int64, count: Int, key: BlockFileKey) throws(BlockSourceError) -> [UInt8] {
        var buffer: [UInt8] = []
        try read(at: offset, count: count, key: key, into: &buffer)
        return buffer
    }

    /// Exactly `count` de-obfuscated bytes at `offset`, into `buffer` (replacing what it held).
    func read(at offset: Int64, count: Int, key: BlockFileKey, into buffer: inout [UInt8]) throws(BlockSourceError) {
        try readRaw(at: offset, count: count, into: &buffer, withinOpenedSize: false)
        guard buffer.count == count else {
            throw BlockSourceError(path: path, offset: offset, "wanted \(count) bytes, the file holds \(buffer.count) there")
        }
        key.apply(to: &buffer, fileOffset: offset)
    }
}
