import SovKeys

/// The single-key account kinds a mnemonic wallet can be: the script, and its BIP44/49/84/86 purpose.
public enum AccountType: String, Sendable, CaseIterable {
    /// P2PKH, BIP44 (`m/44'/coin'/account'`).
    case pkh
    /// P2WPKH nested in P2SH, BIP49.
    case shWpkh = "sh-wpkh"
    /// P2WPKH, BIP84.
    case wpkh
    /// P2TR key path, BIP86.
    case tr

    /// The BIP43 purpose of the account's path.
    public var purpose: UInt32 {
        switch self {
        case .pkh: return 44
        case .shWpkh: return 49
        case .wpkh: return 84
        case .tr: return 86
        }
    }

    /// `key` in this kind's descriptor expression.
    func descriptor(key: String) -> String {
        switch self {
        case .pkh: return "pkh(\(key))"
        case .shWpkh: return "sh(wpkh(\(key)))"
        case .wpkh: return "wpkh(\(key))"
        case .tr: return "tr(\(key))"
        }
    }
}
