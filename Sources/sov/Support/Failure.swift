import ArgumentParser
import Foundation

/// Exit statuses from sysexits(3), as the brief fixes them.
enum ExitStatus {
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let unavailable: Int32 = 69
    static let cannotCreate: Int32 = 73
    static let ioError: Int32 = 74
    static let tempFailure: Int32 = 75
    static let protocolError: Int32 = 76
    static let noPermission: Int32 = 77
}

/// Prints `sov: message` on stderr and returns the exit code to throw.
func fail(_ message: String, status: Int32) -> ExitCode {
    FileHandle.standardError.write(Data(("sov: " + message + "\n").utf8))
    return ExitCode(status)
}

/// Writes to stdout without buffering surprises between JSON lines.
enum Output {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
