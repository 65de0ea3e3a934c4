import FoundationEssentials
import SovPrimitives
import SovJSON
import SovServer
import Glibc

/// `sov pair --window`: opens the pairing window, shows each address the server holds at the door, asks
/// the owner, and allows the one confirmed under the device's name. The window closes on the first
/// confirmation, at its end, or on Ctrl-C.
struct PairingWindowSession {
    let serveDirectory: String
    let store: ClientCredentialStore
    let device: String
    let json: Bool
    let quiet: Bool
    let window: PairingWindow

    /// Opens the window now (before the code is shown, so a wallet that scans it at once is held, not refused).
    init(serveDirectory: String, store: ClientCredentialStore, device: String, length: TimeInterval, json: Bool, quiet: Bool) throws {
        self.serveDirectory = serveDirectory
        self.store = store
        self.device = device
        self.json = json
        self.quiet = quiet
        do {
            window = try PairingWindow.open(serveDirectory: serveDirectory, name: device, lifetime: length)
        } catch {
            throw fail("pairing window: \(error)", status: ExitStatus.dataError)
        }
    }

    func run() throws {
        StopSignal.install()
        defer { PairingWindow.close(serveDirectory: serveDirectory) }
        if !json && !quiet {
            StandardStreams.writeError("sov: waiting until \(PairCommand.clock(window.expires)) for the wallet to connect (Ctrl-C to stop)\n")
        }
        var answered: Set<String> = []
        while Date() < window.expires && !StopSignal.requested {
            let current = PairingWindow.current(serveDirectory: serveDirectory)
            guard let current else { break }
            if let next = current.waiting.first(where: { !answered.contains($0.address) }) {
                answered.insert(next.address)
                event("waiting", next.address)
                if try confirm(next) { return }
                event("declined", next.address)
                continue
            }
            usleep(200_000)
        }
        if StopSignal.requested { throw fail("pairing window closed: no device allowed", status: ExitStatus.tempFailure) }
        throw fail("the pairing window ended with no device allowed (did the wallet connect to the address above?)", status: ExitStatus.tempFailure)
    }

    /// Asks on the terminal (standard input); a confirmed address is allowed as a single-host range.
    private func confirm(_ waiting: PairingWindow.Waiting) throws -> Bool {
        StandardStreams.writeError("sov: a wallet at \(waiting.address) asks to connect (first seen \(PairCommand.clock(waiting.firstSeen))). Allow it as '\(device)'? [y/N] ")
        guard let answer = readLine(strippingNewline: true) else {
            StandardStreams.writeError("\nsov: no answer (standard input is closed): not allowed\n")
            return false
        }
        guard ["y", "yes"].contains(answer.trimmingSpaces().lowercased()) else { return false }
        let address = IPAddress(waiting.address)?.unmapped
        let cidr = address.map { "\($0)/\($0.family == .v4 ? 32 : 128)" } ?? waiting.address
        do {
            _ = try store.allowIP(cidr: cidr, name: device)
        } catch {
            throw fail("credentials: \(error)", status: ExitStatus.dataError)
        }
        if json {
            Output.write(JSONValue.object(JSONObject([("event", .string("allowed")), ("address", .string(waiting.address)), ("device", .string(device))])).compact + "\n")
        } else if !quiet {
            Output.write("allowed \(waiting.address) as '\(device)': the wallet is served from its next connection (revoke: sov serve auth revoke \(device))\n")
        }
        return true
    }

    private func event(_ name: String, _ address: String) {
        guard json else { return }
        Output.write(JSONValue.object(JSONObject([("event", .string(name)), ("address", .string(address))])).compact + "\n")
    }
}
