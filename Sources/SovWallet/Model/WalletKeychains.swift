import SovJSON
import SovDescriptors
import SovKeys
import SovPrimitives

/// The public descriptors a wallet watches: one for receiving, and optionally one for change. Each index of a
/// ranged descriptor is one output script; a descriptor without a range is a single script.
public struct WalletKeychains: Sendable, Equatable {
    public let network: Network
    public let external: Descriptor
    public let `internal`: Descriptor?

    /// Checks that each descriptor can be watched: public only, solvable, one output script per index.
    public init(external: Descriptor, internal: Descriptor?) throws(WalletError) {
        for descriptor in [external] + (`internal`.map { [$0] } ?? []) {
            guard !descriptor.hasPrivateKeys else {
                throw .invalidDescriptor("a watched descriptor must be public; give its public form (sov decode prints it)")
            }
            guard descriptor.node.name != "combo" else { throw .invalidDescriptor("combo() gives several scripts per index") }
            let scripts: [Script]
            do { scripts = try descriptor.outputScripts(at: 0) } catch {
                throw .invalidDescriptor("cannot derive from \(descriptor): \(error.reason)")
            }
            guard scripts.count == 1 else { throw .invalidDescriptor("\(descriptor) gives \(scripts.count) scripts per index") }
        }
        if let `internal`, `internal`.network != external.network {
            throw .invalidDescriptor("the two descriptors are for different networks")
        }
        self.network = external.network
        self.external = external
        self.internal = `internal`
    }

    /// Parses `descriptor` (a multipath `<0;1>` one gives both chains) and `change`, for `network`.
    public static func parse(descriptor: String, change: String?, network: Network) throws(WalletError) -> WalletKeychains {
        let main: [Descriptor]
        do { main = try Descriptor.parse(descriptor, network: network) } catch {
            throw .invalidDescriptor(error.description)
        }
        switch (main.count, change) {
        case (1, nil): return try WalletKeychains(external: main[0], internal: nil)
        case (2, nil): return try WalletKeychains(external: main[0], internal: main[1])
        case (1, let change?):
            let changeDescriptor: Descriptor
            do { changeDescriptor = try Descriptor(change, network: network) } catch {
                throw .invalidDescriptor("change descriptor: " + error.description)
            }
            return try WalletKeychains(external: main[0], internal: changeDescriptor)
        default:
            throw .invalidDescriptor("a multipath descriptor must have two alternatives (<0;1>) and no separate change descriptor")
        }
    }

    /// The BIP44/49/84/86 account `account` of a BIP39 `mnemonic`: `type(m/purpose'/coin'/account'/0/*)` and
    /// `/1/*`, in the normalized public form Bitcoin Core's `listdescriptors` prints (origin fingerprint and
    /// path, account xpub). The coin type is 0 on main and 1 on every test network.
    public static func account(mnemonic: Mnemonic, passphrase: String, type: AccountType, account: UInt32,
                               network: Network) throws(WalletError) -> WalletKeychains {
        guard account < DerivationPath.hardenedBit else { throw .invalidDescriptor("account \(account) is out of range") }
        do {
            let master = try ExtendedKey.master(seed: mnemonic.seed(passphrase: passphrase), network: network)
            let coin = network == .main ? 0 : 1
            func chain(_ n: Int) throws -> Descriptor {
                let text = type.descriptor(key: "\(master.encoded)/\(type.purpose)h/\(coin)h/\(account)h/\(n)/*")
                guard let normalized = try Descriptor(text, network: network).normalizedDescription else {
                    throw WalletError.invalidDescriptor("cannot normalize \(type.rawValue) account descriptor")
                }
                return try Descriptor(normalized, network: network)
            }
            return try WalletKeychains(external: try chain(0), internal: try chain(1))
        } catch let error as WalletError {
            throw error
        } catch let error as DecodingError {
            throw .invalidDescriptor(error.description)
        } catch {
            throw .invalidDescriptor("\(error)")
        }
    }

    /// The descriptor of `keychain`; nil for change when the wallet has none.
    public func descriptor(_ keychain: Keychain) -> Descriptor? {
        keychain == .external ? external : `internal`
    }

    /// Whether the descriptors are ranged (addresses by index) rather than one script each.
    public var isRanged: Bool { external.isRange }

    /// The output script of `keychain` at `index`.
    public func script(_ keychain: Keychain, index: UInt32) throws(WalletError) -> Script {
        guard let descriptor = descriptor(keychain) else { throw .invalidDescriptor("this wallet has no change descriptor") }
        let scripts: [Script]
        do { scripts = try descriptor.outputScripts(at: index) } catch { throw .invalidDescriptor(error.description) }
        guard let script = scripts.first else { throw .invalidDescriptor("\(descriptor) gives no script at \(index)") }
        return script
    }
}

extension WalletKeychains {
    /// The active receive and change descriptors of Bitcoin Core's `listdescriptors` output (the object, or its
    /// `descriptors` array), public ones only. When it holds several kinds (Core's default wallet has pkh,
    /// sh(wpkh), wpkh and tr), `type` chooses one.
    public static func fromCoreListDescriptors(_ value: JSONValue, type: AccountType?, network: Network) throws(WalletError) -> WalletKeychains {
        guard let entries = value["descriptors"]?.arrayValue ?? value.arrayValue else {
            throw .invalidDescriptor("not listdescriptors output: no descriptors array")
        }
        var pairs: [String: (external: String?, internal: String?)] = [:]
        for entry in entries where entry["active"]?.boolValue != false {
            guard let text = entry["desc"]?.stringValue else { continue }
            let kind = text.hasPrefix("sh(wpkh(") ? "sh-wpkh" : String(text.prefix { $0 != "(" })
            if entry["internal"]?.boolValue == true { pairs[kind, default: (nil, nil)].internal = text } else { pairs[kind, default: (nil, nil)].external = text }
        }
        let chosen: (external: String?, internal: String?)
        if let type {
            guard let pair = pairs[type.rawValue] else { throw .invalidDescriptor("no active \(type.rawValue) descriptor in the file") }
            chosen = pair
        } else {
            guard pairs.count == 1, let only = pairs.first?.value else {
                throw .invalidDescriptor("the file has active descriptors of several kinds (\(pairs.keys.sorted().joined(separator: ", "))): choose one with --type")
            }
            chosen = only
        }
        guard let external = chosen.external else { throw .invalidDescriptor("no active receive descriptor in the file") }
        return try parse(descriptor: external, change: chosen.internal, network: network)
    }
}
