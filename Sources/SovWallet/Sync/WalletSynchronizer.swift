import SovElectrum
import SovElectrumClient
import SovJSON
import SovPrimitives

/// One sync of a wallet from one Electrum server, verifying as it goes:
///
/// 1. **Headers.** The server's tip (`blockchain.headers.subscribe`); if the header at the wallet's own tip is no
///    longer the server's, the last shared height is found and everything above it rolled back. Then the
///    missing headers in chunks of 2016 (`blockchain.block.headers`), each checked by `HeaderValidator` and
///    stored chunk by chunk.
/// 2. **Scripts.** Statuses (`blockchain.scripthash.subscribe`) in batches, each keychain until `gapLimit`
///    unused scripts follow the last used one. Only scripts whose status changed have their history fetched,
///    and that history must hash to the announced status.
/// 3. **Transactions.** New ones are downloaded and must hash to their txid; each confirmed one's merkle proof
///    (`blockchain.transaction.get_merkle`) must lead to the merkle root of the validated header at its height.
///
/// Histories, statuses and transactions are written in one SQLite transaction at the end: a sync killed midway
/// leaves the wallet as it was (plus validated headers).
struct WalletSynchronizer {
    let store: WalletStore
    let keychains: WalletKeychains
    let gapLimit: Int
    /// The server's calls, and its name for messages.
    let calls: ServerCalls
    var server: String { calls.server }
    let validator: HeaderValidator
    let progress: @Sendable (SyncProgress) -> Void

    /// Calls per batch (servers cap batches; sov serve's default cap is 200).
    static let batchSize = 100
    /// Headers per `blockchain.block.headers` call (the protocol's maximum).
    static let headersPerCall = 2016

    func run() async throws(WalletError) -> SyncReport {
        try await calls.negotiate()
        var headers = try await syncHeaders()
        let scripts = try await syncScripts()
        // The chain may move on while the scripts are read: a history may then place a transaction in a block
        // above the tip read first. The headers are brought to the server's tip again before that counts as a lie.
        if scripts.changed.values.contains(where: { $0.entries.contains { $0.height > headers.tip } }) {
            let again = try await syncHeaders()
            headers = (again.tip, headers.added + again.added, again.forkedAt ?? headers.forkedAt)
        }
        let transactions = try await syncTransactions(changed: scripts.changed, tip: headers.tip)
        try store.write {
            for (scriptHash, change) in scripts.changed {
                try store.replaceHistory(of: scriptHash, status: change.status, entries: change.entries)
            }
            for transaction in transactions.verified { try store.save(transaction) }
            try store.dropUnlistedTransactions()
            try store.setMeta("last_server", server)
            try store.setMeta("last_sync", "\(Int(validator.now))")
        }
        let tipHash = try store.read { try store.header(at: headers.tip)?.hash } ?? ChainParameters.of(keychains.network).genesis
        return SyncReport(server: server, tipHeight: headers.tip, tipHash: tipHash, headersAdded: headers.added,
                          reorganizedAt: headers.forkedAt, scriptsChecked: scripts.checked, historiesFetched: scripts.changed.count,
                          transactionsFetched: transactions.fetched, proofsVerified: transactions.proofs)
    }

    // MARK: - Headers

