import Foundation
import SovPrimitives
import Testing

/// SovPrimitives' `System/`: what sov used from full Foundation, now its own, checked against Foundation itself
/// (which the tests may import) or against the system.
@Suite struct SystemTests {
    @Test func childProcessCollectsBothStreamsAndTheStatus() throws {
        let outcome = try ChildProcess.run("/bin/sh", ["-c", "printf out; printf err >&2; exit 3"])
        #expect(outcome.status == 3)
        #expect(String(decoding: outcome.output, as: UTF8.self) == "out")
        #expect(String(decoding: outcome.error, as: UTF8.self) == "err")
        #expect(!outcome.timedOut)
        // A name without a slash is looked up on PATH; both streams far beyond a pipe's buffer do not block.
        let big = try ChildProcess.run("sh", ["-c", "head -c 300000 /dev/zero; head -c 300000 /dev/zero >&2"])
        #expect(big.status == 0 && big.output.count == 300_000 && big.error.count == 300_000)
    }

    @Test func childProcessIsKilledAtItsDeadline() throws {
        let started = Date()
        let outcome = try ChildProcess.run("/bin/sleep", ["30"], timeout: 0.3)
        #expect(outcome.timedOut)
        #expect(outcome.status == 128 + SIGKILL)
        #expect(Date().timeIntervalSince(started) < 20)
    }

