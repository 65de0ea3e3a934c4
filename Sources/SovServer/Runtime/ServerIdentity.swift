import SovElectrum
import SovJSON
import SovPrimitives

/// What the server says about itself: `server.features`, `server.banner`, `server.donation_address`,
/// `server.peers.subscribe` (sov announces no peers: it serves its owner's wallets, it is not a public
/// server, so it does not gossip or accept peers through `server.add_peer`).
public struct ServerIdentity: Sendable {
    /// The genesis block hash (display order) of the chain served.
    public var genesisHash: String
    public var software: String
    public var banner: String
    public var donationAddress: String
    /// Listeners announced in `server.features` `hosts` (host → ports): only non-loopback hosts are listed.
    public var hosts: [(host: String, tcpPort: Int?, sslPort: Int?)]

    public init(genesisHash: String, software: String, banner: String? = nil, donationAddress: String = "",
                hosts: [(host: String, tcpPort: Int?, sslPort: Int?)] = []) {
        self.genesisHash = genesisHash
        self.software = software
        self.banner = banner ?? "Welcome to \(software), serving its owner's Bitcoin node."
        self.donationAddress = donationAddress
        self.hosts = hosts
    }

    /// `server.features` as protocol-methods.rst specifies it.
    public var features: JSONValue {
        var hostObject = JSONObject()
        for h in hosts {
            hostObject.append(h.host, .object(JSONObject([
                ("tcp_port", h.tcpPort.map(JSONValue.int) ?? .null),
                ("ssl_port", h.sslPort.map(JSONValue.int) ?? .null),
            ])))
        }
        return .object(JSONObject([
            ("genesis_hash", .string(genesisHash)),
            ("hosts", .object(hostObject)),
            ("protocol_max", .string(ProtocolVersion.maximumSupported.description)),
            ("protocol_min", .string(ProtocolVersion.minimumSupported.description)),
            ("pruning", .null),
            ("server_version", .string(software)),
            ("hash_function", .string("sha256")),
        ]))
    }

    // The server's own calls (`ElectrumCallExecutor` routes each here).

    /// `server.banner`.
    public var bannerResult: ElectrumResult { .json(.string(banner)) }
    /// `server.donation_address`.
    public var donationAddressResult: ElectrumResult { .json(.string(donationAddress)) }
    /// `server.features`.
    public var featuresResult: ElectrumResult { .json(features) }
    /// `server.peers.subscribe`: this server announces no peers.
    public var peersResult: ElectrumResult { .json(.array([])) }
    /// `server.add_peer`: refused (no peer discovery).
    public var addPeerResult: ElectrumResult { .json(.bool(false)) }
    /// `server.ping`.
    public var pingResult: ElectrumResult { .json(.null) }
}
