import Foundation

/// SIGINT/SIGTERM as a flag long-running commands poll, so they stop between atomic steps.
enum StopSignal {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    static var requested: Bool { flag != 0 }

    static func install() {
        signal(SIGINT) { _ in StopSignal.flag = 1 }
        signal(SIGTERM) { _ in StopSignal.flag = 1 }
    }

    /// Sleeps up to `seconds`, waking early when a stop is requested.
    static func sleep(seconds: Double) {
        let end = Date().addingTimeInterval(seconds)
        while !requested && Date() < end { Thread.sleep(forTimeInterval: min(0.1, max(0, end.timeIntervalSinceNow))) }
    }
}
