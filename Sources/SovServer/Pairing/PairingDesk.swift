import FoundationEssentials

/// What the server does for a device that is not admitted yet but wants to pair: redeem a `sov:pair`
/// enrolment token for its own credential, or wait in an open pairing window for the owner's confirmation.
/// Both are answered on the first line of an unauthorized connection, which is then closed (or, for a
/// redeemed token, served under the new credential).
public final class PairingDesk: Sendable {
    public let store: ClientCredentialStore
    public let serveDirectory: String

    public init(store: ClientCredentialStore, serveDirectory: String) {
        self.store = store
        self.serveDirectory = serveDirectory
    }

    /// The method sov's client calls with `[enrolment token]`; it answers `{"name", "token"}`.
    public static let redeemMethod = "sov.pair.redeem"

    public func redeem(token: String) -> Result<IssuedToken, CredentialStoreError> {
        Result { () throws(CredentialStoreError) in try store.redeemEnrolment(token: token) }
    }

    /// Whether a pairing window is open; if so `address` is recorded as waiting for confirmation.
    public func knock(address: String) -> Bool {
        PairingWindow.knock(serveDirectory: serveDirectory, address: address)
    }
}
