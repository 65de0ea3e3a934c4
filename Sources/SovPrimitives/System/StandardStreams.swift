import Glibc

/// The process's standard input, output and error as raw file descriptors: whole writes (retried on partial
/// writes and `EINTR`) and whole reads, without Foundation's `FileHandle`.
public enum StandardStreams {
    /// Writes `text` to standard error.
    public static func writeError(_ text: String) { write(Array(text.utf8), to: STDERR_FILENO) }

    /// Writes `text` to standard output.
    public static func writeOutput(_ text: String) { write(Array(text.utf8), to: STDOUT_FILENO) }

    /// Writes `bytes` to standard output.
    public static func writeOutput(_ bytes: [UInt8]) { write(bytes, to: STDOUT_FILENO) }

    /// Everything left on standard input, up to its end.
    public static func readInput() -> [UInt8] { readAll(from: STDIN_FILENO) }

    /// Writes all of `bytes` to `descriptor`; stops quietly when the other end is gone (`EPIPE`) or on another error,
    /// as `FileHandle.write` users here expected nothing else.
    public static func write(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// Reads `descriptor` to its end (or to an error other than `EINTR`).
    public static func readAll(from descriptor: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return result }
            result.append(contentsOf: chunk[0..<count])
        }
    }
}
