import ArgumentParser
import FoundationEssentials
import SovElectrum
import SovJSON
import SovPrimitives
import SovQR
import SovServer
import Glibc

struct PairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pair",
        abstract: "Connect a wallet to this server: a QR code to scan, the connection string and the certificate to pin.",
        discussion: reflowed("""
            Takes the options 'sov serve' takes (configuration file, listeners, certificate) and describes the
            server they start, without a running server or a node. The QR code holds what existing wallets
            scan (Electrum, BlueWallet, Sparrow, Zeus…): HOST:PORT:s for TLS, or HOST:PORT:t without TLS. A
            listener on 0.0.0.0 or [::] is offered at this machine's network addresses (the LAN's first);
            --host names another (a DNS name, a forwarded address). Below the code: every connection string,
            the SHA-256 of the TLS certificate, and the Electrum command that pins it (--serverfingerprint).

            Admitting the wallet. Remote wallets are refused until allowed. Existing wallets cannot carry a
            credential, so they are admitted by address:
              --window 5m   for five minutes, the next unknown address that connects is held at the door
                            and shown here; confirm it (y) and it is allowed under --device's name
                            ('sov serve auth list' shows it, 'sov serve auth revoke NAME' removes it). The
                            answer is read from standard input.
            sov's own client pairs with a code that carries more:
              --uri         a sov:pair URI with the endpoints, the fingerprint and a single-use enrolment
                            token valid for --expires (default 10m); 'sov wallet connect WALLET URI' redeems
                            it over the pinned connection for the device's own token, which never appears in
                            a picture. Only the token's hash is stored; it is void once used or expired.

            Or through Tor, with an address for this device alone:
              --onion       tor makes the device an onion address of its own (as for
                            'sov serve --tor'); the code carries ONION:PORT:s, and
                            'sov serve auth revoke NAME' withdraws the address from the
                            running server. --client-auth adds Tor v3 client
                            authorization: the address alone then reaches nothing, and
                            the line for the wallet's tor (its ClientOnionAuthDir, a
                            file ending .auth_private) is shown once.

            --format utf8 (default) draws the code in the terminal in half blocks, black on white; svg and png
            write an image to --output FILE (or to standard output with --output -, not a terminal).

            With --json (or when standard output is not a terminal) the result is one JSON object
            {"network","connection","offers":[{"transport","host","port","string","loopback_only"}],
            "tls_fingerprint","tls_fingerprint_hex","electrum_command","qr","uri","expires","device",
            "onion_client_auth","warnings"}; --window adds one line per event ({"event":"waiting","address"},
            {"event":"allowed","address","device"}, {"event":"declined","address"}).

            --discover lists the servers announced on the LAN (sov serve announces _sov._tcp and _electrum._tcp
            through Avahi): their connection strings, names and certificate fingerprint prefixes; with --json
            an array of {"name","type","interface","host","address","port","connection","txt"}.

            Exit status: 0 success (with --window: a device was allowed), 64 usage error (an option, or an
            image for a terminal), 65 unusable certificate, credential store or configuration, 69 (--discover)
            Avahi is not installed or not running, (--onion) tor cannot be reached or refused, 73 --output or
            the onion key cannot be written, 75 the window ended with no device allowed.
            """)
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case utf8, svg, png
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var index: IndexOptions
    @OptionGroup var server: ServerOptions

    @Option(name: .long, help: ArgumentHelp("The host wallets reach the server at (default: this machine's LAN address).", valueName: "host"))
    var host: String?

    @Option(name: .long, help: ArgumentHelp("How to draw the code: utf8, svg or png.", valueName: "format"))
    var format: Format = .utf8

    @Option(name: .long, help: ArgumentHelp("Write the code to this file (- for standard output) instead of the terminal.", valueName: "file"), completion: .file())
    var output: String?

    @Option(name: .long, help: ArgumentHelp("QR error correction: L, M, Q or H.", valueName: "level"))
    var level: String = "M"

    @Flag(name: .long, help: "Show a sov:pair URI with a single-use enrolment token, for sov's own client.")
    var uri = false

    @Option(name: .long, help: ArgumentHelp("How long the enrolment token of --uri stays valid (e.g. 10m, 1h).", valueName: "duration"))
    var expires: String = "10m"

    @Option(name: .long, help: ArgumentHelp("Hold the next unknown wallet for confirmation during this time (e.g. 5m).", valueName: "duration"))
    var window: String?

    @Option(name: .long, help: ArgumentHelp("The name the paired device is allowed under (default device-<time>).", valueName: "name"))
    var device: String?

    @Flag(name: .long, help: "Give the device an onion address of its own (published by sov serve --tor, withdrawn on revoke).")
    var onion = false

    @Flag(name: .long, help: "With --onion: only a wallet holding the key shown once can reach the address (Tor v3 client authorization).")
    var clientAuth = false

    @Flag(name: .long, help: "Find sov and Electrum servers announced on the LAN (mDNS, through Avahi) instead.")
    var discover = false

    func run() throws {
        if discover { return try discoverServers() }
        guard let level = QRErrorCorrectionLevel(rawValue: level.uppercased()) else {
            throw fail("--level takes L, M, Q or H, not '\(level)'", status: ExitStatus.usage)
        }
        guard let lifetime = Self.seconds(expires) else { throw fail("--expires takes a duration such as 10m, not '\(expires)'", status: ExitStatus.usage) }
        let windowLength = try window.map { text throws -> TimeInterval in
            guard let seconds = Self.seconds(text) else { throw fail("--window takes a duration such as 5m, not '\(text)'", status: ExitStatus.usage) }
            return seconds
        }
        if [uri, windowLength != nil, onion].filter({ $0 }).count > 1 {
            throw fail("--uri, --window and --onion pair in different ways: give one", status: ExitStatus.usage)
        }
        if clientAuth && !onion { throw fail("--client-auth goes with --onion", status: ExitStatus.usage) }
        if clientAuth && output == "-" {
            throw fail("--client-auth prints a secret line once: write the image to a file (--output FILE), not to standard output", status: ExitStatus.usage)
        }
        let deviceName = device ?? "device-\(Int(Date().timeIntervalSince1970))"
        guard ClientCredential.isValidName(deviceName) else {
            throw fail("--device '\(deviceName)' is not a valid name: use 1 to 64 of A-Z a-z 0-9 . _ @ -", status: ExitStatus.usage)
        }
        if format != .utf8 && output == nil {
            throw fail("--format \(format.rawValue) writes an image: give --output FILE (or --output - for standard output)", status: ExitStatus.usage)
        }
        if output == "-" && format == .png && Terminal.isInteractive(fd: 1) {
            throw fail("refusing to write a PNG image to the terminal: give --output FILE", status: ExitStatus.usage)
        }

        let config = try server.configuration(global: global, index: index, nodeURL: nil)
        var invitation = try PairingInvitation.make(configuration: config, host: host)
        let store = ClientCredentialStore(configuration: config)
        var deviceOnion: DeviceOnion?
        if onion {
            do {
                deviceOnion = try DeviceOnion.issue(name: deviceName, clientAuthorization: clientAuth, control: config.torControl, store: store)
            } catch {
                switch error {
                case .tor: throw fail("\(error)", status: ExitStatus.unavailable)
                case .store: throw fail("\(error)", status: ExitStatus.dataError)
                case .keyFile: throw fail("\(error)", status: ExitStatus.cannotCreate)
                }
            }
            invitation = invitation.atOnion(deviceOnion!.credential.identifier, configuration: config)
        }
        var enrolment: IssuedToken?
        if uri {
            guard invitation.fingerprintHex != nil else {
                throw fail("--uri needs a TLS listener (the client pins the certificate): give --tls HOST:PORT", status: ExitStatus.usage)
            }
            do {
                enrolment = try store.issueEnrolment(name: deviceName, lifetime: lifetime)
            } catch {
                throw fail("credentials: \(error)", status: ExitStatus.dataError)
            }
        }
        let pairingURI = enrolment.map { invitation.uri(enrolment: $0, network: config.network) }
        let payload = pairingURI?.description ?? invitation.primary.description
        /// Runs a step that may fail after the device's onion was made: a failure revokes it (its secret line
        /// would otherwise never be seen) and is then reported.
        func undoingOnion<T>(_ step: () throws -> T) throws -> T {
            do { return try step() } catch {
                if let deviceOnion { _ = try? store.revoke(name: deviceOnion.credential.name) }
                throw error
            }
        }
        let code: QRCode = try undoingOnion {
            do {
                return try QRCode(text: payload, level: level)
            } catch {
                throw fail("\(error)", status: ExitStatus.usage)
            }
        }
        var warnings = invitation.warnings
        if !uri, !onion, windowLength == nil, config.authRequiredForRemote, invitation.offers.contains(where: { !$0.loopbackOnly }) {
            warnings.append("remote wallets are refused until allowed: run 'sov pair --window 5m' and connect the wallet, or allow its network with 'sov serve auth allow-ip CIDR'")
        }

        let windowSession = try windowLength.map {
            try PairingWindowSession(serveDirectory: config.serveDirectory, store: store, device: deviceName, length: $0,
                                     json: global.json || !Terminal.isInteractive(fd: 1), quiet: global.quiet)
        }
        let json = global.json || !Terminal.isInteractive(fd: 1) && output != "-"
        if let output { try undoingOnion { try write(code, format: format, to: output) } }
        let imageOnStdout = output == "-"
        if json {
            var fields: [(String, JSONValue)] = [
                ("network", .string(config.network.rawValue)), ("connection", .string(invitation.primary.description)),
                ("offers", .array(invitation.offers.map { offer in
                    .object(JSONObject([("transport", .string(offer.transport.rawValue)), ("host", .string(offer.host)), ("port", .int(offer.port)),
                                        ("string", .string(offer.description)), ("loopback_only", .bool(offer.loopbackOnly))]))
                })),
                ("tls_fingerprint", invitation.fingerprint.map(JSONValue.string) ?? .null),
                ("tls_fingerprint_hex", invitation.fingerprintHex.map(JSONValue.string) ?? .null),
                ("electrum_command", .string(invitation.electrumCommand(network: config.network))),
                ("qr", .string(payload)),
                ("uri", pairingURI.map { .string($0.description) } ?? .null),
                ("expires", enrolment?.credential.expires.map { .string(InternetTime.format(secondsSince1970: $0.timeIntervalSince1970)) } ?? .null),
                ("device", uri || onion || windowLength != nil ? .string(deviceName) : .null),
                ("onion_client_auth", deviceOnion?.clientAuthLine.map(JSONValue.string) ?? .null),
                ("warnings", .array(warnings.map(JSONValue.string))),
            ]
            if imageOnStdout { fields = [] }
            if !fields.isEmpty { Output.write(JSONValue.object(JSONObject(fields)).compact + "\n") }
        } else if !imageOnStdout {
            var text = ""
            if output == nil { text += code.halfBlockText(ansiColors: Terminal.isInteractive(fd: 1)) + "\n" }
            if let pairingURI, let expiry = enrolment?.credential.expires {
                text += "sov's client: sov wallet connect WALLET '\(pairingURI)'\n"
                text += "  single use, valid until \(Self.clock(expiry)) (\(expires)); device name \(deviceName)\n"
            }
            for (i, offer) in invitation.offers.enumerated() {
                let what = offer.transport == .tls ? "TLS" : "TCP, unencrypted"
                let note = i == 0 && pairingURI == nil ? "the code above" : (offer.loopbackOnly ? "this machine only" : "")
                text += "  \(offer.description.fixedWidth(max(28, offer.description.count + 2)))\(what)\(note.isEmpty ? "" : "; \(note)")\n"
            }
            if let fingerprint = invitation.fingerprint { text += "TLS certificate SHA-256: \(fingerprint)\n" }
            if let deviceOnion {
                text += "Device \(deviceName)'s own onion address; 'sov serve auth revoke \(deviceName)' withdraws it.\n"
                if let line = deviceOnion.clientAuthLine {
                    text += "Tor client authorization, shown only now: put this line in a file ending .auth_private in the wallet's ClientOnionAuthDir:\n  \(line)\n"
                }
            }
            text += "Electrum: \(invitation.electrumCommand(network: config.network))\n"
            Output.write(text)
        }
        if !global.quiet && !json {
            for warning in warnings { StandardStreams.writeError("sov: \(warning)\n") }
        }
        try windowSession?.run()
    }

    /// `--discover`: what Avahi finds of `_sov._tcp` and `_electrum._tcp` on the LAN.
    private func discoverServers() throws {
        let found: [LANDiscovery.Found]
        do {
            found = try LANDiscovery.browse()
        } catch {
            throw fail("\(error)", status: ExitStatus.unavailable)
        }
        if global.json || !Terminal.isInteractive(fd: 1) {
            Output.write(JSONValue.array(found.map { entry in
                .object(JSONObject([("name", .string(entry.name)), ("type", .string(entry.type)), ("interface", .string(entry.interface)),
                                    ("host", .string(entry.host)), ("address", .string(entry.address)), ("port", .int(entry.port)),
                                    ("connection", .string(entry.connection)),
                                    ("txt", .object(JSONObject(entry.txt.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })))]))
            }).compact + "\n")
            return
        }
        guard !found.isEmpty else {
            StandardStreams.writeError("sov: no server announced on this network (sov serve announces listeners on 0.0.0.0 or a LAN address)\n")
            return
        }
        for entry in found {
            let details = [entry.txt["net"].map { "network \($0)" }, entry.txt["fp"].map { "certificate \($0)…" }].compactMap { $0 }
            Output.write("\(entry.connection.fixedWidth(28)) \(entry.name) (\(entry.type), \(entry.interface))\(details.isEmpty ? "" : "; " + details.joined(separator: ", "))\n")
        }
    }

    private func write(_ code: QRCode, format: Format, to path: String) throws {
        let bytes: [UInt8]
        switch format {
        case .utf8: bytes = Array(code.halfBlockText(ansiColors: path == "-" && Terminal.isInteractive(fd: 1)).utf8)
        case .svg: bytes = Array(code.svg().utf8)
        case .png: bytes = code.png()
        }
        if path == "-" {
            StandardStreams.writeOutput(bytes)
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw fail("cannot write \(path): \(String(cString: strerror(errno)))", status: ExitStatus.cannotCreate)
        }
    }

    /// `90s`, `10m`, `1h`, or plain seconds.
    static func seconds(_ text: String) -> TimeInterval? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        var number = Substring(text)
        var unit = 1.0
        if let last = text.last, let factor = units[last] {
            number = number.dropLast()
            unit = factor
        }
        guard let value = Double(number), value > 0, value.isFinite, value * unit <= 7 * 86_400 else { return nil }
        return value * unit
    }

    static func clock(_ date: Date) -> String {
        LocalClock.timeOfDay(secondsSince1970: date.timeIntervalSince1970)
    }
}
