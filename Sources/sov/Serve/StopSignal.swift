import FoundationEssentials
import Glibc

/// SIGINT/SIGTERM as a flag long-running commands poll, so they stop between atomic steps.
enum StopSignal {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    static var requested: Bool { flag != 0 }

    static func install() {
        signal(SIGINT) { _ in StopSignal.flag = 1 }
        signal(SIGTERM) { _ in StopSignal.flag = 1 }
        // A parent may have started sov with these signals blocked (a thread pool's mask is inherited
        // across exec): unblock them, or a stop request would never arrive.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
