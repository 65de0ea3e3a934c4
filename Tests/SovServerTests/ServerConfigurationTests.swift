import Foundation
import SovPrimitives
@testable import SovServer
import SovTOML
import Testing

/// `sov serve`'s settings: defaults, the file < environment < flag merge, errors, `--print-config`.
@Suite struct ServerConfigurationTests {
    private let scratch = ScratchFolder("sov-config")

    /// A fresh temporary folder used as HOME and for files.
    private func temporaryFolder() throws -> String { try scratch.folder() }

    private func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Loads expecting failure; returns the message.
    private func failure(file: String? = nil, environment: [String: String], overrides: ServerConfigurationOverrides = .init()) -> String {
        do {
            let configuration = try ServerConfiguration.load(file: file, environment: environment, overrides: overrides)
            Issue.record("loaded a configuration that should be refused: \(configuration.rendered())")
            return ""
        } catch {
            return error.message
        }
    }

    @Test func defaults() throws {
        let home = try temporaryFolder()
        let c = try ServerConfiguration.load(file: nil, environment: ["HOME": home], overrides: .init())
        #expect(c.network == .main)
        #expect(c.dataDirectory == home + "/.sov/main")
        #expect(c.tcp == [ListenAddress(host: "127.0.0.1", port: 50001)])
        #expect(c.tls == [ListenAddress(host: "127.0.0.1", port: 50002)] && c.ws.isEmpty && c.wss.isEmpty && c.metrics == nil)
        #expect(c.tlsCertificatePath == nil && c.tlsKeyPath == nil)
        #expect(c.authRequiredForRemote == true && c.authAllowIPs.isEmpty)
        #expect(c.file == nil)
        #expect(c.serveDirectory == home + "/.sov/main/serve")
        let l = c.limits
        let actual: [Int] = [l.maxConnections, l.maxConnectionsPerIP, l.maxSubscriptionsPerConnection, l.maxSubscriptionsPerIP, l.maxRequestBytes,
                 l.maxBatch, l.historyLimit, Int(l.idleTimeoutSeconds), Int(l.handshakeTimeoutSeconds), Int(l.requestTimeoutSeconds),
                 l.sendBufferBytes, Int(l.slowReaderTimeoutSeconds), l.outputBytesPerIP, l.outputBytesTotal]
        let expected: [Int] = [1000, 50, 20000, 50000, 1_000_000, 200, 100_000, 600, 30, 30, 1 << 20, 30, 64 << 20, 192 << 20]
        // The owner's clients are not slowed by the cost budget; anonymous ones are.
        for (c, budget, concurrent) in [(ClientClass.trusted, false, 32), (.public, true, 4)] {
            let k = l[c]
            let got: [Int] = [k.costBudget ? 1 : 0, Int(k.costSoftLimit), Int(k.costHardLimit), Int(k.costDecayPerSecond),
                              Int(k.requestSleepMilliseconds), k.concurrentRequests]
            let want: [Int] = [budget ? 1 : 0, 1000, 10000, 50, 100, concurrent]
            #expect(got == want, "\(c)")
        }
        #expect(actual == expected)
        #expect(ServerConfiguration.settingNames.allSatisfy { c.source(of: $0) == .defaultValue })
    }

    @Test func defaultPortFollowsTheNetwork() throws {
        let home = try temporaryFolder()
        let expected: [(Network, Int)] = [(.main, 50001), (.test, 60001), (.regtest, 60401), (.signet, 60601)]
        for (network, port) in expected {
            var flags = ServerConfigurationOverrides()
            flags.network = network
            let c = try ServerConfiguration.load(file: nil, environment: ["HOME": home], overrides: flags)
            #expect(c.tcp == [ListenAddress(host: "127.0.0.1", port: port)], "\(network)")
            #expect(c.dataDirectory == home + "/.sov/" + network.rawValue)
        }
        let fromEnvironment = try ServerConfiguration.load(file: nil, environment: ["HOME": home, "SOV_NETWORK": "regtest"], overrides: .init())
        #expect(fromEnvironment.tcp.first?.port == 60401)
        #expect(fromEnvironment.source(of: "network") == .environment("SOV_NETWORK"))
    }

