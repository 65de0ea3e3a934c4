import SovPrimitives

/// The settings given on `sov serve`'s command line: nil means the flag was not given. They win over the
/// environment, the file and the defaults. Lists replace (not extend) what lower layers said.
public struct ServerConfigurationOverrides: Sendable, Equatable {
    /// `--network`.
    public var network: Network?
    /// `--data-dir`.
    public var dataDirectory: String?
    /// `--blocks-dir`.
    public var blocksDirectory: String?
    /// `--node` (the node's RPC URL).
    public var node: String?
    /// `--no-node`.
    public var noNode: Bool?
    /// `--tcp ADDR:PORT` (repeatable; each value may also hold a comma-separated list).
    public var tcp: [String]?
    /// `--tls ADDR:PORT`.
    public var tls: [String]?
    /// `--ws ADDR:PORT`.
    public var ws: [String]?
    /// `--wss ADDR:PORT`.
    public var wss: [String]?
    /// `--metrics ADDR:PORT`, or "" for no metrics listener.
    public var metrics: String?
    /// `--status ADDR:PORT`, or "" for no status page.
    public var status: String?
    /// `--tls-cert PATH`.
    public var tlsCertificate: String?
    /// `--tls-key PATH`.
    public var tlsKey: String?
    /// `--banner TEXT`.
    public var banner: String?
    /// `--donation-address ADDRESS`.
    public var donationAddress: String?
    /// Any setting by its dotted name in the file, as text in the environment variables' syntax
    /// (`"limits.max_connections": "200"`, `"auth.allow_ips": "10.0.0.0/8,192.168.0.0/16"`): what a
    /// generic `--set NAME=VALUE` flag gives.
    public var settings: [String: String] = [:]

    public init() {}

    /// Each override as (setting name, text, flag name), in the settings' order.
    var entries: [(name: String, text: String, flag: String)] {
        var out: [(name: String, text: String, flag: String)] = []
        func add(_ name: String, _ text: String?, _ flag: String) {
            if let text { out.append((name, text, flag)) }
        }
        add("network", network?.rawValue, "--network")
        add("data_dir", dataDirectory, "--data-dir")
        add("blocks_dir", blocksDirectory, "--blocks-dir")
        add("node", node, "--node")
        add("no_node", noNode.map { $0 ? "true" : "false" }, "--no-node")
        add("banner", banner, "--banner")
        add("donation_address", donationAddress, "--donation-address")
        add("listen.tcp", tcp?.joined(separator: ","), "--tcp")
        add("listen.tls", tls?.joined(separator: ","), "--tls")
        add("listen.ws", ws?.joined(separator: ","), "--ws")
        add("listen.wss", wss?.joined(separator: ","), "--wss")
        add("listen.metrics", metrics, "--metrics")
        add("listen.status", status, "--status")
        add("tls.cert", tlsCertificate, "--tls-cert")
        add("tls.key", tlsKey, "--tls-key")
        for name in settings.keys.sorted() { add(name, settings[name], "--set \(name)") }
        return out
    }
}
