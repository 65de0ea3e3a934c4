import Foundation
import SovElectrumClient
import SovJSON

/// What one load run measured.
struct LoadReport {
    var clients: Int
    var seconds: Double
    /// Requests answered that were sent inside the measured window.
    var requests: Int
    /// Requests answered with an error, or that failed, in the window.
    var errors: Int
    var firstError: String?
    /// Latency of every answered request in the window, nanoseconds, sorted.
    var latencies: [UInt64]
    /// The same by method, each sorted.
    var latenciesByMethod: [String: [UInt64]] = [:]
    var connectSeconds: Double
    /// The server's memory (MB): before the clients connected, with all of them connected (before the load),
    /// the highest sample during the load, and with all still connected after it.
    var residentIdle: Double?
    var residentConnected: Double?
    var residentMaximum: Double?
    var residentAfter: Double?
    var peakResident: Double?
    /// Processor seconds in the window: the server's, and the load generator's (this process).
    var serverProcessor: Double?
    var clientProcessor: Double

    var requestsPerSecond: Double { Double(requests) / seconds }

    /// The latency at quantile `q` (0…1), milliseconds: of every request, or of those calling `method`.
    func latency(_ q: Double, method: String? = nil) -> Double {
        Self.quantile(q, of: method.map { latenciesByMethod[$0] ?? [] } ?? latencies)
    }

    /// The value at quantile `q` (0…1) of `sorted` nanoseconds, in milliseconds; NaN when empty.
    static func quantile(_ q: Double, of sorted: [UInt64]) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let i = min(sorted.count - 1, max(0, Int((Double(sorted.count) * q).rounded(.up)) - 1))
        return Double(sorted[i]) / 1e6
    }
}

/// Closed-loop Electrum clients: each opens its own TCP connection (`ElectrumClient`), says `server.version`,
/// then keeps exactly one request outstanding — `blockchain.scripthash.get_history`, `get_balance` or
/// `subscribe` of a random script hash, one third each (or the calls of `methods`, in equal shares), a client
/// subscribing to each script hash at most once (a repeat becomes one of the others) — for a warm-up, then for
/// the measured window.
struct ElectrumLoad {
    var port: Int
    var clients: Int
    var seconds: Double
    var warmupSeconds: Double
    var scripthashes: [String]
    var seed: UInt64 = 1
    /// Reads the server's memory (resident, peak), MB.
    var memory: @Sendable () -> (resident: Double, peak: Double)?
    var serverProcessor: @Sendable () -> Double?
    /// The calls asked, in equal shares; `subscribe`, when there, must come last.
    var methods: [String] = ElectrumLoad.methods

    static let methods = ["blockchain.scripthash.get_history", "blockchain.scripthash.get_balance", "blockchain.scripthash.subscribe"]
    static let subscribe = "blockchain.scripthash.subscribe"
    /// Calls that take no script hash.
    static let withoutParameters: Set<String> = ["server.ping", "server.features", "blockchain.headers.subscribe"]

    /// Connections opened at once (the server's listen backlog is 256).
    static let connectWave = 64