    @Test func laterLayersWin() throws {
        let home = try temporaryFolder()
        let file = home + "/custom.toml"
        try write("""
        # sov serve settings
        banner = "from the file"
        network = "signet"

        [listen]
        tcp = ["127.0.0.1:1111"]
        ws = ["127.0.0.1:2222"]
        metrics = "127.0.0.1:9100"

        [limits]
        max_batch = 50
        max_connections = 10

        [limits.public]
        cost_soft_limit = 300
        concurrent_requests = 2

        [limits.trusted]
        cost_budget = true
        """, to: file)
        let environment = ["HOME": home, "SOV_TCP": "0.0.0.0:3333, [::]:3333", "SOV_MAX_BATCH": "60", "SOV_AUTH_ALLOW_IPS": "10.0.0.0/8,2001:db8::/32"]
        var flags = ServerConfigurationOverrides()
        flags.tcp = ["127.0.0.1:4444"]
        flags.settings = ["limits.max_connections": "20"]
        let c = try ServerConfiguration.load(file: file, environment: environment, overrides: flags)

        #expect(c.file == file)
        #expect(c.network == .signet)
        #expect(c.dataDirectory == home + "/.sov/signet")
        #expect(c.banner == "from the file")
        #expect(c.tcp == [ListenAddress(host: "127.0.0.1", port: 4444)])
        #expect(c.ws == [ListenAddress(host: "127.0.0.1", port: 2222)])
        #expect(c.metrics == ListenAddress(host: "127.0.0.1", port: 9100))
        #expect(c.limits.maxBatch == 60)
        #expect(c.limits.maxConnections == 20)
        #expect(c.authAllowIPs.map(\.description) == ["10.0.0.0/8", "2001:db8::/32"])
        // Tables within [limits]: each client class its own.
        #expect(c.limits.public.costSoftLimit == 300 && c.limits.public.concurrentRequests == 2 && c.limits.public.costBudget)
        #expect(c.limits.trusted.costBudget && c.limits.trusted.costSoftLimit == 1000 && c.limits.trusted.concurrentRequests == 32)
        #expect(c.source(of: "limits.public.concurrent_requests") == .file(path: file, location: TOMLLocation(line: 16, column: 1)))

        #expect(c.source(of: "listen.tcp") == .flag("--tcp"))
        #expect(c.source(of: "limits.max_connections") == .flag("--set limits.max_connections"))
        #expect(c.source(of: "limits.max_batch") == .environment("SOV_MAX_BATCH"))
        #expect(c.source(of: "listen.ws") == .file(path: file, location: TOMLLocation(line: 7, column: 1)))
        #expect(c.source(of: "banner") == .file(path: file, location: TOMLLocation(line: 2, column: 1)))
        #expect(c.source(of: "listen.tls") == .defaultValue)

        // Without the flag, the environment's list wins over the file's.
        let withoutFlags = try ServerConfiguration.load(file: file, environment: environment, overrides: .init())
        #expect(withoutFlags.tcp == [ListenAddress(host: "0.0.0.0", port: 3333), ListenAddress(host: "::", port: 3333)])
        #expect(withoutFlags.limits.maxConnections == 10)
    }

    @Test func defaultFileIsReadFromTheDataDirectory() throws {
        let home = try temporaryFolder()
        try write("[limits]\nmax_batch = 7\n", to: home + "/.sov/regtest/sov.toml")
        var flags = ServerConfigurationOverrides()
        flags.network = .regtest
        let c = try ServerConfiguration.load(file: nil, environment: ["HOME": home], overrides: flags)
        #expect(c.file == home + "/.sov/regtest/sov.toml")
        #expect(c.limits.maxBatch == 7)

        let elsewhere = home + "/elsewhere"
        try write("banner = \"hi\"\n", to: elsewhere + "/sov.toml")
        let viaEnvironment = try ServerConfiguration.load(file: nil, environment: ["HOME": home, "SOV_DATA_DIR": elsewhere], overrides: .init())
        #expect(viaEnvironment.banner == "hi")
        #expect(viaEnvironment.dataDirectory == elsewhere)
        #expect(viaEnvironment.limits.maxBatch == 200)
    }

