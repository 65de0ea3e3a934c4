import ArgumentParser
import FoundationEssentials
import SovElectrum
import SovElectrumClient
import SovJSON
import SovPrimitives
import SovWallet

struct WalletConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Pair a wallet with a server from the sov:pair URI 'sov pair --uri' shows.",
        discussion: reflowed("""
            Connects to the URI's endpoints in order over TLS, accepting only the certificate whose SHA-256 the
            URI names, and redeems its single-use token for this device's own token (sov.pair.redeem). The
            wallet keeps the server, the pinned fingerprint and that token; later syncs, fee estimates and
            broadcasts use them unless --server names another server. The owner sees the device in
            'sov serve auth list' and can revoke it there.

            Exit status: 0 paired, 64 usage error, 65 not a pairing URI, or one for another network or already
            expired, 66 no such wallet, 69 no endpoint reachable with the pinned certificate, 77 the server
            refused the token (used, expired or unknown).
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: WalletOptions

    @Argument(help: ArgumentHelp("The sov:pair?… URI (quote it in the shell).", valueName: "uri"))
    var uri: String

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for each endpoint.", valueName: "seconds"))
    var timeout: Int = 20

    func run() async throws {
        let network = try global.resolvedNetwork()
        let pairing: PairingURI
        do {
            pairing = try PairingURI(parsing: uri)
        } catch {
            throw fail("\(error)", status: ExitStatus.dataError)
        }
        if let name = pairing.network, name != network.rawValue {
            throw fail("this code pairs with a \(name) server; the wallet is on \(network.rawValue) (give --network \(name))", status: ExitStatus.dataError)
        }
        if let expires = pairing.expires, Int64(Date().timeIntervalSince1970) >= expires {
            throw fail("this pairing code expired at \(Date(timeIntervalSince1970: TimeInterval(expires))): run 'sov pair --uri' again", status: ExitStatus.dataError)
        }
        guard let fingerprint = pairing.fingerprint, let token = pairing.token else {
            throw fail("this pairing code has no certificate fingerprint or token to pair with", status: ExitStatus.dataError)
        }
        let wallet = try options.open(network: network)
        var failures: [String] = []
        for endpoint in pairing.endpoints {
            guard let address = ElectrumServerAddress(endpoint), address.transport == .tls else {
                failures.append("\(endpoint): not a TLS endpoint")
                continue
            }
            let client: ElectrumClient
            do {
                client = try await ElectrumClient.connect(to: address, tls: .pinned(sha256: fingerprint), timeout: .seconds(timeout), callTimeout: .seconds(timeout))
            } catch {
                failures.append("\(endpoint): \(error)")
                continue
            }
            let answer: JSONValue
            do {
                answer = try await client.call("sov.pair.redeem", [.string(token)])
            } catch ElectrumClientError.server(_, let message) {
                await client.close()
                throw fail("\(endpoint) refused to pair: \(message)", status: ExitStatus.noPermission)
            } catch {
                await client.close()
                failures.append("\(endpoint): \(error)")
                continue
            }
            await client.close()
            guard let device = answer["name"]?.stringValue, let issued = answer["token"]?.stringValue else {
                throw fail("\(endpoint) answered the pairing with something else: \(answer.compact.prefix(200))", status: ExitStatus.protocolError)
            }
            let paired = ServerPairing(server: endpoint, fingerprint: fingerprint, device: device, token: issued)
            do {
                try wallet.setPairing(paired)
            } catch {
                throw error.report(network: network)
            }
            if global.json {
                Output.write(JSONValue.object(JSONObject([("wallet", .string(wallet.name)), ("server", .string(endpoint)), ("device", .string(device)),
                                                          ("tls_fingerprint", .string(fingerprint))])).compact + "\n")
            } else if !global.quiet {
                Output.write("paired '\(wallet.name)' with \(endpoint) as device '\(device)' (certificate pinned); 'sov wallet sync' uses it from now on\n")
            }
            return
        }
        throw fail("could not reach the server with the pinned certificate: \(failures.joined(separator: "; "))", status: ExitStatus.unavailable)
    }
}
