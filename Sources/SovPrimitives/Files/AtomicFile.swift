import Glibc

/// Writes files so that a reader sees either the old content or the new one, never a mix, and the new
/// content survives a crash: a temporary file in the same folder, written, `fsync`ed, renamed over the
/// target, then the folder `fsync`ed. The file gets `mode` from creation on (0600 for secrets), so it is
/// never readable by others, not even briefly.
public enum AtomicFile {
    /// A failed file operation: the path, what was being done and the system's reason.
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let operation: String
        public let code: Int32

        public var description: String { "\(path): cannot \(operation): \(String(cString: strerror(code)))" }
    }

    /// Replaces `path` with `bytes`, created with permissions `mode`.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(Failure) {
        // The folder and the file's name, as the path writes them ("." for a bare name).
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = directory + "/." + name + ".tmp-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Failure(path: temporary, operation: "create", code: errno) }
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        // The umask must not widen or narrow what was asked for.
        guard fchmod(fd, mode) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure(path: temporary, operation: "set permissions", code: code)
        }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(fd, base + written, raw.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                unlink(temporary)
                throw Failure(path: temporary, operation: "write", code: code)
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure(path: temporary, operation: "fsync", code: code)
        }
        closed = true
        guard close(fd) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure(path: temporary, operation: "close", code: code)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure(path: path, operation: "replace", code: code)
        }
        let directoryFD = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// Writes UTF-8 text.
    public static func write(_ text: String, to path: String, mode: mode_t) throws(Failure) {
        try write(Array(text.utf8), to: path, mode: mode)
    }

    /// Creates `path` and missing parents with permissions `mode` (0700: the server's folders hold
    /// secrets); an existing folder is left as it is.
    public static func createDirectory(_ path: String, mode: mode_t = 0o700) throws(Failure) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, mode) != 0 {
                let code = errno
                var status = stat()
                guard code == EEXIST, stat(prefix, &status) == 0 else { throw Failure(path: prefix, operation: "create the folder", code: code) }
                guard status.st_mode & S_IFMT == S_IFDIR else { throw Failure(path: prefix, operation: "use as a folder", code: ENOTDIR) }
            }
        }
    }
}