    private func syncHeaders() async throws(WalletError) -> (tip: Int, added: Int, forkedAt: Int?) {
        let tipAnswer = try await calls.call("blockchain.headers.subscribe", [])
        guard let serverTip = tipAnswer["height"]?.intValue, serverTip >= 0 else {
            throw calls.fault(.malformedAnswer(method: "blockchain.headers.subscribe", detail: "no height"))
        }
        var ourTip = try store.read { try store.tipHeight() } ?? -1
        guard ourTip <= serverTip else { throw .serverBehind(server: server, serverHeight: serverTip, walletHeight: ourTip) }
        var forkedAt: Int?
        if ourTip >= 0 {
            let fork = try await lastSharedHeight(below: ourTip)
            if fork < ourTip {
                try store.write { try store.rollBack(above: fork) }
                forkedAt = fork
                ourTip = fork
            }
        }
        var recent: [Int: BlockHeader] = [:]
        var next = ourTip + 1
        var added = 0
        let total = serverTip - ourTip
        while next <= serverTip {
            let headers = try await fetchHeaders(from: next, count: min(Self.headersPerCall, serverTip - next + 1))
            guard !headers.isEmpty else {
                throw calls.fault(.malformedAnswer(method: "blockchain.block.headers", detail: "no headers from \(next) though the tip is \(serverTip)"))
            }
            for (offset, header) in headers.enumerated() {
                let height = next + offset
                do {
                    try validator.validate(header, height: height) { h in
                        if let cached = recent[h] { return cached }
                        return try? store.header(at: h)
                    }
                } catch { throw calls.fault(error) }
                recent[height] = header
            }
            try store.write {
                for (offset, header) in headers.enumerated() { try store.insert(header: header, height: next + offset) }
            }
            next += headers.count
            added += headers.count
            // Keep what the next chunk's checks can need: eleven for the median, 2016 for an adjustment.
            recent = recent.filter { $0.key > next - 1 - Self.headersPerCall - 11 }
            progress(.headers(done: added, total: total))
        }
        return (serverTip, added, forkedAt)
    }

    /// The highest height at or below `height` where the server's header is the wallet's.
    private func lastSharedHeight(below height: Int) async throws(WalletError) -> Int {
        let top = try await fetchHeaders(from: height, count: 1)
        if let header = top.first, try store.read({ try store.header(at: height) })?.hash == header.hash { return height }
        var windowEnd = height
        while windowEnd >= 0 {
            let start = max(0, windowEnd - Self.headersPerCall + 1)
            let headers = try await fetchHeaders(from: start, count: windowEnd - start + 1)
            for h in stride(from: min(windowEnd, start + headers.count - 1), through: start, by: -1) {
                if try store.read({ try store.header(at: h) })?.hash == headers[h - start].hash { return h }
            }
            if start == 0 { throw calls.fault(.wrongGenesis(headers.first?.hash ?? BlockHash(.zero))) }
            windowEnd = start - 1
        }
        throw calls.fault(.wrongGenesis(BlockHash(.zero)))
    }

    private func fetchHeaders(from start: Int, count: Int) async throws(WalletError) -> [BlockHeader] {
        let method = "blockchain.block.headers"
        let answer = try await calls.call(method, [.int(start), .int(count)])
        var bytes: [UInt8]
        if let hex = answer["hex"]?.stringValue, let decoded = try? Hex.decode(hex) {
            bytes = decoded
        } else if let list = answer["headers"]?.arrayValue {
            bytes = []
            for item in list {
                guard let hex = item.stringValue, let decoded = try? Hex.decode(hex) else {
                    throw calls.fault(.malformedAnswer(method: method, detail: "a header is not hex"))
                }
                bytes += decoded
            }
        } else {
            throw calls.fault(.malformedAnswer(method: method, detail: "no hex or headers"))
        }
        guard bytes.count % BlockHeader.size == 0, bytes.count / BlockHeader.size <= count,
              answer["count"]?.intValue == bytes.count / BlockHeader.size else {
            throw calls.fault(.malformedAnswer(method: method, detail: "\(bytes.count) bytes of headers for count \(answer["count"]?.compact ?? "?")"))
        }
        var headers: [BlockHeader] = []
        headers.reserveCapacity(bytes.count / BlockHeader.size)
        for offset in stride(from: 0, to: bytes.count, by: BlockHeader.size) {
            guard let header = try? BlockHeader(bytes: Array(bytes[offset..<offset + BlockHeader.size])) else {
                throw calls.fault(.malformedAnswer(method: method, detail: "unreadable header"))
            }
            headers.append(header)
        }
        return headers
    }

    // MARK: - Scripts

    struct ScriptChange {
        var status: String?
        var entries: [(txid: Txid, height: Int)]
    }

