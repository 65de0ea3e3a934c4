import SovJSON
import SovPrimitives

/// The methods of protocol versions 1.4–1.6 with the versions each exists in and its parameters, and the
/// parsing of a request into a checked `ElectrumCall` for a negotiated version.
///
/// Sources: spesmilo/electrum-protocol `protocol-methods.rst` and `protocol-changes.rst` (1.6 as merged in
/// electrum-protocol#6: `blockchain.relayfee` removed, `mempool.get_info` and
/// `blockchain.transaction.broadcast_package` added, `estimatefee` gains *mode*, `block.headers` returns a
/// `headers` list), and ElectrumX's per-version handler table. `blockchain.scripthash.unsubscribe` arrived in
/// 1.4.2. The outpoint/scriptpubkey methods and the optional `get_merkle` height of later drafts are not 1.6.
public struct ElectrumMethodTable: Sendable {
    public let specs: [ElectrumMethodSpec]
    /// `specs` by method name, for the lookup every request makes.
    private let byName: [String: [ElectrumMethodSpec]]
    /// The error code for argument values of the wrong type or range (ElectrumX: `BAD_REQUEST`).
    public var valueErrorCode: Int

    public init(specs: [ElectrumMethodSpec] = ElectrumMethodTable.standardSpecs,
                valueErrorCode: Int = ElectrumRPCError.badRequestCode) {
        self.specs = specs
        self.byName = Dictionary(grouping: specs, by: \.method.rawValue)
        self.valueErrorCode = valueErrorCode
    }

    /// The signature of `method` in `version`, if the method exists there.
    public func spec(_ method: String, in version: ProtocolVersion) -> ElectrumMethodSpec? {
        byName[method]?.first { $0.applies(to: version) }
    }

    /// The methods that exist in `version`.
    public func methods(in version: ProtocolVersion) -> [ElectrumMethod] {
        ElectrumMethod.allCases.filter { m in specs.contains { $0.method == m && $0.applies(to: version) } }
    }

    /// Checks a request against the method's signature in `version` and returns the call to execute.
    /// Unknown here (or not in this version) is `-32601`; arity is `-32602`; bad values `valueErrorCode`.
    public func call(for request: JSONRPCRequest, version: ProtocolVersion) throws(ElectrumRPCError) -> ElectrumCall {
        guard let spec = spec(request.method, in: version) else {
            throw .methodNotFound("unknown method \"\(ElectrumArguments.shown(.string(request.method)))\"")
        }
        let arguments = try ElectrumArguments.bind(request.params, to: spec, valueErrorCode: valueErrorCode)
        return try spec.build(arguments)
    }

    // MARK: - The table

    private static let cpHeight = ElectrumParameter("cp_height", .nonNegativeInteger, default: .int(0))
    private static let scriptHash = ElectrumParameter("scripthash", .scriptHash)

    /// A method taking one `scripthash`.
    private static func scriptHashMethod(_ method: ElectrumMethod, since: ProtocolVersion, until: ProtocolVersion? = nil,
                                         _ make: @escaping @Sendable (ScriptHash) -> ElectrumCall) -> ElectrumMethodSpec {
        ElectrumMethodSpec(method, since: since, until: until, [scriptHash]) { (a) throws(ElectrumRPCError) in
            make(try a.scriptHash("scripthash"))
        }
    }

    /// `blockchain.block.headers` with the result shape of its version span.
    private static func blockHeaders(since: ProtocolVersion, until: ProtocolVersion?, shape: HeadersResultShape) -> ElectrumMethodSpec {
        ElectrumMethodSpec(.blockHeaders, since: since, until: until,
                           [.init("start_height", .nonNegativeInteger), .init("count", .nonNegativeInteger), cpHeight]) { (a) throws(ElectrumRPCError) in
            let start = try a.integer("start_height"), count = try a.integer("count"), cp = try a.integer("cp_height")
            // The full rule is start_height + count - 1 <= cp_height for the headers actually returned (the
            // count is clamped by the chain and `max` first), which only the server can check.
            if cp != 0, count > 0, start > cp {
                throw .badRequest("start_height \(start) is above cp_height \(cp)")
            }
            return .blockHeaders(startHeight: start, count: count, checkpointHeight: cp, shape: shape)
        }
    }