    func run() async throws -> LoadReport {
        let address = ElectrumServerAddress(host: "127.0.0.1", port: port, transport: .tcp)
        let idle = memory()?.resident
        var start = DispatchTime.now().uptimeNanoseconds
        let connected = try await connectAll(address)
        let connectSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let residentConnected = memory()?.resident

        let params: [[JSONValue]] = scripthashes.map { [.string($0)] }
        start = DispatchTime.now().uptimeNanoseconds
        let measureFrom = start + UInt64(warmupSeconds * 1e9)
        let deadline = measureFrom + UInt64(seconds * 1e9)
        let memory = memory, serverProcessor = serverProcessor, methods = methods
        let sampler = Task { () -> (Double?, Double?, Double?) in
            var highest: Double?
            var processorAtStart: Double?
            while DispatchTime.now().uptimeNanoseconds < deadline {
                if processorAtStart == nil && DispatchTime.now().uptimeNanoseconds >= measureFrom {
                    processorAtStart = serverProcessor()
                }
                if let m = memory() { highest = max(highest ?? 0, m.resident) }
                try? await Task.sleep(nanoseconds: 100_000_000)
            }
            return (highest, processorAtStart, serverProcessor())
        }
        let clientProcessorStart = processorSeconds()
        var clientProcessorAtMeasure = clientProcessorStart
        let outcomes = try await withThrowingTaskGroup(of: ClientOutcome.self) { group in
            for (i, client) in connected.enumerated() {
                let seed = seed &* 1_000_003 &+ UInt64(i)
                group.addTask { await Self.drive(client, methods: methods, params: params, seed: seed, measureFrom: measureFrom, deadline: deadline) }
            }
            // The load generator's processor time, from the start of the window.
            let wait = measureFrom > DispatchTime.now().uptimeNanoseconds ? measureFrom - DispatchTime.now().uptimeNanoseconds : 0
            try? await Task.sleep(nanoseconds: wait)
            clientProcessorAtMeasure = processorSeconds()
            var all: [ClientOutcome] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        let clientProcessor = processorSeconds() - clientProcessorAtMeasure
        let (highest, serverStart, serverEnd) = await sampler.value
        let after = memory()
        await withTaskGroup(of: Void.self) { group in
            for client in connected { group.addTask { await client.close() } }
        }

        var latencies: [UInt64] = []
        latencies.reserveCapacity(outcomes.reduce(0) { $0 + $1.latencies.count })
        var byMethod: [String: [UInt64]] = [:]
        for o in outcomes {
            latencies.append(contentsOf: o.latencies)
            for (latency, method) in zip(o.latencies, o.methods) { byMethod[methods[Int(method)], default: []].append(latency) }
        }
        latencies.sort()
        for key in byMethod.keys { byMethod[key]!.sort() }
        return LoadReport(
            clients: clients, seconds: seconds, requests: latencies.count + outcomes.reduce(0) { $0 + $1.errors },
            errors: outcomes.reduce(0) { $0 + $1.errors }, firstError: outcomes.lazy.compactMap(\.firstError).first,
            latencies: latencies, latenciesByMethod: byMethod, connectSeconds: connectSeconds, residentIdle: idle, residentConnected: residentConnected,
            residentMaximum: [highest, after?.resident].compactMap { $0 }.max(), residentAfter: after?.resident, peakResident: after?.peak,
            serverProcessor: serverStart.flatMap { s in serverEnd.map { $0 - s } }, clientProcessor: clientProcessor)
    }

    /// Opens every connection, `connectWave` at a time, each saying `server.version` first.
    private func connectAll(_ address: ElectrumServerAddress) async throws -> [ElectrumClient] {
        var connected: [ElectrumClient] = []
        connected.reserveCapacity(clients)
        var next = 0
        while next < clients {
            let wave = min(Self.connectWave, clients - next)
            next += wave
            let opened = try await withThrowingTaskGroup(of: ElectrumClient.self) { group in
                for _ in 0..<wave {
                    group.addTask {
                        let client = try await ElectrumClient.connect(to: address, timeout: .seconds(30), callTimeout: .seconds(60))
                        _ = try await client.call("server.version", [.string("sov-bench"), .string("1.4")])
                        return client
                    }
                }
                var opened: [ElectrumClient] = []
                for try await client in group { opened.append(client) }
                return opened
            }
            connected.append(contentsOf: opened)
        }
        return connected
    }

    struct ClientOutcome: Sendable {
        var latencies: [UInt64]
        /// The index in `methods` of each latency's call.
        var methods: [UInt8] = []
        var errors: Int
        var firstError: String?
    }

    /// One client's closed loop.
    private static func drive(_ client: ElectrumClient, methods: [String], params: [[JSONValue]], seed: UInt64, measureFrom: UInt64,
                              deadline: UInt64) async -> ClientOutcome {
        var random = SeededRandom(seed: seed)
        var subscribed = Set<Int>()
        var outcome = ClientOutcome(latencies: [], errors: 0, firstError: nil)
        outcome.latencies.reserveCapacity(4096)
        while true {
            let sent = DispatchTime.now().uptimeNanoseconds
            if sent >= deadline { break }
            let k = random.below(params.count)
            var method = random.below(methods.count)
            if methods[method] == subscribe && !subscribed.insert(k).inserted { method = random.below(methods.count - 1) }
            do {
                _ = try await client.call(methods[method], withoutParameters.contains(methods[method]) ? [] : params[k])
                if sent >= measureFrom {
                    outcome.latencies.append(DispatchTime.now().uptimeNanoseconds - sent)
                    outcome.methods.append(UInt8(method))
                }
            } catch {
                if sent >= measureFrom { outcome.errors += 1 }
                if outcome.firstError == nil { outcome.firstError = "\(methods[method]): \(error)" }
                if case ElectrumClientError.server = error { continue }
                break
            }
        }
        return outcome
    }
}
