import Glibc

/// SIGINT and SIGTERM as one flag: a handler may only set a flag, so long-running commands poll it to stop
/// between atomic steps, and a server's shutdown watches it.
public enum StopSignal {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    /// Whether a stop was asked for (and not taken).
    public static var requested: Bool { flag != 0 }

    /// Whether a stop was asked for, clearing the request.
    public static func take() -> Bool {
        guard flag != 0 else { return false }
        flag = 0
        return true
    }

    /// Catches SIGINT and SIGTERM from now on, whichever thread the kernel delivers them to.
    public static func install() {
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
