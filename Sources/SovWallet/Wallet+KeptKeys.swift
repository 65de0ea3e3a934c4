import FoundationEssentials
import SovDescriptors
import SovKeys
import SovJSON
import SovPrimitives
import Glibc

/// What a wallet made from a mnemonic keeps when asked to (`wallet create --keep-keys`): the mnemonic, its
/// BIP39 passphrase, and the account it was made for.
public struct KeptKeys: Sendable {
    public let mnemonic: Mnemonic
    public let passphrase: String
    public let type: AccountType
    public let account: UInt32

    public init(mnemonic: Mnemonic, passphrase: String, type: AccountType, account: UInt32) {
        self.mnemonic = mnemonic
        self.passphrase = passphrase
        self.type = type
        self.account = account
    }
}

extension Wallet {
    /// `<directory>/<name>.keys`: the wallet's kept keys, sealed (`SealedSecret`), mode 0600. Absent unless
    /// the wallet was created with `--keep-keys`.
    public var keyFilePath: String { Wallet.keyFile(forWalletAt: path) }

    /// Whether the wallet keeps its keys (sealed under a passphrase).
    public var keepsKeys: Bool { FileManager.default.fileExists(atPath: keyFilePath) }

    /// Seals `keys` under `passphrase` into the key file (mode 0600, replaced atomically: `AtomicFile`), after
    /// checking they are this wallet's (same master fingerprint).
    public func keep(_ keys: KeptKeys, passphrase: [UInt8]) throws(WalletError) {
        try checkOwnership(keys)
        let plain = JSONValue.object(JSONObject([("mnemonic", .string(keys.mnemonic.phrase)), ("passphrase", .string(keys.passphrase)),
                                                 ("type", .string(keys.type.rawValue)), ("account", .int(Int64(keys.account)))])).compact
        var secret = Array(plain.utf8)
        defer { for i in secret.indices { secret[i] = 0 } }
        let sealed: [UInt8]
        do { sealed = try SealedSecret.seal(secret, passphrase: passphrase) } catch {
            throw .storage(path: keyFilePath, reason: "cannot seal the keys: \(error)")
        }
        do { try AtomicFile.write(sealed, to: keyFilePath, mode: 0o600) } catch {
            throw .storage(path: error.path, reason: "cannot \(error.operation): \(String(cString: strerror(error.code)))")
        }
    }

    /// The kept keys, opened with `passphrase`.
    public func keptKeys(passphrase: [UInt8]) throws(WalletError) -> KeptKeys {
        guard let data = FileManager.default.contents(atPath: keyFilePath) else { throw .noKeptKeys(name: name) }
        var plain: [UInt8]
        do { plain = try SealedSecret.open(Array(data), passphrase: passphrase) } catch {
            switch error {
            case .wrongPassphrase: throw .wrongKeyPassphrase(path: keyFilePath)
            case .malformed(let reason): throw .unsupportedFile(path: keyFilePath, reason: reason)
            case .unavailable(let reason): throw .storage(path: keyFilePath, reason: reason)
            }
        }
        defer { for i in plain.indices { plain[i] = 0 } }
        guard let value = try? JSONParser.parse(String(decoding: plain, as: UTF8.self)),
              let phrase = value["mnemonic"]?.stringValue, let mnemonic = try? Mnemonic(phrase),
              let passphrase = value["passphrase"]?.stringValue,
              let type = value["type"]?.stringValue.flatMap(AccountType.init(rawValue:)),
              let account = value["account"]?.intValue, let number = UInt32(exactly: account) else {
            throw .unsupportedFile(path: keyFilePath, reason: "its sealed contents are not keys sov wrote")
        }
        let keys = KeptKeys(mnemonic: mnemonic, passphrase: passphrase, type: type, account: number)
        try checkOwnership(keys)
        return keys
    }

    /// The private descriptors of the kept keys' account (receive, then change), with checksums, as they are
    /// imported into Bitcoin Core (`importdescriptors`): the master private key and the account's whole path.
    public func privateDescriptors(_ keys: KeptKeys) throws(WalletError) -> [(keychain: Keychain, descriptor: String)] {
        do {
            let master = try ExtendedKey.master(seed: keys.mnemonic.seed(passphrase: keys.passphrase), network: network)
            let coin = network == .main ? 0 : 1
            return Keychain.allCases.map { keychain in
                let branch = keychain == .external ? 0 : 1
                let text = keys.type.descriptor(key: "\(master.encoded)/\(keys.type.purpose)h/\(coin)h/\(keys.account)h/\(branch)/*")
                return (keychain, DescriptorChecksum.adding(to: text))
            }
        } catch {
            throw .invalidMnemonic(error.reason)
        }
    }

    /// Keys whose account is not exactly this wallet's are refused.
    private func checkOwnership(_ keys: KeptKeys) throws(WalletError) {
        let expected = try WalletKeychains.account(mnemonic: keys.mnemonic, passphrase: keys.passphrase, type: keys.type,
                                                   account: keys.account, network: network)
        guard expected.external == keychains.external, expected.internal == keychains.internal else {
            throw .wrongKeys(expected: masterFingerprints.joined(separator: " or "),
                             given: (try? ExtendedKey.master(seed: keys.mnemonic.seed(passphrase: keys.passphrase), network: network).fingerprint.hex) ?? "?")
        }
    }
}