    @Test func pathsInTheFile() throws {
        let home = try temporaryFolder()
        let file = home + "/conf/sov.toml"
        try write("data_dir = \"~/data\"\n[tls]\ncert = \"certs/server.pem\"\nkey = \"/abs/key.pem\"\n", to: file)
        let c = try ServerConfiguration.load(file: file, environment: ["HOME": home], overrides: .init())
        #expect(c.dataDirectory == home + "/data")
        #expect(c.tlsCertificatePath == home + "/conf/certs/server.pem")
        #expect(c.tlsKeyPath == "/abs/key.pem")
        #expect(c.tlsDirectory == home + "/data/serve/tls")
    }

    @Test func errorsNameTheSettingAndWhere() throws {
        let home = try temporaryFolder()
        let file = home + "/sov.toml"
        let environment = ["HOME": home]

        try write("banner = \"x\"\n[limits]\nmax_conections = 5\n", to: file)
        #expect(failure(file: file, environment: environment) == "\(file):3:1: unknown setting limits.max_conections (did you mean limits.max_connections?)")

        try write("colour = 1\n", to: file)
        #expect(failure(file: file, environment: environment) == "\(file):1:1: unknown setting colour")

        try write("[limits]\nmax_batch = \"many\"\n", to: file)
        #expect(failure(file: file, environment: environment) == "\(file):2:1: limits.max_batch: expected an integer of at least 1, found a string")

        try write("[limits]\nmax_batch = 0\n", to: file)
        #expect(failure(file: file, environment: environment) == "\(file):2:1: limits.max_batch: 0 is out of range: expected an integer of at least 1")

        try write("[listen]\ntcp = \"127.0.0.1:1\"\n", to: file)
        #expect(failure(file: file, environment: environment) == "\(file):2:1: listen.tcp: expected an array of \"HOST:PORT\" strings, found a string")

        try write("[listen]\n\n  tcp = [\"127.0.0.1\"]\n", to: file)
        #expect(failure(file: file, environment: environment) == "\(file):3:3: listen.tcp: \"127.0.0.1\": missing port (expected HOST:PORT, such as 127.0.0.1:50001)")

        try write("[auth]\nallow_ips = [\"10.0.0.0/33\"]\n", to: file)
        #expect(failure(file: file, environment: environment) == "\(file):2:1: auth.allow_ips: \"10.0.0.0/33\": the prefix length must be a number from 0 to 32")

        try write("listen = [1]\n", to: file)
        #expect(failure(file: file, environment: environment) == "\(file):1:1: listen must be a table ([listen]), found an array")

        try write("network = \"mainnet\"\n", to: file)
        #expect(failure(file: file, environment: environment).hasPrefix("\(file):1:1: network: \"mainnet\" is not a network"))

        try write("[limits]\nmax_batch = 5\nmax_batch = 6\n", to: file)
        #expect(failure(file: file, environment: environment) == "\(file):3:1: duplicate key limits.max_batch (first defined at 2:1)")

        #expect(failure(file: home + "/missing.toml", environment: environment) == "\(home)/missing.toml: no such configuration file")

        #expect(failure(environment: ["HOME": home, "SOV_TCP": "127.0.0.1:50001,::1:50001"])
                == "SOV_TCP: \"::1:50001\": an IPv6 address must be in brackets, as in [::1]:50001")
        #expect(failure(environment: ["HOME": home, "SOV_AUTH_REQUIRED_FOR_REMOTE": "maybe"])
                == "SOV_AUTH_REQUIRED_FOR_REMOTE: \"maybe\" is not a boolean: expected true or false")

        var flags = ServerConfigurationOverrides()
        flags.wss = ["127.0.0.1:70000"]
        #expect(failure(environment: environment, overrides: flags) == "--wss: \"127.0.0.1:70000\": the port must be a number from 0 to 65535")

        flags = ServerConfigurationOverrides()
        flags.settings = ["limits.max_bach": "3"]
        #expect(failure(environment: environment, overrides: flags) == "--set limits.max_bach: unknown setting limits.max_bach (did you mean limits.max_batch?)")
    }

    @Test func settingsAreCheckedTogether() throws {
        let home = try temporaryFolder()
        var flags = ServerConfigurationOverrides()
        flags.tlsCertificate = "/x/cert.pem"
        #expect(failure(environment: ["HOME": home], overrides: flags).hasPrefix("tls.cert (flag --tls-cert) needs tls.key too"))

        #expect(failure(environment: ["HOME": home, "SOV_PUBLIC_COST_SOFT_LIMIT": "20000"])
                == "limits.public.cost_soft_limit 20000 (env SOV_PUBLIC_COST_SOFT_LIMIT) is above limits.public.cost_hard_limit 10000 (default)")

        #expect(failure(environment: ["HOME": home, "SOV_WS": "127.0.0.1:50001"])
                == "listen.ws (env SOV_WS): 127.0.0.1:50001 is already used by listen.tcp (default)")
        // Port 0 (any free port) may repeat.
        let ephemeral = try ServerConfiguration.load(file: nil, environment: ["HOME": home, "SOV_TCP": "127.0.0.1:0", "SOV_WS": "127.0.0.1:0"], overrides: .init())
        #expect(ephemeral.ws == [ListenAddress(host: "127.0.0.1", port: 0)])
    }

    @Test func emptyEnvironmentVariablesAreUnset() throws {
        let home = try temporaryFolder()
        let c = try ServerConfiguration.load(file: nil, environment: ["HOME": home, "SOV_TCP": "", "SOV_NETWORK": ""], overrides: .init())
        #expect(c.tcp.first?.port == 50001)
        var flags = ServerConfigurationOverrides()
        flags.metrics = ""
        flags.tcp = []
        let off = try ServerConfiguration.load(file: nil, environment: ["HOME": home, "SOV_METRICS": "127.0.0.1:9100"], overrides: flags)
        #expect(off.metrics == nil)
        #expect(off.tcp.isEmpty)
    }

    @Test func printConfigNamesSourcesAndLoadsBack() throws {
        let home = try temporaryFolder()
        let file = home + "/sov.toml"
        try write("donation_address = \"bc1qexample\"\n[limits]\nmax_batch = 50\n[tls]\nhostnames = [\"electrum.example.org\", \"192.0.2.7\"]\n", to: file)
        var flags = ServerConfigurationOverrides()
        flags.wss = ["[::1]:50004"]
        flags.banner = "Tab\there \"quoted\" \\ and é"
        let c = try ServerConfiguration.load(file: file, environment: ["HOME": home, "SOV_TCP": "0.0.0.0:50001", "SOV_AUTH_ALLOW_IPS": "192.168.0.0/16"], overrides: flags)
        let text = c.rendered()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("tcp = [\"0.0.0.0:50001\"]  # env SOV_TCP"))
        #expect(lines.contains("wss = [\"[::1]:50004\"]  # flag --wss"))
        #expect(lines.contains("max_batch = 50  # file \(file):3"))
        #expect(lines.contains("max_connections = 1000  # default"))
        #expect(lines.contains("metrics = \"\"  # default (unset: no metrics listener)"))
        #expect(lines.contains("cert = \"\"  # default (unset: generated in <data_dir>/serve/tls on first start)"))
        #expect(lines.contains("allow_ips = [\"192.168.0.0/16\"]  # env SOV_AUTH_ALLOW_IPS"))
        #expect(lines.contains("network = \"main\"  # default"))
        #expect(lines.contains("[limits]") && lines.contains("[listen]") && lines.contains("[tls]") && lines.contains("[auth]"))
        #expect(lines.contains("[limits.trusted]") && lines.contains("[limits.public]"))
        #expect(lines.contains("cost_budget = false  # default") && lines.contains("cost_budget = true  # default"))
        #expect(lines.contains("# configuration file: \(file)"))

        // The text is TOML that gives back the same settings, every one now from the file.
        let printed = home + "/printed.toml"
        try write(text, to: printed)
        let reloaded = try ServerConfiguration.load(file: printed, environment: ["HOME": home], overrides: .init())
        #expect(reloaded == c)
        #expect(reloaded.banner == "Tab\there \"quoted\" \\ and é")
        #expect(reloaded.tlsHostnames == ["electrum.example.org", "192.0.2.7"])
        #expect(ServerConfiguration.settingNames.allSatisfy {
            if case .file(let path, _) = reloaded.source(of: $0) { return path == printed }
            return false
        })
    }

    @Test func everySettingHasItsEnvironmentVariable() throws {
        let variables = ServerConfiguration.environmentVariables
        #expect(variables["listen.tcp"] == "SOV_TCP")
        #expect(variables["listen.tls"] == "SOV_TLS")
        #expect(variables["listen.ws"] == "SOV_WS")
        #expect(variables["listen.wss"] == "SOV_WSS")
        #expect(variables["listen.metrics"] == "SOV_METRICS")
        #expect(variables["limits.public.request_sleep_ms"] == "SOV_PUBLIC_REQUEST_SLEEP_MS")
        #expect(variables["limits.trusted.cost_budget"] == "SOV_TRUSTED_COST_BUDGET")
        #expect(variables["limits.send_buffer_bytes"] == "SOV_SEND_BUFFER_BYTES")
        #expect(Set(variables.values).count == variables.count)
        #expect(variables.values.allSatisfy { $0.hasPrefix("SOV_") })
    }

    // MARK: ListenAddress

    @Test func listenAddresses() throws {
        let valid: [(String, String, Int, Bool)] = [
            ("127.0.0.1:50001", "127.0.0.1", 50001, true),
            ("127.8.9.10:1", "127.8.9.10", 1, true),
            ("[::1]:50001", "::1", 50001, true),
            ("localhost:50002", "localhost", 50002, true),
            ("[::ffff:127.0.0.1]:7", "::ffff:127.0.0.1", 7, true),
            ("0.0.0.0:0", "0.0.0.0", 0, false),
            ("[::]:65535", "::", 65535, false),
            ("192.168.1.20:50001", "192.168.1.20", 50001, false),
            ("[2001:db8::1]:443", "2001:db8::1", 443, false),
            ("electrum.example.org:50002", "electrum.example.org", 50002, false),
        ]
        for (text, host, port, loopback) in valid {
            let address = try ListenAddress(parsing: text)
            #expect(address.host == host && address.port == port, "\(text)")
            #expect(address.isLoopback == loopback, "\(text)")
            #expect(address.description == text, "\(text)")
        }
        let invalid: [(String, String)] = [
            ("127.0.0.1", "missing port"),
            ("::1:50001", "must be in brackets"),
            ("[::1]50001", "expected ':PORT'"),
            ("[::1:50001", "missing ']'"),
            ("[127.0.0.1]:5", "is not an IPv6 address"),
            ("1.2.3.256:5", "is not an IPv4 address"),
            ("1.2.3:5", "is not an IPv4 address"),
            (":50001", "missing host"),
            ("host:65536", "from 0 to 65535"),
            ("host:-1", "from 0 to 65535"),
            ("host:", "from 0 to 65535"),
            ("bad_host:1", "neither an IP address nor a host name"),
            ("-bad.example:1", "neither an IP address nor a host name"),
        ]
        for (text, words) in invalid {
            #expect(throws: AddressError.self, "\(text)") { try ListenAddress(parsing: text) }
            do {
                _ = try ListenAddress(parsing: text)
            } catch {
                #expect(error.reason.contains(words), "\(text): \(error)")
            }
        }
    }
}
