import FoundationEssentials
import SovPrimitives
import SovJSON
import SovQR

/// The status as terminal text: a headline, the connection code, and one line per part.
struct StatusScreen {
    let status: JSONValue
    let kiosk: Bool

    /// A code to show instead of the connection string's: a sov:pair URI and the seconds it has left.
    struct PairingCode {
        var uri: String
        var secondsLeft: Int
    }

    func text(pairing: PairingCode?, colors: Bool = Terminal.isInteractive(fd: 1)) -> String {
        var lines: [String] = []
        let network = status["network"]?.stringValue ?? "?"
        let height = status["index"]?["height"]?.intValue ?? -1
        let running = status["running"]?.boolValue == true
        let uptime = status["uptime"]?.intValue.map { "up \(HumanFormat.duration($0))" } ?? ""
        lines.append("sov · \(network) · height \(height) · \(running ? "serving \(uptime)" : "server not running")")
        lines.append("")
        if let pairing {
            if let code = try? QRCode(text: pairing.uri, level: .low) { lines.append(code.halfBlockText(ansiColors: colors)) }
            lines.append("sov wallet connect WALLET '\(pairing.uri)'")
            lines.append("single-use pairing code: \(pairing.secondsLeft) s left (any key hides it)")
        } else if let connection = status["connection"]?.stringValue {
            if let code = try? QRCode(text: connection, level: .medium) { lines.append(code.halfBlockText(ansiColors: colors)) }
            lines.append("connect    \(connection)")
            if let fingerprint = status["tls_fingerprint"]?.stringValue { lines.append("TLS        \(fingerprint)") }
        }
        lines.append("")
        if let node = status["node"], !node.isNull {
            let blocks = node["blocks"]?.intValue ?? 0
            let headers = node["headers"]?.intValue ?? 0
            let progress = (node["verification_progress"]?.doubleValue ?? 0) * 100
            let ibd = node["initial_block_download"]?.boolValue == true
            var text = "\(blocks)/\(headers) \(ibd ? "syncing" : "synced") (\(String(cFormat: "%.2f", progress)) %)"
            if let peers = node["peers"]?.intValue { text += ", \(peers) peers" }
            if let up = node["uptime"]?.intValue { text += ", up \(HumanFormat.duration(up))" }
            lines.append("node       \(text)")
            if let assume = node["assumeutxo"], !assume.isNull {
                let active = assume["background_validation"]?.boolValue == true
                lines.append("assumeUTXO \(active ? "snapshot in use; history validated to \(assume["background_height"]?.intValue.map(String.init) ?? "?")" : "not in use")")
            }
        } else {
            lines.append("node       \(status["node_problem"]?.stringValue ?? "none (serving block files)")")
        }
        var index = "\(height)"
        if let lag = status["index"]?["lag"]?.intValue { index += " (\(lag) behind the node)" }
        if let mempool = status["mempool_transactions"]?.intValue { index += ", mempool \(mempool) transactions" }
        lines.append("index      \(index)")
        let listeners = (status["listeners"]?.arrayValue ?? []).map { "\($0["transport"]?.stringValue ?? "?") \($0["address"]?.stringValue ?? "?")" }
        lines.append("listening  \(listeners.joined(separator: ", "))\(running ? "" : " (configured)")")
        if let connections = status["connections"]?.intValue { lines.append("connected  \(connections)") }
        let devices = (status["devices"]?.arrayValue ?? []).map { "\($0["name"]?.stringValue ?? "?") (\($0["kind"]?.stringValue ?? "?"))" }
        lines.append("paired     \(devices.isEmpty ? "none" : devices.joined(separator: ", "))")
        let lan = (status["offers"]?.arrayValue ?? []).filter { $0["loopback_only"]?.boolValue == false }.compactMap { $0["string"]?.stringValue }
        if !lan.isEmpty { lines.append("LAN        \(lan.joined(separator: ", "))") }
        return lines.joined(separator: "\n") + "\n"
    }
}
