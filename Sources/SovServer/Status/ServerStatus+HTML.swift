import FoundationEssentials
import SovPrimitives
import SovQR

extension ServerStatus {
    /// The status page: one self-contained HTML document (inline CSS, the QR code as inline SVG, no scripts
    /// or external assets) that reloads itself every `refreshSeconds`.
    public func html(refreshSeconds: Int = 5) -> String {
        func escape(_ text: String) -> String {
            text.replacing("&", with: "&amp;").replacing("<", with: "&lt;")
                .replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
        }
        func row(_ name: String, _ value: String) -> String { "<tr><th>\(escape(name))</th><td>\(escape(value))</td></tr>" }
        var code = ""
        if let connection, let qr = try? QRCode(text: connection, level: .medium) {
            code = "<div class=\"qr\">\(qr.svg(moduleSize: 8))</div><p class=\"connection\">\(escape(connection))</p>"
            if let fingerprint { code += "<p class=\"fp\">TLS SHA-256<br>\(escape(fingerprint))</p>" }
        }
        var node = ""
        if let snapshot = self.node {
            let progress = String(cFormat: "%.2f %%", snapshot.verificationProgress * 100)
            node += row("height", "\(snapshot.blocks) of \(snapshot.headers) headers")
            node += row("sync", snapshot.initialBlockDownload ? "initial download, \(progress)" : "synced (\(progress))")
            if let peers = snapshot.peers { node += row("peers", "\(peers)") }
            if let active = snapshot.assumeUTXOBackgroundValidation {
                node += row("assumeUTXO", active ? "snapshot in use; history validated to \(snapshot.backgroundHeight.map(String.init) ?? "?")" : "not in use")
            }
            if let uptime = snapshot.uptimeSeconds { node += row("node uptime", Self.duration(uptime)) }
        } else {
            node += row("node", nodeProblem ?? "none (serving block files)")
        }
        var index = row("height", "\(indexHeight)")
        if let lag { index += row("behind the node", "\(lag) blocks") }
        if let mempoolTransactions { index += row("mempool", "\(mempoolTransactions) transactions") }
        var server = listeners.map { row($0.transport.rawValue, $0.description) }.joined()
        if let connections { server += row("connected", "\(connections)") }
        server += row("paired devices", devices.isEmpty ? "none" : devices.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", "))
        if let uptime = uptimeSeconds { server += row("uptime", Self.duration(uptime)) }
        let reachable = offers.filter { !$0.loopbackOnly }.map(\.description)
        if !reachable.isEmpty { server += row("LAN", reachable.joined(separator: ", ")) }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="\(refreshSeconds)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>sov · \(escape(network.rawValue)) · \(indexHeight)</title>
            <style>
            body{font:16px/1.4 system-ui,sans-serif;margin:0;padding:24px;background:#f4f4f2;color:#111}
            h1{font-size:22px;margin:0 0 16px} h2{font-size:15px;text-transform:uppercase;letter-spacing:.05em;color:#555;margin:0 0 8px}
            .grid{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start} section{background:#fff;border-radius:8px;padding:16px;min-width:260px}
            .qr svg{width:296px;height:296px;display:block} .connection{font:18px ui-monospace,monospace;margin:8px 0 0}
            .fp{font:11px ui-monospace,monospace;color:#555;word-break:break-all;max-width:296px}
            th{text-align:left;font-weight:normal;color:#555;padding:2px 16px 2px 0;vertical-align:top} td{font-variant-numeric:tabular-nums}
            </style></head><body>
            <h1>sov · \(escape(network.rawValue)) · height <span id="height">\(indexHeight)</span></h1>
            <div class="grid">
            <section><h2>Connect a wallet</h2>\(code.isEmpty ? "<p>no listener to offer</p>" : code)</section>
            <section><h2>Node</h2><table>\(node)</table></section>
            <section><h2>Index</h2><table>\(index)</table></section>
            <section><h2>Server</h2><table>\(server)</table></section>
            </div>
            <p style="color:#777;font-size:12px">\(escape(software)) · refreshed every \(refreshSeconds) s</p>
            </body></html>

            """
    }

    static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 { return "\(seconds / 60) min" }
        if seconds < 86_400 { return "\(seconds / 3600) h \(seconds % 3600 / 60) min" }
        return "\(seconds / 86_400) d \(seconds % 86_400 / 3600) h"
    }
}
