import FoundationEssentials
import SovPrimitives
import Glibc

/// Reads secrets (a mnemonic, a passphrase) from a file descriptor, never from argv: one line, without its
/// newline. On a terminal the line is not echoed and `prompt` is written to stderr first.
enum SecretInput {
    enum Failure: Error {
        case unreadable(fd: Int32, reason: String)
        case empty(fd: Int32)
    }

    static func readLine(fd: Int32, prompt: String) throws(Failure) -> String {
        let terminal = isatty(fd) == 1
        var saved = termios()
        if terminal {
            StandardStreams.writeError(prompt)
            tcgetattr(fd, &saved)
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(fd, TCSAFLUSH, &silent)
        }
        defer {
            if terminal {
                tcsetattr(fd, TCSAFLUSH, &saved)
                StandardStreams.writeError("\n")
            }
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(fd: fd, reason: String(cString: strerror(errno)))
            }
            if count == 0 || byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
            if bytes.count > 4096 { throw .unreadable(fd: fd, reason: "line longer than 4096 bytes") }
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .unreadable(fd: fd, reason: "not UTF-8") }
        return text
    }

    /// A secret from `fd`, else from the terminal (/dev/tty); failures become one line and exit 64.
    static func secret(fd: Int32?, prompt: String) throws -> String {
        var descriptor = fd ?? -1
        var opened = false
        if fd == nil {
            descriptor = open("/dev/tty", O_RDWR)
            guard descriptor >= 0 else { throw fail("no terminal to read the \(prompt.dropLast(2)) from; give it on a file descriptor", status: ExitStatus.usage) }
            opened = true
        }
        defer { if opened { close(descriptor) } }
        do { return try readLine(fd: descriptor, prompt: prompt) } catch {
            switch error {
            case .unreadable(let fd, let reason): throw fail("cannot read file descriptor \(fd): \(reason)", status: ExitStatus.usage)
            case .empty(let fd): throw fail("nothing to read on file descriptor \(fd)", status: ExitStatus.usage)
            }
        }
    }
}

/// The passphrase of a wallet's key file: read once from a file descriptor, or asked at the terminal (twice for
/// a new one, which must match). Never empty.
enum KeyPassphrase {
    static func new(fd: Int32?) throws -> [UInt8] {
        let first = try SecretInput.secret(fd: fd, prompt: "key file passphrase: ")
        if fd == nil {
            let again = try SecretInput.secret(fd: nil, prompt: "key file passphrase again: ")
            guard again == first else { throw fail("the two passphrases differ", status: ExitStatus.usage) }
        }
        return try nonEmpty(first)
    }

    static func existing(fd: Int32?) throws -> [UInt8] {
        try nonEmpty(try SecretInput.secret(fd: fd, prompt: "key file passphrase: "))
    }

    private static func nonEmpty(_ text: String) throws -> [UInt8] {
        guard !text.isEmpty else { throw fail("the key file passphrase is empty", status: ExitStatus.usage) }
        return Array(text.utf8)
    }
}