    /// A kill from another thread while one waits is sent at once (the wait holds no lock), and ends the wait.
    /// The wait blocks a thread of its own, never one of the test run's shared pool.
    @Test func aWaitedForProgramCanBeKilledFromAnotherThread() throws {
        final class Outcome: @unchecked Sendable { var status: Int32? }  // written before `ended` is signalled
        let child = try ChildProcess.spawn("/bin/sleep", ["30"], pipeOutput: false, pipeError: false)
        let outcome = Outcome()
        let ended = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            outcome.status = child.wait()
            ended.signal()
        }
        usleep(200_000)
        let killing = Date()
        child.kill(SIGKILL)
        #expect(Date().timeIntervalSince(killing) < 5, "kill waited for the wait")
        #expect(ended.wait(timeout: .now() + 20) == .success, "the wait did not end with the kill")
        #expect(outcome.status == 128 + SIGKILL)
        #expect(!child.isRunning && child.wait() == 128 + SIGKILL)
    }

    @Test func aMissingProgramIsAnErrorNamingIt() {
        #expect(throws: ChildProcess.SpawnError.self) { try ChildProcess.run("/nonexistent/program", []) }
        do {
            _ = try ChildProcess.run("/nonexistent/program", [])
        } catch {
            #expect(error.description == "cannot run /nonexistent/program: No such file or directory")
        }
    }

    @Test func childProcessesStartWithSignalsUnblocked() throws {
        // The child's mask is clean even when the parent blocks SIGTERM (the bug issue 13 found with bitcoind).
        var blocked = sigset_t(), previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let outcome = try ChildProcess.run("/bin/sh", ["-c", "grep SigBlk /proc/self/status"])
        let mask = String(decoding: outcome.output, as: UTF8.self).split(separator: "\t").last.map { $0.trimmingWhitespace() }
        #expect(mask == "0000000000000000")
    }

    @Test func childProcessesInheritOnlyTheirStandardStreams() throws {
        // A descriptor of this process that is not close-on-exec (as a socket or a file of another part of the
        // program may be) stays here: the child holds 0, 1 and 2 only (3 is the directory ls reads).
        let inheritable = open("/dev/null", O_RDONLY)
        #expect(inheritable > 3)
        defer { close(inheritable) }
        #expect(fcntl(inheritable, F_GETFD) & FD_CLOEXEC == 0)
        let outcome = try ChildProcess.run("/bin/sh", ["-c", "exec ls /proc/self/fd"])
        let descriptors = String(decoding: outcome.output, as: UTF8.self).split(separator: "\n").compactMap { Int32($0) }.sorted()
        #expect(outcome.status == 0)
        #expect(descriptors == [0, 1, 2, 3], "the child holds \(descriptors); \(inheritable) was open here")
    }

    @Test func internetTimeMatchesFoundationsISO8601() throws {
        let formatter = ISO8601DateFormatter()
        for seconds in [0.0, 1.5, 951_782_400, 1_733_370_000, 4_102_444_799, -86_400.25] {
            let date = Date(timeIntervalSince1970: seconds)
            let text = InternetTime.format(secondsSince1970: seconds)
            #expect(text == formatter.string(from: date), "\(seconds)")
            #expect(InternetTime.parse(text) == seconds.rounded(.down), "\(text)")
        }
        for text in ["2026-12-05T01:30:00+02:00", "2026-12-05T01:30:00.250Z", "2026-12-04T23:30:00-00:30", "2000-02-29T12:00:00z"] {
            let foundation = try #require(formatter.date(from: text.replacingOccurrences(of: ".250", with: "").uppercased()))
            #expect(InternetTime.parse(text) == foundation.timeIntervalSince1970, "\(text)")
        }
        for bad in ["", "2026-12-05", "2026-13-05T00:00:00Z", "2026-12-05T00:00:00", "2026-12-05T00:00:00+2:00", "2026-12-05T00:00:00Zx"] {
            #expect(InternetTime.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func localClockMatchesFoundationsFormatter() {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        for seconds in [0.0, 1_733_370_123.9, 1_700_000_000] {
            #expect(LocalClock.timeOfDay(secondsSince1970: seconds) == formatter.string(from: Date(timeIntervalSince1970: seconds)))
        }
    }

    @Test func cFormatMatchesFoundationsFormat() {
        #expect(String(cFormat: "%.2f", 3.14159) == String(format: "%.2f", 3.14159))
        #expect(String(cFormat: "%08x", UInt32(0x1d00ffff)) == String(format: "%08x", UInt32(0x1d00ffff)))
        #expect(String(cFormat: "%.16g", 0.1 + 0.2) == String(format: "%.16g", 0.1 + 0.2))
        #expect(String(cFormat: "%ld of %ld (%.1f%%)", 5_000_000_000, 7, 12.25) == "5000000000 of 7 (12.2%)")
        let long = String(cFormat: "%0300ld", 1)
        #expect(long.count == 300 && long.hasSuffix("01"))
        #expect(String(cFormat: "no numbers") == "no numbers")
    }

    @Test func pathsAndTextMatchFoundation() {
        for path in ["a/b/c", "/c", "/a/b/", "/home/u/.bitcoin/bitcoin.conf"] {
            #expect(FilePaths.directory(of: path) == (path as NSString).deletingLastPathComponent, "\(path)")
        }
        // Where Foundation on Linux traps: the root stays the root, nothing has no folder.
        #expect(FilePaths.directory(of: "/") == "/")
        #expect(FilePaths.directory(of: "") == "")
        #expect(FilePaths.directory(of: "c") == "")
        #expect(FilePaths.directory(of: "a//b") == "a")
        #expect(FilePaths.directory(of: "./x.conf") == ".")
        #expect(FilePaths.join("/a/b", "xor.dat") == ("/a/b" as NSString).appendingPathComponent("xor.dat"))
        #expect(FilePaths.join("/a/b/", "xor.dat") == ("/a/b/" as NSString).appendingPathComponent("xor.dat"))
        for text in ["  a b \t", "\n x\r\n", "", "   ", "é ", "\u{00A0}nbsp\u{00A0}"] {
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
        }
        #expect(" \ta b\t ".trimmingSpaces() == " \ta b\t ".trimmingCharacters(in: .whitespaces))
        #expect("abc".fixedWidth(5) == "abc".padding(toLength: 5, withPad: " ", startingAt: 0))
        #expect("abcdef".fixedWidth(3) == "abcdef".padding(toLength: 3, withPad: " ", startingAt: 0))
        for escaped in ["a%20b", "%E2%82%BF", "plain", "%zz", "%4", "100%", "%C3%28", "%2f%2F"] {
            #expect(escaped.removingPercentEscapes() == escaped.removingPercentEncoding, "\(escaped)")
        }
    }

    @Test func systemErrorTextNamesTheErrno() {
        do {
            _ = try String(contentsOfFile: "/nonexistent/sov-test", encoding: .utf8)
            Issue.record("a missing file was read")
        } catch {
            #expect(systemErrorText(error) == "No such file or directory")
        }
    }

    @Test func lockSerializesThreads() async {
        final class Counter: @unchecked Sendable { var value = 0 }
        let lock = Lock(), counter = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { for _ in 0..<10_000 { lock.withLock { counter.value += 1 } } } }
        }
        #expect(lock.withLock { counter.value } == 80_000)
    }

    /// sov links FoundationEssentials only (full Foundation brought ICU's 34 MB of data): no library or command
    /// file imports Foundation; the benchmarks and the tests may.
    @Test func noSourceImportsFullFoundation() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        func swiftFiles(_ folder: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: sources.appendingPathComponent(folder).path).sorted().flatMap { name in
                let relative = folder.isEmpty ? name : folder + "/" + name
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: sources.appendingPathComponent(relative).path, isDirectory: &isFolder)
                return isFolder.boolValue ? try swiftFiles(relative) : (name.hasSuffix(".swift") ? [relative] : [])
            }
        }
        let files = try swiftFiles("").filter { !$0.hasPrefix("sov-bench/") }
        #expect(files.count > 100)
        let offenders = try files.filter { file in
            try String(contentsOfFile: sources.appendingPathComponent(file).path, encoding: .utf8)
                .split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("import Foundation") && !$0.contains("FoundationEssentials") }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
