import SovJSON

/// bitcoin-cli's rule for turning command-line words into RPC parameters: parameters Core lists as
/// non-string (numbers, booleans, arrays, objects) are parsed as JSON; every other word is a string.
///
/// The table follows Bitcoin Core's `vRPCConvertParams` (src/rpc/client.cpp) for the node, mempool,
/// network, raw-transaction, PSBT, mining, utility and common wallet calls.
public enum RPCArgumentConversion {
    /// (method, index, name) of every parameter given as JSON.
    static let jsonParameters: [(String, Int, String)] = [
        ("setmocktime", 0, "timestamp"), ("mockscheduler", 0, "delta_time"),
        ("generatetoaddress", 0, "nblocks"), ("generatetoaddress", 2, "maxtries"),
        ("generatetodescriptor", 0, "num_blocks"), ("generatetodescriptor", 2, "maxtries"),
        ("generateblock", 1, "transactions"), ("generateblock", 2, "submit"),
        ("getnetworkhashps", 0, "nblocks"), ("getnetworkhashps", 1, "height"),
        ("getblockhash", 0, "height"), ("waitforblockheight", 0, "height"), ("waitforblockheight", 1, "timeout"),
        ("waitforblock", 1, "timeout"), ("waitfornewblock", 0, "timeout"),
        ("getblocktemplate", 0, "template_request"),
        ("getblock", 1, "verbosity"), ("getblock", 1, "verbose"), ("getblockheader", 1, "verbose"),
        ("getchaintxstats", 0, "nblocks"), ("getblockstats", 0, "hash_or_height"), ("getblockstats", 1, "stats"),
        ("getblockfrompeer", 1, "peer_id"), ("pruneblockchain", 0, "height"),
        ("verifychain", 0, "checklevel"), ("verifychain", 1, "nblocks"),
        ("gettxout", 1, "n"), ("gettxout", 2, "include_mempool"), ("gettxoutproof", 0, "txids"),
        ("gettxoutsetinfo", 1, "hash_or_height"), ("gettxoutsetinfo", 2, "use_index"),
        ("dumptxoutset", 2, "options"), ("scantxoutset", 1, "scanobjects"), ("scanblocks", 1, "scanobjects"),
        ("scanblocks", 2, "start_height"), ("scanblocks", 3, "stop_height"), ("scanblocks", 5, "options"),
        ("getrawtransaction", 1, "verbosity"), ("getrawtransaction", 1, "verbose"),
        ("createrawtransaction", 0, "inputs"), ("createrawtransaction", 1, "outputs"),
        ("createrawtransaction", 2, "locktime"), ("createrawtransaction", 3, "replaceable"), ("createrawtransaction", 4, "version"),
        ("decoderawtransaction", 1, "iswitness"),
        ("signrawtransactionwithkey", 1, "privkeys"), ("signrawtransactionwithkey", 2, "prevtxs"),
        ("signrawtransactionwithwallet", 1, "prevtxs"),
        ("sendrawtransaction", 1, "maxfeerate"), ("sendrawtransaction", 2, "maxburnamount"),
        ("testmempoolaccept", 0, "rawtxs"), ("testmempoolaccept", 1, "maxfeerate"),
        ("submitpackage", 0, "package"), ("submitpackage", 1, "maxfeerate"), ("submitpackage", 2, "maxburnamount"),
        ("combinerawtransaction", 0, "txs"), ("fundrawtransaction", 1, "options"), ("fundrawtransaction", 2, "iswitness"),
        ("walletcreatefundedpsbt", 0, "inputs"), ("walletcreatefundedpsbt", 1, "outputs"),
        ("walletcreatefundedpsbt", 2, "locktime"), ("walletcreatefundedpsbt", 3, "options"), ("walletcreatefundedpsbt", 4, "bip32derivs"),
        ("walletprocesspsbt", 1, "sign"), ("walletprocesspsbt", 3, "bip32derivs"), ("walletprocesspsbt", 4, "finalize"),
        ("descriptorprocesspsbt", 1, "descriptors"), ("descriptorprocesspsbt", 3, "bip32derivs"), ("descriptorprocesspsbt", 4, "finalize"),
        ("createpsbt", 0, "inputs"), ("createpsbt", 1, "outputs"), ("createpsbt", 2, "locktime"),
        ("createpsbt", 3, "replaceable"), ("createpsbt", 4, "version"),
        ("combinepsbt", 0, "txs"), ("joinpsbts", 0, "txs"), ("finalizepsbt", 1, "extract"),
        ("converttopsbt", 1, "permitsigdata"), ("converttopsbt", 2, "iswitness"),
        ("utxoupdatepsbt", 1, "descriptors"),
        ("getrawmempool", 0, "verbose"), ("getrawmempool", 1, "mempool_sequence"),
        ("getmempoolancestors", 1, "verbose"), ("getmempooldescendants", 1, "verbose"),
        ("estimatesmartfee", 0, "conf_target"), ("estimaterawfee", 0, "conf_target"), ("estimaterawfee", 1, "threshold"),
        ("prioritisetransaction", 1, "dummy"), ("prioritisetransaction", 2, "fee_delta"),
        ("setban", 2, "bantime"), ("setban", 3, "absolute"), ("setnetworkactive", 0, "state"),
        ("disconnectnode", 1, "nodeid"), ("getnodeaddresses", 0, "count"), ("addpeeraddress", 1, "port"),
        ("addpeeraddress", 2, "tried"), ("addnode", 2, "v2transport"), ("addconnection", 2, "v2transport"),
        ("logging", 0, "include"), ("logging", 1, "exclude"),
        ("deriveaddresses", 1, "range"), ("createmultisig", 0, "nrequired"), ("createmultisig", 1, "keys"),
        ("stop", 0, "wait"), ("echojson", 0, "arg0"), ("echojson", 1, "arg1"), ("echojson", 2, "arg2"),
        ("getdescriptoractivity", 0, "blockhashes"), ("getdescriptoractivity", 1, "scanobjects"),
        ("getdescriptoractivity", 2, "include_mempool"),
        // Common wallet calls.
        ("createwallet", 1, "disable_private_keys"), ("createwallet", 2, "blank"), ("createwallet", 4, "avoid_reuse"),
        ("createwallet", 5, "descriptors"), ("createwallet", 6, "load_on_startup"), ("createwallet", 7, "external_signer"),
        ("loadwallet", 1, "load_on_startup"), ("unloadwallet", 1, "load_on_startup"),
        ("sendtoaddress", 1, "amount"), ("sendtoaddress", 4, "subtractfeefromamount"), ("sendtoaddress", 5, "replaceable"),
        ("sendtoaddress", 6, "conf_target"), ("sendtoaddress", 8, "avoid_reuse"), ("sendtoaddress", 9, "fee_rate"), ("sendtoaddress", 10, "verbose"),
        ("sendmany", 1, "amounts"), ("sendmany", 2, "minconf"), ("sendmany", 4, "subtractfeefrom"), ("sendmany", 5, "replaceable"),
        ("sendmany", 6, "conf_target"), ("sendmany", 8, "fee_rate"), ("sendmany", 9, "verbose"),
        ("send", 0, "outputs"), ("send", 1, "conf_target"), ("send", 3, "fee_rate"), ("send", 4, "options"),
        ("sendall", 0, "recipients"), ("sendall", 1, "conf_target"), ("sendall", 3, "fee_rate"), ("sendall", 4, "options"),
        ("getbalance", 1, "minconf"), ("getbalance", 2, "include_watchonly"), ("getbalance", 3, "avoid_reuse"),
        ("getreceivedbyaddress", 1, "minconf"), ("getreceivedbylabel", 1, "minconf"),
        ("listreceivedbyaddress", 0, "minconf"), ("listreceivedbyaddress", 1, "include_empty"),
        ("listreceivedbyaddress", 2, "include_watchonly"), ("listtransactions", 1, "count"), ("listtransactions", 2, "skip"),
        ("listtransactions", 3, "include_watchonly"), ("listsinceblock", 1, "target_confirmations"),
        ("listsinceblock", 2, "include_watchonly"), ("listsinceblock", 3, "include_removed"),
        ("listunspent", 0, "minconf"), ("listunspent", 1, "maxconf"), ("listunspent", 2, "addresses"),
        ("listunspent", 3, "include_unsafe"), ("listunspent", 4, "query_options"),
        ("lockunspent", 0, "unlock"), ("lockunspent", 1, "transactions"), ("lockunspent", 2, "persistent"),
        ("gettransaction", 1, "include_watchonly"), ("gettransaction", 2, "verbose"),
        ("importdescriptors", 0, "requests"), ("listdescriptors", 0, "private"),
        ("walletpassphrase", 1, "timeout"), ("keypoolrefill", 0, "newsize"), ("rescanblockchain", 0, "start_height"),
        ("rescanblockchain", 1, "stop_height"), ("bumpfee", 1, "options"), ("psbtbumpfee", 1, "options"),
        ("setwalletflag", 1, "value"), ("simulaterawtransaction", 0, "rawtxs"), ("simulaterawtransaction", 1, "options"),
    ]