    private func syncScripts() async throws(WalletError) -> (checked: Int, changed: [ScriptHash: ScriptChange]) {
        let stored = try store.read { try store.scripts() }
        var changed: [ScriptHash: ScriptChange] = [:]
        var checked = 0, used = 0
        for keychain in Keychain.allCases where keychains.descriptor(keychain) != nil {
            var known: [Int: StoredScript] = [:]
            for script in stored where script.keychain == keychain { known[script.index] = script }
            var lastUsed = known.values.filter { $0.status != nil }.map(\.index).max() ?? -1
            var index = 0
            let ranged = keychains.isRanged
            while index <= (ranged ? lastUsed + gapLimit : 0) {
                let end = ranged ? min(index + Self.batchSize, lastUsed + gapLimit + 1) : 1
                var batch: [StoredScript] = []
                for i in index..<end {
                    if let script = known[i] { batch.append(script); continue }
                    let script = try keychains.script(keychain, index: UInt32(i))
                    let new = StoredScript(keychain: keychain, index: i, script: script, scriptHash: ScriptHash(script: script.bytes), status: nil)
                    try store.read { try store.insert(script: new) }
                    known[i] = new
                    batch.append(new)
                }
                let statuses = try await subscribe(batch.map(\.scriptHash))
                var toFetch: [(StoredScript, String?)] = []
                for (script, status) in zip(batch, statuses) {
                    if status != nil {
                        lastUsed = max(lastUsed, script.index)
                        used += 1
                    }
                    if status != script.status { toFetch.append((script, status)) }
                }
                for (script, change) in try await histories(toFetch) { changed[script] = change }
                checked += batch.count
                index = end
                progress(.scripts(checked: checked, used: used))
            }
        }
        return (checked, changed)
    }

    private func subscribe(_ scriptHashes: [ScriptHash]) async throws(WalletError) -> [String?] {
        let method = "blockchain.scripthash.subscribe"
        let answers = try await calls.batch(scriptHashes.map { (method, [JSONValue.string($0.hex)]) })
        var statuses: [String?] = []
        for answer in answers {
            let value = try calls.result(answer, method)
            if value.isNull { statuses.append(nil); continue }
            guard let status = value.stringValue, status.count == 64, (try? Hex.decode(status)) != nil else {
                throw calls.fault(.malformedAnswer(method: method, detail: "status \(value.compact)"))
            }
            statuses.append(status)
        }
        return statuses
    }

    /// The histories of `scripts`, each checked against its announced status. A status can change between
    /// the two calls when a block or transaction arrives: such scripts are asked again, twice at most.
    private func histories(_ scripts: [(StoredScript, String?)]) async throws(WalletError) -> [ScriptHash: ScriptChange] {
        let method = "blockchain.scripthash.get_history"
        var result: [ScriptHash: ScriptChange] = [:]
        var pending = scripts
        var attempt = 0
        while !pending.isEmpty {
            var retry: [StoredScript] = []
            for start in stride(from: 0, to: pending.count, by: Self.batchSize) {
                let part = Array(pending[start..<min(start + Self.batchSize, pending.count)])
                let answers = try await calls.batch(part.map { (method, [JSONValue.string($0.0.scriptHash.hex)]) })
                for ((script, status), answer) in zip(part, answers) {
                    let history = try calls.result(answer, method)
                    let computed: String?
                    do { computed = try ScriptHashStatus.hash(ofHistoryResult: history) } catch {
                        throw calls.fault(.malformedAnswer(method: method, detail: "\(error)"))
                    }
                    guard computed == status else {
                        if attempt < 2 { retry.append(script); continue }
                        throw calls.fault(.statusMismatch(scriptHash: script.scriptHash))
                    }
                    let entries = (history.arrayValue ?? []).compactMap { row -> (txid: Txid, height: Int)? in
                        guard let txid = row["tx_hash"]?.stringValue.flatMap(Txid.init), let height = row["height"]?.intValue else { return nil }
                        return (txid, height)
                    }
                    result[script.scriptHash] = ScriptChange(status: status, entries: entries)
                }
            }
            attempt += 1
            pending = []
            if !retry.isEmpty {
                let statuses = try await subscribe(retry.map(\.scriptHash))
                pending = Array(zip(retry, statuses))
            }
        }
        return result
    }

