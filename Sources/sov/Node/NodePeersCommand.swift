import ArgumentParser
import FoundationEssentials
import SovPrimitives
import SovJSON
import SovNodeRPC

struct NodePeersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peers",
        abstract: "List the node's peers.",
        discussion: reflowed("""
            --json prints a list of objects with keys: id, address, direction ("in" or "out"), network,
            connection_type, subversion, version, synced_blocks, synced_headers, ping_ms (null before the
            first ping), bytes_sent, bytes_received, connected_since (Unix time), transport.
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var node: NodeOptions

    func run() throws {
        let client = node.client(network: try global.resolvedNetwork(), quiet: global.quiet)
        let peers: [JSONValue]
        do { peers = try client.peerInfo() } catch { throw error.report() }
        let rows = peers.map(PeerRow.init)
        if global.json {
            Output.write(JSONValue.array(rows.map(\.json)).pretty + "\n")
            return
        }
        if rows.isEmpty {
            Output.write("no peers\n")
            return
        }
        var table = TextTable(["id", "address", "dir", "type", "agent", "blocks", "ping ms", "sent", "received"])
        for r in rows {
            table.add([String(r.id), r.address, r.direction, r.connectionType, r.subversion, String(r.syncedBlocks),
                       r.pingMilliseconds.map { String(cFormat: "%.1f", $0) } ?? "-", HumanFormat.bytes(r.bytesSent), HumanFormat.bytes(r.bytesReceived)])
        }
        Output.write(table.rendered)
    }
}

/// The fields of one `getpeerinfo` entry that `sov node peers` shows.
struct PeerRow {
    var id: Int, address: String, direction: String, network: String, connectionType: String, subversion: String
    var version: Int, syncedBlocks: Int, syncedHeaders: Int, pingMilliseconds: Double?, bytesSent: Int64, bytesReceived: Int64
    var connectedSince: Int64, transport: String

    init(_ v: JSONValue) {
        id = v["id"]?.intValue ?? 0
        address = v["addr"]?.stringValue ?? ""
        direction = v["inbound"]?.boolValue == true ? "in" : "out"
        network = v["network"]?.stringValue ?? ""
        connectionType = v["connection_type"]?.stringValue ?? ""
        subversion = v["subver"]?.stringValue ?? ""
        version = v["version"]?.intValue ?? 0
        syncedBlocks = v["synced_blocks"]?.intValue ?? -1
        syncedHeaders = v["synced_headers"]?.intValue ?? -1
        pingMilliseconds = v["pingtime"]?.doubleValue.map { $0 * 1000 }
        bytesSent = v["bytessent"]?.int64Value ?? 0
        bytesReceived = v["bytesrecv"]?.int64Value ?? 0
        connectedSince = v["conntime"]?.int64Value ?? 0
        transport = v["transport_protocol_type"]?.stringValue ?? ""
    }

    var json: JSONValue {
        .object(JSONObject([
            ("id", .int(id)), ("address", .string(address)), ("direction", .string(direction)), ("network", .string(network)),
            ("connection_type", .string(connectionType)), ("subversion", .string(subversion)), ("version", .int(version)),
            ("synced_blocks", .int(syncedBlocks)), ("synced_headers", .int(syncedHeaders)),
            ("ping_ms", pingMilliseconds.map { .number(String(cFormat: "%.3f", $0)) } ?? .null),
            ("bytes_sent", .int(bytesSent)), ("bytes_received", .int(bytesReceived)),
            ("connected_since", .int(connectedSince)), ("transport", .string(transport)),
        ]))
    }
}

/// A plain text table with left-aligned columns sized to their widest cell.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    var rendered: String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0.indices.contains(i) ? $0[i].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.fixedWidth(widths[i]) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