    static let byIndex: Set<String> = Set(jsonParameters.map { "\($0.0)#\($0.1)" })
    static let byName: Set<String> = Set(jsonParameters.map { "\($0.0)=\($0.2)" })

    /// Parses a word as any JSON value, numbers and literals included (Core's `ParseNonRFCJSONValue`).
    static func parseJSON(_ word: String) throws(NodeRPCError) -> JSONValue {
        do { return try JSONParser.parse(word) } catch {
            throw .invalidArgument("Error parsing JSON: \(word)")
        }
    }

    /// Positional parameters for `method` from command-line words.
    public static func positional(method: String, words: [String]) throws(NodeRPCError) -> [JSONValue] {
        var params: [JSONValue] = []
        for (i, word) in words.enumerated() {
            params.append(byIndex.contains("\(method)#\(i)") ? try parseJSON(word) : .string(word))
        }
        return params
    }

    /// Named parameters from `name=value` words (`-named`).
    public static func named(method: String, words: [String]) throws(NodeRPCError) -> [(String, JSONValue)] {
        var params: [(String, JSONValue)] = []
        for word in words {
            guard let eq = word.firstIndex(of: "=") else {
                throw .invalidArgument("No '=' in named argument '\(word)', this needs to be present for every argument (even if it is empty)")
            }
            let name = String(word[..<eq])
            let value = String(word[word.index(after: eq)...])
            params.append((name, byName.contains("\(method)=\(name)") ? try parseJSON(value) : .string(value)))
        }
        return params
    }
}
