import FoundationEssentials
import SovElectrum
import SovPrimitives
import SovServer

/// What `sov pair` (and `sov status`) tell a wallet: how to reach the server and which certificate to pin.
struct PairingInvitation {
    let offers: [ConnectionOffer]
    /// `AB:CD:…`, as `openssl x509 -fingerprint -sha256` prints it; nil without a TLS listener.
    let fingerprint: String?
    let warnings: [String]

    /// The offer a code carries: the first reachable TLS one, else the first at all.
    var primary: ConnectionOffer { offers.first { $0.transport == .tls } ?? offers[0] }

    /// 64 lowercase hex digits: what Electrum's --serverfingerprint and sov:pair's fp take.
    var fingerprintHex: String? { fingerprint.map { $0.replacing(":", with: "").lowercased() } }

    /// The Electrum command line that connects to the primary offer only, pinning the certificate.
    func electrumCommand(network: Network) -> String {
        var parts = ["electrum"]
        if let flag = network.electrumFlag { parts.append(flag) }
        parts += ["--oneserver", "--server", primary.description]
        if primary.transport == .tls, let fingerprintHex { parts += ["--serverfingerprint", fingerprintHex] }
        return parts.joined(separator: " ")
    }

    /// A sov:pair URI for an enrolment token just issued: the TLS offers (reachable ones first), the
    /// fingerprint, the token and its expiry, the network and this machine's name.
    func uri(enrolment: IssuedToken, network: Network) -> PairingURI {
        PairingURI(endpoints: offers.filter { $0.transport == .tls && !$0.loopbackOnly }.map(\.description)
                       + offers.filter { $0.transport == .tls && $0.loopbackOnly }.map(\.description),
                   fingerprint: fingerprintHex, token: enrolment.token,
                   expires: enrolment.credential.expires.map { Int64($0.timeIntervalSince1970) }, network: network.rawValue,
                   label: ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init))
    }

    /// The same server at a device's own onion address (`sov pair --onion`): TLS and TCP at the listeners'
    /// port numbers, as `sov serve --tor` publishes them.
    func atOnion(_ address: String, configuration config: ServerConfiguration) -> PairingInvitation {
        let offers = Self.onionOffers(address, configuration: config)
        var warnings: [String] = []
        if !config.torEnabled {
            warnings.append("sov serve publishes this address only with --tor (or [tor] enabled = true in its configuration)")
        }
        return PairingInvitation(offers: offers, fingerprint: fingerprint, warnings: warnings)
    }

    /// TLS and TCP at an onion `address`, on the listeners' own port numbers (as `sov serve --tor` publishes them).
    static func onionOffers(_ address: String, configuration config: ServerConfiguration) -> [ConnectionOffer] {
        config.tls.map { ConnectionOffer(transport: .tls, host: address, port: $0.port, loopbackOnly: false) }
            + config.tcp.map { ConnectionOffer(transport: .tcp, host: address, port: $0.port, loopbackOnly: false) }
    }

    /// From the server's configuration; the TLS certificate is generated now if the server has none yet
    /// (the same one `sov serve` will then use).
    static func make(configuration config: ServerConfiguration, host: String?) throws -> PairingInvitation {
        let reachable = LocalInterfaces.reachableAddresses()
        var offers = ConnectionOffer.offers(tls: config.tls, tcp: config.tcp, reachable: reachable, host: host)
        // The onion service keeps its address across restarts: offer it once the server has published it.
        if config.torEnabled, let onion = OnionService.knownAddress(directory: config.torDirectory) {
            offers += onionOffers(onion, configuration: config)
        }
        guard !offers.isEmpty else {
            throw fail("the server has no TCP or TLS listener to pair with: give --tls HOST:PORT", status: ExitStatus.usage)
        }
        var fingerprint: String?
        if !config.tls.isEmpty {
            do {
                fingerprint = try TLSIdentity.forServer(config).fingerprintSHA256
            } catch {
                throw fail("TLS certificate: \(error)", status: ExitStatus.dataError)
            }
        }
        var warnings: [String] = []
        if offers.allSatisfy(\.loopbackOnly) {
            let example = config.tls.first ?? config.tcp[0]
            let flag = config.tls.isEmpty ? "--tcp" : "--tls"
            warnings.append("the server listens only on this machine (\(example)), so a phone cannot reach it: listen on the network, e.g. \(flag) 0.0.0.0:\(example.port) here and for sov serve")
        } else if host == nil, reachable.isEmpty, (config.tls + config.tcp).contains(where: { IPAddress($0.host)?.isUnspecified == true }) {
            warnings.append("no network address found on this machine: give --host")
        }
        return PairingInvitation(offers: offers, fingerprint: fingerprint, warnings: warnings)
    }
}

extension Network {
    /// Electrum's command-line flag for this network; nil for main.
    var electrumFlag: String? {
        switch self {
        case .main: nil
        case .test: "--testnet"
        default: "--\(rawValue)"
        }
    }
}