    // MARK: - Transactions

    private func syncTransactions(changed: [ScriptHash: ScriptChange], tip: Int) async throws(WalletError)
        -> (verified: [StoredTransaction], fetched: Int, proofs: Int) {
        // What each changed history now says of its transactions; a txid in several histories has one height.
        var heights: [Txid: Int] = [:]
        for change in changed.values { for entry in change.entries { heights[entry.txid] = entry.height } }
        var toDownload: [Txid] = []
        var toProve: [Txid] = []
        var held: [Txid: StoredTransaction] = [:]
        for (txid, height) in heights.sorted(by: { $0.key < $1.key }) {
            if let stored = try store.read({ try store.transaction(txid) }) {
                held[txid] = stored
                if height > 0 && (stored.height != height || stored.position == nil) { toProve.append(txid) }
            } else {
                toDownload.append(txid)
                if height > 0 { toProve.append(txid) }
            }
        }
        let total = toDownload.count + toProve.count
        var done = 0
        for start in stride(from: 0, to: toDownload.count, by: Self.batchSize) {
            let part = Array(toDownload[start..<min(start + Self.batchSize, toDownload.count)])
            let answers = try await calls.batch(part.map { ("blockchain.transaction.get", [JSONValue.string($0.hex)]) })
            for (txid, answer) in zip(part, answers) {
                guard case .success(let value) = answer, let hex = value.stringValue else {
                    if case .failure(let error) = answer, !ServerCalls.isServerAnswer(error) { throw calls.unreachable(error) }
                    throw calls.fault(.missingTransaction(txid: txid))
                }
                guard let raw = try? Hex.decode(hex), raw.count != 64, let transaction = try? Transaction(bytes: raw),
                      transaction.txid == txid else {
                    throw calls.fault(.transactionMismatch(txid: txid))
                }
                held[txid] = StoredTransaction(txid: txid, raw: raw, height: heights[txid] ?? 0, position: nil)
            }
            done += part.count
            progress(.transactions(done: done, total: total))
        }
        var proofs = 0
        for start in stride(from: 0, to: toProve.count, by: Self.batchSize) {
            let part = Array(toProve[start..<min(start + Self.batchSize, toProve.count)])
            let method = "blockchain.transaction.get_merkle"
            let answers = try await calls.batch(part.map { (method, [JSONValue.string($0.hex), JSONValue.int(heights[$0] ?? 0)]) })
            for (txid, answer) in zip(part, answers) {
                let height = heights[txid] ?? 0
                guard height <= tip, let header = try store.read({ try store.header(at: height) }) else {
                    throw calls.fault(.heightBeyondTip(txid: txid, height: height))
                }
                let value: JSONValue
                switch answer {
                case .success(let v): value = v
                case .failure(let error):
                    if !ServerCalls.isServerAnswer(error) { throw calls.unreachable(error) }
                    throw calls.fault(.badMerkleProof(txid: txid, height: height))
                }
                guard let position = value["pos"]?.intValue, position >= 0,
                      let branch = value["merkle"]?.arrayValue?.compactMap(\.stringValue) else {
                    throw calls.fault(.malformedAnswer(method: method, detail: value.compact))
                }
                guard MerkleProofVerifier.verifyTransaction(txid: txid, branchHex: branch, position: position, merkleRoot: header.merkleRoot) else {
                    throw calls.fault(.badMerkleProof(txid: txid, height: height))
                }
                held[txid]?.height = height
                held[txid]?.position = position
                proofs += 1
            }
            done += part.count
            progress(.transactions(done: done, total: total))
        }
        // Mempool entries carry their wire height and no position.
        for (txid, height) in heights where height <= 0 {
            held[txid]?.height = height
            held[txid]?.position = nil
        }
        return (Array(held.values), toDownload.count, proofs)
    }
}
