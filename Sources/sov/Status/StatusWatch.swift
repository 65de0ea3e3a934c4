import FoundationEssentials
import SovPrimitives
import SovServer
import Glibc

/// `sov status --watch` on a terminal: redraws in place, reads single keys (p: a pairing code with a
/// countdown, q: quit), and puts the terminal back as it was on every way out.
struct StatusWatch {
    let source: StatusSource
    let config: ServerConfiguration
    let interval: Double
    let kiosk: Bool

    /// How long a pairing code shown on the screen stays valid.
    static let pairingSeconds: TimeInterval = 120

    func run() throws {
        let keyboard = RawKeyboard()
        if kiosk { Output.write("\u{1B}[?1049h\u{1B}[?25l") }
        defer {
            keyboard?.restore()
            Output.write(kiosk ? "\u{1B}[?25h\u{1B}[?1049l" : "\u{1B}[?25h")
        }
        var pairing: (uri: String, expires: Date)?
        var lastRead = Date.distantPast
        var status = try source.read()
        while !StopSignal.requested {
            if Date().timeIntervalSince(lastRead) >= interval {
                status = (try? source.read()) ?? status
                lastRead = Date()
            }
            if let current = pairing, current.expires <= Date() { pairing = nil }
            let code = pairing.map { StatusScreen.PairingCode(uri: $0.uri, secondsLeft: max(0, Int($0.expires.timeIntervalSinceNow.rounded(.up)))) }
            Output.write("\u{1B}[H\u{1B}[2J" + StatusScreen(status: status, kiosk: kiosk).text(pairing: code).replacing("\n", with: "\r\n"))
            guard let key = keyboard?.read(timeout: pairing == nil ? min(interval, 1) : 1) else {
                if keyboard == nil { Threads.sleep(seconds: interval) }
                continue
            }
            if pairing != nil { pairing = nil; continue }
            switch key {
            case UInt8(ascii: "q"), 3: return
            case UInt8(ascii: "p"):
                pairing = try issuePairing()
            default: continue
            }
        }
    }

    /// A single-use enrolment token (the owner asked for it at this terminal) as a sov:pair URI.
    private func issuePairing() throws -> (String, Date)? {
        let invitation = try PairingInvitation.make(configuration: config, host: nil)
        guard invitation.fingerprintHex != nil else { return nil }
        let name = "device-\(Int(Date().timeIntervalSince1970))"
        guard let issued = try? ClientCredentialStore(configuration: config).issueEnrolment(name: name, lifetime: Self.pairingSeconds) else { return nil }
        return (invitation.uri(enrolment: issued, network: config.network).description, issued.credential.expires ?? Date())
    }
}

/// The terminal in non-canonical, no-echo mode, for single keys; nil when standard input is not a terminal.
final class RawKeyboard {
    private var original = termios()

    init?() {
        guard isatty(0) == 1, tcgetattr(0, &original) == 0 else { return nil }
        var raw = original
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(0, TCSANOW, &raw)
    }

    /// The next key, or nil after `timeout` seconds.
    func read(timeout: Double) -> UInt8? {
        var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(timeout * 1000)) > 0 else { return nil }
        var byte: UInt8 = 0
        return Glibc.read(0, &byte, 1) == 1 ? byte : nil
    }

    func restore() { tcsetattr(0, TCSANOW, &original) }
}
