import Testing
@testable import SovServer

/// CIDR ranges for `auth.allow_ips` and the credential store's IP entries.
@Suite struct IPNetworkTests {
    private func network(_ text: String) throws -> IPNetwork { try IPNetwork(parsing: text) }

    @Test func addresses() {
        #expect(IPAddress("192.0.2.1")?.bytes == [192, 0, 2, 1])
        #expect(IPAddress("::1")?.bytes == [UInt8](repeating: 0, count: 15) + [1])
        #expect(IPAddress("[2001:db8::1]")?.description == "2001:db8::1")
        #expect(IPAddress("::ffff:10.1.2.3")?.unmapped == IPAddress("10.1.2.3"))
        #expect(IPAddress("2001:DB8:0:0:0:0:0:1")?.description == "2001:db8::1")
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "fe80::1%eth0", "::g", "1:2:3:4:5:6:7:8:9", "localhost", "1.2.3.4/8"] {
            #expect(IPAddress(bad) == nil, "\(bad)")
        }
        #expect(IPAddress("127.1.2.3")?.isLoopback == true)
        #expect(IPAddress("::1")?.isLoopback == true)
        #expect(IPAddress("::ffff:127.0.0.1")?.isLoopback == true)
        #expect(IPAddress("::2")?.isLoopback == false)
        #expect(IPAddress("128.0.0.1")?.isLoopback == false)
        #expect(IPAddress("::")?.isLoopback == false)
    }

    @Test func zeroPrefixMatchesTheWholeFamily() throws {
        let v4 = try network("0.0.0.0/0")
        #expect(v4.contains("1.2.3.4") && v4.contains("255.255.255.255") && v4.contains("0.0.0.0"))
        #expect(v4.contains("::ffff:8.8.8.8"))
        #expect(!v4.contains("2001:db8::1"))
        let v6 = try network("::/0")
        #expect(v6.contains("2001:db8::1") && v6.contains("::1") && v6.contains("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))
        // IPv4 peers, even when a dual-stack socket reports them IPv4-mapped, are IPv4 and not in ::/0.
        #expect(!v6.contains("8.8.8.8"))
        #expect(!v6.contains("::ffff:8.8.8.8"))
        // Host bits in a /0 are cleared.
        #expect(try network("10.1.2.3/0").description == "0.0.0.0/0")
    }

    @Test func fullPrefixMatchesOneAddress() throws {
        let one = try network("192.0.2.7/32")
        #expect(one.contains("192.0.2.7"))
        #expect(!one.contains("192.0.2.6") && !one.contains("192.0.2.8"))
        #expect(try network("192.0.2.7") == one)
        let six = try network("2001:db8::7/128")
        #expect(six.contains("2001:db8::7") && six.contains("2001:DB8:0::7"))
        #expect(!six.contains("2001:db8::6") && !six.contains("2001:db8::7:0"))
        #expect(try network("2001:db8::7") == six)
    }

    @Test func prefixesNotOnByteBoundaries() throws {
        let range = try network("192.168.1.0/23")
        #expect(range.description == "192.168.0.0/23")
        #expect(range.contains("192.168.0.0") && range.contains("192.168.0.255") && range.contains("192.168.1.255"))
        #expect(!range.contains("192.168.2.0") && !range.contains("192.167.255.255"))
        let seven = try network("10.200.0.0/7")
        #expect(seven.description == "10.0.0.0/7")
        #expect(seven.contains("11.255.255.255") && !seven.contains("12.0.0.0") && !seven.contains("9.255.255.255"))
        let v6 = try network("2001:db8:abcd:12::/63")
        #expect(v6.contains("2001:db8:abcd:13:ffff::1") && !v6.contains("2001:db8:abcd:14::"))
        #expect(try network("2001:db8::1/33").description == "2001:db8::/33")
    }

    @Test func ipv4MappedRangesAndPeers() throws {
        // A mapped range of /96 or more is the IPv4 range it carries.
        let mapped = try network("::ffff:192.168.0.0/112")
        #expect(mapped.description == "192.168.0.0/16")
        #expect(mapped.contains("192.168.44.1") && mapped.contains("::ffff:192.168.44.1"))
        #expect(try network("::ffff:10.0.0.1") == network("10.0.0.1/32"))
        // An IPv4 range matches the mapped form a dual-stack socket reports.
        let v4 = try network("10.0.0.0/8")
        #expect(v4.contains("::ffff:10.9.8.7") && v4.contains("::FFFF:a00:1"))
        #expect(!v4.contains("::ffff:11.0.0.1"))
        // A shorter mapped prefix stays IPv6.
        #expect(try network("::ffff:0:0/80").address.family == .v6)
        #expect(!v4.contains("not an address"))
    }

    @Test func invalidRanges() {
        let bad: [(String, String)] = [
            ("10.0.0.0/33", "from 0 to 32"), ("::/129", "from 0 to 128"), ("10.0.0.0/", "prefix length"),
            ("10.0.0.0/-1", "prefix length"), ("10.0.0.0/8/8", "prefix length"), ("10.0.0.0/ 8", "prefix length"),
            ("10.0.0/8", "not an IP address"), ("fe80::1%eth0/64", "not an IP address"), ("example.org/24", "not an IP address"),
            ("", "not an IP address"),
        ]
        for (text, words) in bad {
            do {
                let parsed = try IPNetwork(parsing: text)
                Issue.record("accepted \(text) as \(parsed)")
            } catch {
                #expect(error.reason.contains(words), "\(text): \(error)")
            }
        }
    }
}
