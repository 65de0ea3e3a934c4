import FoundationEssentials
import SovPrimitives
import Glibc

/// The server announced on the local network by DNS-SD over multicast DNS, through Avahi (Debian's
/// `avahi-daemon`, via its `avahi-publish` client): `_electrum._tcp` at the TCP port and `_sov._tcp` at the TLS
/// port, with TXT records `v=1`, the protocol versions, the network, both ports and the certificate
/// fingerprint's first 16 hex digits (enough to check a pin; the full one comes with pairing). Avahi does the
/// hard parts (probing, conflicts, interfaces coming and going); the announcement is withdrawn when sov stops.
public final class LANAdvertisement: @unchecked Sendable {
    /// What was announced, as `_type._tcp` names.
    public let types: [String]
    private let processes: [ChildProcess]

    public static let electrumType = "_electrum._tcp"
    public static let sovType = "_sov._tcp"

    private init(types: [String], processes: [ChildProcess]) {
        self.types = types
        self.processes = processes
    }

    /// The TXT strings of an announcement.
    public static func txt(network: Network, tcpPort: Int?, tlsPort: Int?, fingerprint: String?) -> [String] {
        var txt = ["v=1", "proto=1.4-1.6", "net=\(network.rawValue)"]
        if let tcpPort { txt.append("t=\(tcpPort)") }
        if let tlsPort { txt.append("s=\(tlsPort)") }
        if let fingerprint { txt.append("fp=" + fingerprint.replacing(":", with: "").lowercased().prefix(16)) }
        return txt
    }

    /// Announces the first reachable (not loopback-only) TCP and TLS listeners; nil when there is none.
    public static func start(name: String, network: Network, listeners: [ServerListener], fingerprint: String?) throws(AvahiError) -> LANAdvertisement? {
        let reachable = listeners.filter { !$0.isLoopback }
        let tcp = reachable.first { $0.transport == .tcp }?.port
        let tls = reachable.first { $0.transport == .tls }?.port
        guard tcp != nil || tls != nil else { return nil }
        guard let publish = executable("avahi-publish") else { throw .missing(tool: "avahi-publish") }
        let txt = txt(network: network, tcpPort: tcp, tlsPort: tls, fingerprint: fingerprint)
        var announced: [(String, Int)] = []
        if let tcp { announced.append((electrumType, tcp)) }
        if let tls { announced.append((sovType, tls)) } else if let tcp { announced.append((sovType, tcp)) }
        var processes: [ChildProcess] = []
        for (type, port) in announced {
            // Another server on this machine may hold the name already (Avahi refuses a local collision):
            // then the name carries the port, which no other server here can have.
            var outcome = publishOne(publish, name: name, type: type, port: port, txt: txt)
            if case .failure(.failed(let message)) = outcome, message.lowercased().contains("collision") {
                outcome = publishOne(publish, name: "\(name), port \(port)", type: type, port: port, txt: txt)
            }
            switch outcome {
            case .success(let process):
                processes.append(process)
            case .failure(let failure):
                processes.forEach { $0.kill(SIGKILL) }
                throw failure
            }
        }
        return LANAdvertisement(types: announced.map(\.0), processes: processes)
    }

    /// Runs `avahi-publish` for one service; it exits at once when the daemon is missing or refuses (a name
    /// collision), otherwise it stays until killed.
    private static func publishOne(_ publish: String, name: String, type: String, port: Int, txt: [String]) -> Result<ChildProcess, AvahiError> {
        let process: ChildProcess
        do {
            process = try ChildProcess.spawn(publish, ["-s", name, type, String(port)] + txt, pipeOutput: false, pipeError: true)
        } catch { return .failure(.failed("avahi: \(error)")) }
        let deadline = Date().addingTimeInterval(0.5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        guard !process.isRunning else { return .success(process) }
        let message = String(decoding: process.readAllError(), as: UTF8.self)
            .split(separator: "\n").first.map(String.init) ?? "avahi-publish exited with \(process.wait())"
        return .failure(.failed("avahi: " + message))
    }

    /// Withdraws the announcement (Avahi removes a client's entries when it goes).
    public func stop() {
        for process in processes where process.isRunning {
            process.kill(SIGKILL)
            process.wait()
        }
    }

    static func executable(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") + ["/usr/bin"] {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
