import FoundationEssentials
import NIOCore
import Glibc

/// A listener that could not be opened: the address and the reason in words
/// (`cannot listen on 127.0.0.1:60401: address already in use`).
public struct ListenError: Error, Sendable, Equatable, CustomStringConvertible {
    public var address: String
    public var reason: String

    public init(address: String, reason: String) {
        self.address = address
        self.reason = reason
    }

    /// From what binding threw: the system's error number said in words.
    public init(address: String, error: any Error) {
        self.address = address
        if let io = error as? IOError {
            switch io.errnoCode {
            case EADDRINUSE: reason = "address already in use (another server, or another sov, listens there)"
            case EACCES: reason = "permission denied (ports below 1024 need privileges)"
            case EADDRNOTAVAIL: reason = "this machine has no such address"
            default: reason = String(cString: strerror(io.errnoCode)).lowercased()
            }
        } else {
            reason = "\(error)"
        }
    }

    public var description: String { "cannot listen on \(address): \(reason)" }
}
