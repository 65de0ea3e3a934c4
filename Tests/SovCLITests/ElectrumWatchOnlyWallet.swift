import Foundation
import SovTestSupport
import SovJSON
import SovPrimitives

/// A watch-only wallet Electrum 4.3.4 can restore from the regtest fixture's `wallet.json`: an account of
/// Bitcoin Core's descriptor wallet given as a SLIP-132 extended public key, or a list of addresses.
struct ElectrumWatchOnlyWallet {
    /// A file name for the wallet.
    var name: String
    /// What `electrum restore` is given.
    var restoreText: String
    /// Addresses Core gave for this wallet (`wallet.json` "addresses"): for an account, its first receiving
    /// addresses, which Electrum's own derivation from `restoreText` must reproduce in order; for an address
    /// wallet, exactly its addresses.
    var coreAddresses: [String]
    /// Whether `restoreText` is an extended key (Electrum then derives receiving and change addresses).
    var isAccount: Bool

    /// The wallets Electrum 4.3.4 can watch, and the descriptors of `wallet.json` it cannot restore as accounts.
    ///
    /// Core's active receiving descriptors are `pkh(…)`, `sh(wpkh(…))`, `wpkh(…)` and `tr(…)` over one
    /// account tpub each (`[fp/purpose'/1'/0']tpub…/0/*`; change is `/1/*` of the same key, which is what
    /// Electrum derives). Electrum picks the script type from SLIP-132 version bytes: tpub (043587cf)
    /// p2pkh, upub (044a5262) p2wpkh-p2sh, vpub (045f1cf6) p2wpkh. It has no taproot wallets, so the
    /// `tr(…)` account is watched only through its receiving addresses, in an imported-address wallet
    /// with the two 2-of-3 multisig addresses (fixed keys, not an account Electrum could derive).
    static func fromFixture(_ wallet: JSONValue) throws -> (wallets: [ElectrumWatchOnlyWallet], unsupported: [String]) {
        guard let descriptors = wallet["core_listdescriptors"]?.arrayValue,
              let addresses = wallet["addresses"]?.objectValue else {
            throw FixtureError("wallet.json without core_listdescriptors or addresses")
        }
        // Script type (the descriptor's opening) → Electrum's SLIP-132 version and wallet.json's address list.
        let kinds: [(opening: String, version: [UInt8], addresses: String, name: String)] = [
            ("pkh(", [0x04, 0x35, 0x87, 0xcf], "legacy", "p2pkh"),
            ("sh(wpkh(", [0x04, 0x4a, 0x52, 0x62], "p2sh-segwit", "p2wpkh-p2sh"),
            ("wpkh(", [0x04, 0x5f, 0x1c, 0xf6], "bech32", "p2wpkh"),
        ]
        var wallets: [ElectrumWatchOnlyWallet] = []
        var unsupported: [String] = []
        for entry in descriptors where entry["active"]?.boolValue == true && entry["internal"]?.boolValue == false {
            guard let descriptor = entry["desc"]?.stringValue?.split(separator: "#").first.map(String.init) else { continue }
            guard let kind = kinds.first(where: { descriptor.hasPrefix($0.opening + "[") }) else {
                unsupported.append(descriptor)
                continue
            }
            // The key sits between the origin's "]" and the "/0/*" of the receiving chain.
            guard let close = descriptor.firstIndex(of: "]"),
                  let chain = descriptor.range(of: "/0/*", range: close..<descriptor.endIndex) else {
                throw FixtureError("unexpected descriptor shape: \(descriptor)")
            }
            let tpub = String(descriptor[descriptor.index(after: close)..<chain.lowerBound])
            wallets.append(ElectrumWatchOnlyWallet(
                name: kind.name,
                restoreText: try slip132(tpub, version: kind.version),
                coreAddresses: addresses[kind.addresses]?.arrayValue?.compactMap(\.stringValue) ?? [],
                isAccount: true))
        }
        var imported = addresses["bech32m"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for multisig in ["multisig_p2wsh", "multisig_p2sh"] {
            if let address = wallet[multisig]?["address"]?.stringValue { imported.append(address) }
        }
        if !imported.isEmpty {
            wallets.append(ElectrumWatchOnlyWallet(name: "imported", restoreText: imported.joined(separator: " "),
                                                   coreAddresses: imported, isAccount: false))
        }
        return (wallets, unsupported)
    }

    /// The extended public key `tpub` with its 4 version bytes replaced by `version` (SLIP-132).
    static func slip132(_ tpub: String, version: [UInt8]) throws -> String {
        let payload = try Base58.decodeCheck(tpub)
        guard payload.count == 78, payload.prefix(4).elementsEqual([0x04, 0x35, 0x87, 0xcf]) else {
            throw FixtureError("not a testnet tpub: \(tpub)")
        }
        return Base58.encodeCheck(version + payload.dropFirst(4))
    }
}
