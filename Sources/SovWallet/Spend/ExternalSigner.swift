import FoundationEssentials
import SovJSON
import SovPSBT
import SovPrimitives

/// An external signer speaking Bitcoin Core's `-signer` protocol, as HWI does for hardware wallets:
/// `CMD enumerate` lists devices as `[{"fingerprint": …}]`, and `CMD --fingerprint FP --chain CHAIN signtx PSBT`
/// answers `{"psbt": …}` (or `{"error": …}`). sov never sees the keys.
public struct ExternalSigner: Sendable {
    /// The command and its leading arguments (the `--signer` text split on spaces).
    public let command: [String]

    public init(command: String) {
        self.command = command.split(separator: " ").map(String.init)
    }

    /// Core's chain names.
    static func chain(_ network: Network) -> String {
        switch network {
        case .main: return "main"
        case .test: return "test"
        case .testnet4: return "testnet4"
        case .signet: return "signet"
        case .regtest: return "regtest"
        }
    }

    /// Runs the signer with `arguments`; its JSON answer.
    func run(_ arguments: [String]) throws(WalletError) -> JSONValue {
        guard let executable = command.first else { throw .signerUnavailable("no signer command") }
        let outcome: ChildProcess.Outcome
        do { outcome = try ChildProcess.run(executable, Array(command.dropFirst()) + arguments) } catch { throw .signerUnavailable(error.description) }
        let message = String(decoding: outcome.error, as: UTF8.self)
        let text = String(decoding: outcome.output, as: UTF8.self)
        guard let answer = try? JSONParser.parse(text) else {
            throw .signerUnavailable("\(executable) exited \(outcome.status) without JSON: \(message.split(separator: "\n").first ?? "")")
        }
        if let error = answer["error"]?.stringValue { throw .signerRefused(error) }
        return answer
    }

    /// The fingerprints of the devices the signer sees.
    public func fingerprints() throws(WalletError) -> [String] {
        (try run(["enumerate"]).arrayValue ?? []).compactMap { $0["fingerprint"]?.stringValue }
    }

    /// Asks the device with `fingerprint` to sign `psbt`; returns the PSBT it sends back, checked to be a PSBT of
    /// the same transaction.
    public func sign(_ psbt: PSBT, fingerprint: String, network: Network) throws(WalletError) -> PSBT {
        let answer = try run(["--fingerprint", fingerprint, "--chain", Self.chain(network), "signtx", psbt.base64])
        guard let text = answer["psbt"]?.stringValue else { throw .signerRefused("the signer answered without a PSBT") }
        let signed: PSBT
        do { signed = try PSBT(base64: text) } catch { throw .signerRefused("the signer's PSBT is invalid: \(error.reason)") }
        guard signed.transaction == psbt.transaction, signed.inputs.count == psbt.inputs.count else {
            throw .signerRefused("the signer returned a PSBT of another transaction")
        }
        return signed
    }
}
