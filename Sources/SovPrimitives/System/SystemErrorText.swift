import FoundationEssentials
import Glibc

/// The system's reason for a failed file operation, `No such file or directory` rather than
/// `CocoaError(code: …, userInfo: […])`: FoundationEssentials' errors carry the `errno` underneath, and without
/// full Foundation there is no `localizedDescription` to render them.
public func systemErrorText(_ error: any Error) -> String {
    if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
    if let cocoa = error as? CocoaError {
        if let posix = cocoa.underlying as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        switch cocoa.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return String(cString: strerror(ENOENT))
        case .fileReadNoPermission, .fileWriteNoPermission: return String(cString: strerror(EACCES))
        case .fileWriteOutOfSpace: return String(cString: strerror(ENOSPC))
        case .fileReadInapplicableStringEncoding: return "the file is not UTF-8 text"
        default: return "error \(cocoa.code.rawValue)"
        }
    }
    return "\(error)"
}