    /// Every signature of 1.4 through 1.6.
    public static let standardSpecs: [ElectrumMethodSpec] = {
        var specs: [ElectrumMethodSpec] = [
            ElectrumMethodSpec(.blockHeader, since: ProtocolVersion(major: 1, minor: 3),
                               [.init("height", .nonNegativeInteger), cpHeight]) { (a) throws(ElectrumRPCError) in
                let height = try a.integer("height"), cp = try a.integer("cp_height")
                if cp != 0, height > cp { throw .badRequest("header height \(height) is above cp_height \(cp)") }
                return .blockHeader(height: height, checkpointHeight: cp)
            },
            blockHeaders(since: ProtocolVersion(major: 1, minor: 2), until: .v1_6, shape: .concatenatedHex),
            blockHeaders(since: .v1_6, until: nil, shape: .list),
            ElectrumMethodSpec(.estimateFee, since: ProtocolVersion(major: 1, minor: 0), until: .v1_6,
                               [.init("number", .nonNegativeInteger)]) { (a) throws(ElectrumRPCError) in
                .estimateFee(blocks: try a.integer("number"), mode: nil)
            },
            ElectrumMethodSpec(.estimateFee, since: .v1_6,
                               [.init("number", .nonNegativeInteger), .init("mode", .estimateMode, default: .null)]) { (a) throws(ElectrumRPCError) in
                .estimateFee(blocks: try a.integer("number"), mode: try a.estimateMode("mode"))
            },
            // 1.4 removed its `raw` argument.
            ElectrumMethodSpec(.headersSubscribe, since: .v1_4) { _ in .headersSubscribe },
            // Removed in 1.6: `mempool.get_info`'s `minrelaytxfee` replaces it.
            ElectrumMethodSpec(.relayFee, since: ProtocolVersion(major: 1, minor: 0), until: .v1_6) { _ in .relayFee },
            scriptHashMethod(.scriptHashGetBalance, since: ProtocolVersion(major: 1, minor: 1)) { .scriptHashGetBalance($0) },
            scriptHashMethod(.scriptHashListUnspent, since: ProtocolVersion(major: 1, minor: 1)) { .scriptHashListUnspent($0) },
            scriptHashMethod(.scriptHashUnsubscribe, since: .v1_4_2) { .scriptHashUnsubscribe($0) },
            ElectrumMethodSpec(.transactionBroadcast, since: ProtocolVersion(major: 1, minor: 1),
                               [.init("raw_tx", .hex)]) { (a) throws(ElectrumRPCError) in
                .transactionBroadcast(rawTransaction: try a.bytes("raw_tx"))
            },
            ElectrumMethodSpec(.transactionBroadcastPackage, since: .v1_6,
                               [.init("raw_txs", .hexList), .init("verbose", .boolean, default: .bool(false))]) { (a) throws(ElectrumRPCError) in
                .transactionBroadcastPackage(rawTransactions: try a.byteList("raw_txs"), verbose: try a.boolean("verbose"))
            },
            ElectrumMethodSpec(.transactionGet, since: ProtocolVersion(major: 1, minor: 2),
                               [.init("tx_hash", .txid), .init("verbose", .boolean, default: .bool(false))]) { (a) throws(ElectrumRPCError) in
                .transactionGet(txid: try a.txid("tx_hash"), verbose: try a.boolean("verbose"))
            },
            ElectrumMethodSpec(.transactionGetMerkle, since: ProtocolVersion(major: 1, minor: 0),
                               [.init("tx_hash", .txid), .init("height", .nonNegativeInteger)]) { (a) throws(ElectrumRPCError) in
                .transactionGetMerkle(txid: try a.txid("tx_hash"), height: try a.integer("height"))
            },
            ElectrumMethodSpec(.transactionIDFromPosition, since: .v1_4,
                               [.init("height", .nonNegativeInteger), .init("tx_pos", .nonNegativeInteger),
                                .init("merkle", .boolean, default: .bool(false))]) { (a) throws(ElectrumRPCError) in
                .transactionIDFromPosition(height: try a.integer("height"), position: try a.integer("tx_pos"), merkle: try a.boolean("merkle"))
            },
            ElectrumMethodSpec(.mempoolGetFeeHistogram, since: ProtocolVersion(major: 1, minor: 2)) { _ in .mempoolGetFeeHistogram },
            ElectrumMethodSpec(.mempoolGetInfo, since: .v1_6) { _ in .mempoolGetInfo },
            ElectrumMethodSpec(.serverAddPeer, since: ProtocolVersion(major: 1, minor: 1),
                               [.init("features", .object)]) { (a) throws(ElectrumRPCError) in
                .serverAddPeer(features: try a.object("features"))
            },
            ElectrumMethodSpec(.serverBanner, since: ProtocolVersion(major: 1, minor: 0)) { _ in .serverBanner },
            ElectrumMethodSpec(.serverDonationAddress, since: ProtocolVersion(major: 1, minor: 0)) { _ in .serverDonationAddress },
            ElectrumMethodSpec(.serverFeatures, since: ProtocolVersion(major: 1, minor: 1)) { _ in .serverFeatures },
            ElectrumMethodSpec(.serverPeersSubscribe, since: ProtocolVersion(major: 1, minor: 0)) { _ in .serverPeersSubscribe },
            ElectrumMethodSpec(.serverPing, since: ProtocolVersion(major: 1, minor: 2)) { _ in .serverPing },
            ElectrumMethodSpec(.serverVersion, since: ProtocolVersion(major: 1, minor: 1),
                               [.init("client_name", .string, default: .string("")),
                                .init("protocol_version", .protocolVersion, default: .string("1.4"))],
                               acceptsExtraArguments: true) { (a) throws(ElectrumRPCError) in
                .serverVersion(clientName: try a.string("client_name"), requested: try a.versions("protocol_version"))
            },
        ]
        // Methods whose mempool ordering is the only difference between the spans: before 1.6 any order (the
        // listing's own), from 1.6 the canonical one.
        for (since, until, order) in [(ProtocolVersion(major: 1, minor: 1), ProtocolVersion.v1_6, MempoolOrder.asListed),
                                      (.v1_6, nil, .canonical)] {
            specs.append(scriptHashMethod(.scriptHashGetHistory, since: since, until: until) { .scriptHashGetHistory($0, mempoolOrder: order) })
            specs.append(scriptHashMethod(.scriptHashGetMempool, since: since, until: until) { .scriptHashGetMempool($0, mempoolOrder: order) })
            specs.append(scriptHashMethod(.scriptHashSubscribe, since: since, until: until) { .scriptHashSubscribe($0, mempoolOrder: order) })
        }
        return specs
    }()
}
