import FoundationEssentials
import Glibc

/// An advisory exclusive lock on a file (`flock`), held while a closure runs: it keeps two `sov`
/// processes from generating the same certificate or rewriting the credential store at once.
enum FileLock {
    /// Runs `body` holding the lock on `path` (created 0600 if missing).
    static func withExclusiveLock<T, E: Error>(_ path: String, _ body: () throws(E) -> T) throws(E) -> T {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 {
            while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        }
        defer {
            if fd >= 0 {
                flock(fd, LOCK_UN)
                close(fd)
            }
        }
        return try body()
    }
}
