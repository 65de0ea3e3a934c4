import FoundationEssentials
import SovPrimitives

/// Servers announced on the local network (`_sov._tcp` and `_electrum._tcp`), found through Avahi's
/// `avahi-browse` (resolved, parsable output, one dump).
public enum LANDiscovery {
    /// One announced service, resolved to an address.
    public struct Found: Sendable, Equatable {
        public var name: String
        public var type: String
        public var interface: String
        public var host: String
        public var address: String
        public var port: Int
        public var txt: [String: String]

        /// The legacy connection string: `:s` when the announced port is the TLS one (TXT `s=`), else `:t`.
        public var connection: String {
            let host = address.contains(":") ? "[\(address)]" : address
            return "\(host):\(port):\(txt["s"].flatMap(Int.init) == port ? "s" : "t")"
        }
    }

    /// Browses both types (each `avahi-browse` waits for the network's answers, then exits).
    public static func browse(timeout: Double = 5) throws(AvahiError) -> [Found] {
        guard let browse = LANAdvertisement.executable("avahi-browse") else { throw .missing(tool: "avahi-browse") }
        var found: [Found] = []
        for type in [LANAdvertisement.sovType, LANAdvertisement.electrumType] {
            let outcome: ChildProcess.Outcome
            do {
                outcome = try ChildProcess.run(browse, ["--resolve", "--parsable", "--terminate", "--no-db-lookup", type], timeout: timeout)
            } catch { throw .failed("avahi-browse: \(error) (is avahi-daemon running?)") }
            let data = outcome.output
            if outcome.status != 0 && data.isEmpty {
                let message = String(decoding: outcome.error, as: UTF8.self)
                throw .failed("avahi-browse: \(message.split(separator: "\n").first.map(String.init) ?? "exit \(outcome.status)") (is avahi-daemon running?)")
            }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                if let entry = parse(String(line)), !found.contains(entry) { found.append(entry) }
            }
        }
        return found
    }

    /// A resolved line: `=;IFACE;PROTO;NAME;TYPE;DOMAIN;HOST;ADDRESS;PORT;"k=v" "k=v"`.
    static func parse(_ line: String) -> Found? {
        let fields = line.split(separator: ";", maxSplits: 9, omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 9, fields[0] == "=", let port = Int(fields[8]) else { return nil }
        var txt: [String: String] = [:]
        if fields.count == 10 {
            for item in fields[9].split(separator: "\" \"") {
                let text = item.trimming(where: { $0 == "\"" })
                guard let equals = text.firstIndex(of: "=") else { continue }
                txt[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
        }
        return Found(name: unescape(fields[3]), type: fields[4], interface: fields[1], host: fields[6], address: fields[7], port: port, txt: txt)
    }

    /// avahi-browse writes bytes outside printable ASCII and its separators as `\DDD` (decimal).
    static func unescape(_ text: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\"), utf8.count >= 3, let value = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self)) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
