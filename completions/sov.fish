function __sov_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __sov_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __sov_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __sov_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __sov_parse_tokens -S
    set -l unparsed_tokens (__sov_tokens -pc)
    switch $unparsed_tokens[1]
    case 'sov'
        __sov_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'decode'
            __sov_parse_subcommand -r 1 'network=' 'json' 'q/quiet' 'v/verbose' 'f=' 'lines' 'version' 'h/help'
        case 'node'
            __sov_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'status'
                __sov_parse_subcommand 0 'network=' 'json' 'q/quiet' 'v/verbose' 'node=' 'node-datadir=' 'rpc-cookie=' 'rpc-user=' 'rpc-password=' 'timeout=' 'watch' 'interval=' 'wait-synced' 'version' 'h/help'
            case 'rpc'
                __sov_parse_subcommand -r 2 'network=' 'json' 'q/quiet' 'v/verbose' 'node=' 'node-datadir=' 'rpc-cookie=' 'rpc-user=' 'rpc-password=' 'timeout=' 'named' 'stdin' 'wallet=' 'version' 'h/help'
            case 'peers'
                __sov_parse_subcommand 0 'network=' 'json' 'q/quiet' 'v/verbose' 'node=' 'node-datadir=' 'rpc-cookie=' 'rpc-user=' 'rpc-password=' 'timeout=' 'version' 'h/help'
            case 'mempool'
                __sov_parse_subcommand 0 'network=' 'json' 'q/quiet' 'v/verbose' 'node=' 'node-datadir=' 'rpc-cookie=' 'rpc-user=' 'rpc-password=' 'timeout=' 'top=' 'version' 'h/help'
            case 'config'
                __sov_parse_subcommand 0 'network=' 'json' 'q/quiet' 'v/verbose' 'node=' 'node-datadir=' 'rpc-cookie=' 'rpc-user=' 'rpc-password=' 'timeout=' 'user=' 'zmq=' 'write' 'conf=' 'version' 'h/help'
            case 'snapshot'
                __sov_parse_subcommand 0 'version' 'h/help'
                switch $unparsed_tokens[1]
                case 'load'
                    __sov_parse_subcommand 1 'network=' 'json' 'q/quiet' 'v/verbose' 'node=' 'node-datadir=' 'rpc-cookie=' 'rpc-user=' 'rpc-password=' 'timeout=' 'version' 'h/help'
                end
            end
        case 'index'
            __sov_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'build'
                __sov_parse_subcommand 0 'network=' 'json' 'q/quiet' 'v/verbose' 'node=' 'node-datadir=' 'rpc-cookie=' 'rpc-user=' 'rpc-password=' 'timeout=' 'data-dir=' 'blocks-dir=' 'no-node' 'follow' 'interval=' 'zmq=' 'reorg-limit=' 'batch-blocks=' 'version' 'h/help'
            case 'status'
                __sov_parse_subcommand 0 'network=' 'json' 'q/quiet' 'v/verbose' 'node=' 'node-datadir=' 'rpc-cookie=' 'rpc-user=' 'rpc-password=' 'timeout=' 'data-dir=' 'blocks-dir=' 'no-node' 'version' 'h/help'
            case 'query'
                __sov_parse_subcommand 1 'network=' 'json' 'q/quiet' 'v/verbose' 'node=' 'node-datadir=' 'rpc-cookie=' 'rpc-user=' 'rpc-password=' 'timeout=' 'data-dir=' 'blocks-dir=' 'no-node' 'version' 'h/help'
            case 'verify'
                __sov_parse_subcommand 0 'network=' 'json' 'q/quiet' 'v/verbose' 'node=' 'node-datadir=' 'rpc-cookie=' 'rpc-user=' 'rpc-password=' 'timeout=' 'data-dir=' 'blocks-dir=' 'no-node' 'version' 'h/help'
            case 'compact'
                __sov_parse_subcommand 0 'network=' 'json' 'q/quiet' 'v/verbose' 'data-dir=' 'blocks-dir=' 'no-node' 'version' 'h/help'
            case 'drop'
                __sov_parse_subcommand 0 'network=' 'json' 'q/quiet' 'v/verbose' 'data-dir=' 'blocks-dir=' 'no-node' 'yes' 'version' 'h/help'
            end
        case 'serve'
            __sov_parse_subcommand 0 'network=' 'json' 'q/quiet' 'v/verbose' 'node=' 'node-datadir=' 'rpc-cookie=' 'rpc-user=' 'rpc-password=' 'timeout=' 'data-dir=' 'blocks-dir=' 'no-node' 'tcp=+' 'tls=+' 'ws=+' 'wss=+' 'metrics=' 'tls-cert=' 'tls-key=' 'allow-ip=+' 'no-auth' 'banner=' 'set=+' 'config=' 'print-config' 'interval=' 'zmq=' 'reorg-limit=' 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'auth'
                __sov_parse_subcommand 0 'version' 'h/help'
                switch $unparsed_tokens[1]
                case 'token'
                    __sov_parse_subcommand 1 'network=' 'json' 'q/quiet' 'v/verbose' 'data-dir=' 'version' 'h/help'
                case 'certificate'
                    __sov_parse_subcommand 1 'network=' 'json' 'q/quiet' 'v/verbose' 'data-dir=' 'out=' 'version' 'h/help'
                case 'allow-ip'
                    __sov_parse_subcommand 1 'network=' 'json' 'q/quiet' 'v/verbose' 'data-dir=' 'name=' 'version' 'h/help'
                case 'list'
                    __sov_parse_subcommand 0 'network=' 'json' 'q/quiet' 'v/verbose' 'data-dir=' 'version' 'h/help'
                case 'revoke'
                    __sov_parse_subcommand 1 'network=' 'json' 'q/quiet' 'v/verbose' 'data-dir=' 'version' 'h/help'
                end
            end
        case 'demo'
            __sov_parse_subcommand 0 'network=' 'json' 'q/quiet' 'v/verbose' 'data-dir=' 'tcp=' 'tls=' 'version' 'h/help'
        case 'help'
            __sov_parse_subcommand -r 1 'version'
        end
    end
end

function __sov_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __sov_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __sov_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __sov_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__sov_tokens -p)
    if test -z "$(__sov_tokens -t)"
        set -l index (count (__sov_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'sov' -f
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov" -eq 1' -fa 'decode' -d 'Decode a transaction, block, header, script, PSBT, address, key or descriptor to JSON, offline.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov" -eq 1' -fa 'node' -d 'Talk to your own Bitcoin Core over JSON-RPC: status, raw RPC, peers, mempool, configuration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov" -eq 1' -fa 'index' -d 'Build and keep an address index next to the node (RocksDB), and query it.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov" -eq 1' -fa 'serve' -d 'Serve the index to Electrum wallets (Electrum protocol 1.4–1.6 over TCP, TLS and WebSocket).'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov" -eq 1' -fa 'demo' -d 'Index and serve the bundled sample regtest chain on localhost, and say how to connect a wallet.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" f' -s 'f' -d 'Read the input from a file (- for standard input).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" lines' -l 'lines' -d 'Read one input per line from standard input; write one compact JSON object per line.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov node" -eq 1' -fa 'status' -d 'Show the node\'s chain, version, sync state, peers, mempool, fee estimates and uptime.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov node" -eq 1' -fa 'rpc' -d 'Call any RPC method with bitcoin-cli\'s argument rules and output.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov node" -eq 1' -fa 'peers' -d 'List the node\'s peers.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov node" -eq 1' -fa 'mempool' -d 'Show the node\'s mempool: summary and transactions by fee rate.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov node" -eq 1' -fa 'config' -d 'Print a bitcoin.conf fragment for running sov next to the node; --write appends it after a backup.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov node" -eq 1' -fa 'snapshot' -d 'Load an assumeUTXO snapshot into the node.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node status" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node status" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node status" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node status" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node status" node' -l 'node' -d 'Node RPC URL (env SOV_NODE; default http://127.0.0.1:<network\'s RPC port>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node status" node-datadir' -l 'node-datadir' -d 'Bitcoin Core\'s data directory, where the cookie file is found (default ~/.bitcoin, with Core\'s per-network subfolders).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node status" rpc-cookie' -l 'rpc-cookie' -d 'Cookie file to authenticate with.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node status" rpc-user' -l 'rpc-user' -d 'RPC user name (env SOV_RPC_USER); the password comes from SOV_RPC_PASSWORD or --rpc-password.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node status" rpc-password' -l 'rpc-password' -d 'RPC password (prefer SOV_RPC_PASSWORD: arguments are visible to other users). Never echoed.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node status" timeout' -l 'timeout' -d 'Seconds to wait for a node that is still starting (and for --wait-synced).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node status" watch' -l 'watch' -d 'Refresh every --interval seconds (in place on a terminal; one JSON line each time otherwise).'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node status" interval' -l 'interval' -d 'Seconds between refreshes with --watch.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node status" wait-synced' -l 'wait-synced' -d 'Wait until the node is synced, then exit 0 (75 after --timeout seconds).'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node status" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node rpc" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node rpc" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node rpc" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node rpc" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node rpc" node' -l 'node' -d 'Node RPC URL (env SOV_NODE; default http://127.0.0.1:<network\'s RPC port>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node rpc" node-datadir' -l 'node-datadir' -d 'Bitcoin Core\'s data directory, where the cookie file is found (default ~/.bitcoin, with Core\'s per-network subfolders).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node rpc" rpc-cookie' -l 'rpc-cookie' -d 'Cookie file to authenticate with.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node rpc" rpc-user' -l 'rpc-user' -d 'RPC user name (env SOV_RPC_USER); the password comes from SOV_RPC_PASSWORD or --rpc-password.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node rpc" rpc-password' -l 'rpc-password' -d 'RPC password (prefer SOV_RPC_PASSWORD: arguments are visible to other users). Never echoed.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node rpc" timeout' -l 'timeout' -d 'Seconds to wait for a node that is still starting (and for --wait-synced).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node rpc" named named' -o 'named' -l 'named' -d 'Arguments are name=value pairs.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node rpc" stdin stdin' -o 'stdin' -l 'stdin' -d 'Read extra arguments from standard input, one per line.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node rpc" rpcwallet wallet' -l 'wallet' -o 'rpcwallet' -d 'Send the call to this wallet\'s endpoint (/wallet/NAME).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node rpc" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node rpc" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node peers" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node peers" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node peers" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node peers" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node peers" node' -l 'node' -d 'Node RPC URL (env SOV_NODE; default http://127.0.0.1:<network\'s RPC port>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node peers" node-datadir' -l 'node-datadir' -d 'Bitcoin Core\'s data directory, where the cookie file is found (default ~/.bitcoin, with Core\'s per-network subfolders).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node peers" rpc-cookie' -l 'rpc-cookie' -d 'Cookie file to authenticate with.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node peers" rpc-user' -l 'rpc-user' -d 'RPC user name (env SOV_RPC_USER); the password comes from SOV_RPC_PASSWORD or --rpc-password.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node peers" rpc-password' -l 'rpc-password' -d 'RPC password (prefer SOV_RPC_PASSWORD: arguments are visible to other users). Never echoed.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node peers" timeout' -l 'timeout' -d 'Seconds to wait for a node that is still starting (and for --wait-synced).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node peers" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node peers" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node mempool" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node mempool" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node mempool" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node mempool" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node mempool" node' -l 'node' -d 'Node RPC URL (env SOV_NODE; default http://127.0.0.1:<network\'s RPC port>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node mempool" node-datadir' -l 'node-datadir' -d 'Bitcoin Core\'s data directory, where the cookie file is found (default ~/.bitcoin, with Core\'s per-network subfolders).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node mempool" rpc-cookie' -l 'rpc-cookie' -d 'Cookie file to authenticate with.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node mempool" rpc-user' -l 'rpc-user' -d 'RPC user name (env SOV_RPC_USER); the password comes from SOV_RPC_PASSWORD or --rpc-password.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node mempool" rpc-password' -l 'rpc-password' -d 'RPC password (prefer SOV_RPC_PASSWORD: arguments are visible to other users). Never echoed.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node mempool" timeout' -l 'timeout' -d 'Seconds to wait for a node that is still starting (and for --wait-synced).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node mempool" top' -l 'top' -d 'Transactions to list in the table (0 for all).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node mempool" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node mempool" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" node' -l 'node' -d 'Node RPC URL (env SOV_NODE; default http://127.0.0.1:<network\'s RPC port>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" node-datadir' -l 'node-datadir' -d 'Bitcoin Core\'s data directory, where the cookie file is found (default ~/.bitcoin, with Core\'s per-network subfolders).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" rpc-cookie' -l 'rpc-cookie' -d 'Cookie file to authenticate with.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" rpc-user' -l 'rpc-user' -d 'RPC user name (env SOV_RPC_USER); the password comes from SOV_RPC_PASSWORD or --rpc-password.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" rpc-password' -l 'rpc-password' -d 'RPC password (prefer SOV_RPC_PASSWORD: arguments are visible to other users). Never echoed.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" timeout' -l 'timeout' -d 'Seconds to wait for a node that is still starting (and for --wait-synced).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" user' -l 'user' -d 'RPC user name to create.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" zmq' -l 'zmq' -d 'Address for the node\'s hashblock notifications.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" write' -l 'write' -d 'Append the fragment to the node\'s bitcoin.conf (after a backup).'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" conf' -l 'conf' -d 'The bitcoin.conf to write (default <node-datadir>/bitcoin.conf).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node snapshot" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node snapshot" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov node snapshot" -eq 1' -fa 'load' -d 'Load an assumeUTXO snapshot (loadtxoutset) so the node is usable before it has validated history.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node snapshot load" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node snapshot load" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node snapshot load" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node snapshot load" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node snapshot load" node' -l 'node' -d 'Node RPC URL (env SOV_NODE; default http://127.0.0.1:<network\'s RPC port>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node snapshot load" node-datadir' -l 'node-datadir' -d 'Bitcoin Core\'s data directory, where the cookie file is found (default ~/.bitcoin, with Core\'s per-network subfolders).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node snapshot load" rpc-cookie' -l 'rpc-cookie' -d 'Cookie file to authenticate with.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node snapshot load" rpc-user' -l 'rpc-user' -d 'RPC user name (env SOV_RPC_USER); the password comes from SOV_RPC_PASSWORD or --rpc-password.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node snapshot load" rpc-password' -l 'rpc-password' -d 'RPC password (prefer SOV_RPC_PASSWORD: arguments are visible to other users). Never echoed.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node snapshot load" timeout' -l 'timeout' -d 'Seconds to wait for a node that is still starting (and for --wait-synced).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node snapshot load" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov node snapshot load" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov index" -eq 1' -fa 'build' -d 'Build the index up to the node\'s tip (or the files\' best chain), then return; --follow keeps following.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov index" -eq 1' -fa 'status' -d 'Show the index: tip, lag behind the node, size on disk, schema.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov index" -eq 1' -fa 'query' -d 'Show what the server would answer for a script: history, unspent outputs, balance.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov index" -eq 1' -fa 'verify' -d 'Recompute every indexed block from its bytes and compare with the index.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov index" -eq 1' -fa 'compact' -d 'Compact the index\'s files (reclaims space after reorgs and a build).'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov index" -eq 1' -fa 'drop' -d 'Delete the index (it can be built again from the blocks).'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" node' -l 'node' -d 'Node RPC URL (env SOV_NODE; default http://127.0.0.1:<network\'s RPC port>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" node-datadir' -l 'node-datadir' -d 'Bitcoin Core\'s data directory, where the cookie file is found (default ~/.bitcoin, with Core\'s per-network subfolders).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" rpc-cookie' -l 'rpc-cookie' -d 'Cookie file to authenticate with.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" rpc-user' -l 'rpc-user' -d 'RPC user name (env SOV_RPC_USER); the password comes from SOV_RPC_PASSWORD or --rpc-password.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" rpc-password' -l 'rpc-password' -d 'RPC password (prefer SOV_RPC_PASSWORD: arguments are visible to other users). Never echoed.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" timeout' -l 'timeout' -d 'Seconds to wait for a node that is still starting (and for --wait-synced).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" data-dir' -l 'data-dir' -d 'Where sov keeps its index (default ~/.sov/<network>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" blocks-dir' -l 'blocks-dir' -d 'Core\'s blocks folder, read directly when readable (default <node-datadir>/<network>/blocks).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" no-node' -l 'no-node' -d 'Do not contact a node: read the block files alone (best chain = most work).'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" follow' -l 'follow' -d 'Keep following the node\'s tip after the first build (poll every --interval seconds).'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" interval' -l 'interval' -d 'Seconds between polls with --follow.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" zmq' -l 'zmq' -d 'The node\'s zmqpubhashblock address for --follow (default: asked of the node with getzmqnotifications; without one, polling only).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" reorg-limit' -l 'reorg-limit' -d 'Deepest reorganization to undo before refusing.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" batch-blocks' -l 'batch-blocks' -d 'Blocks written per atomic batch.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index build" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index status" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index status" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index status" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index status" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index status" node' -l 'node' -d 'Node RPC URL (env SOV_NODE; default http://127.0.0.1:<network\'s RPC port>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index status" node-datadir' -l 'node-datadir' -d 'Bitcoin Core\'s data directory, where the cookie file is found (default ~/.bitcoin, with Core\'s per-network subfolders).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index status" rpc-cookie' -l 'rpc-cookie' -d 'Cookie file to authenticate with.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index status" rpc-user' -l 'rpc-user' -d 'RPC user name (env SOV_RPC_USER); the password comes from SOV_RPC_PASSWORD or --rpc-password.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index status" rpc-password' -l 'rpc-password' -d 'RPC password (prefer SOV_RPC_PASSWORD: arguments are visible to other users). Never echoed.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index status" timeout' -l 'timeout' -d 'Seconds to wait for a node that is still starting (and for --wait-synced).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index status" data-dir' -l 'data-dir' -d 'Where sov keeps its index (default ~/.sov/<network>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index status" blocks-dir' -l 'blocks-dir' -d 'Core\'s blocks folder, read directly when readable (default <node-datadir>/<network>/blocks).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index status" no-node' -l 'no-node' -d 'Do not contact a node: read the block files alone (best chain = most work).'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index status" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index query" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index query" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index query" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index query" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index query" node' -l 'node' -d 'Node RPC URL (env SOV_NODE; default http://127.0.0.1:<network\'s RPC port>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index query" node-datadir' -l 'node-datadir' -d 'Bitcoin Core\'s data directory, where the cookie file is found (default ~/.bitcoin, with Core\'s per-network subfolders).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index query" rpc-cookie' -l 'rpc-cookie' -d 'Cookie file to authenticate with.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index query" rpc-user' -l 'rpc-user' -d 'RPC user name (env SOV_RPC_USER); the password comes from SOV_RPC_PASSWORD or --rpc-password.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index query" rpc-password' -l 'rpc-password' -d 'RPC password (prefer SOV_RPC_PASSWORD: arguments are visible to other users). Never echoed.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index query" timeout' -l 'timeout' -d 'Seconds to wait for a node that is still starting (and for --wait-synced).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index query" data-dir' -l 'data-dir' -d 'Where sov keeps its index (default ~/.sov/<network>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index query" blocks-dir' -l 'blocks-dir' -d 'Core\'s blocks folder, read directly when readable (default <node-datadir>/<network>/blocks).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index query" no-node' -l 'no-node' -d 'Do not contact a node: read the block files alone (best chain = most work).'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index query" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index query" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index verify" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index verify" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index verify" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index verify" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index verify" node' -l 'node' -d 'Node RPC URL (env SOV_NODE; default http://127.0.0.1:<network\'s RPC port>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index verify" node-datadir' -l 'node-datadir' -d 'Bitcoin Core\'s data directory, where the cookie file is found (default ~/.bitcoin, with Core\'s per-network subfolders).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index verify" rpc-cookie' -l 'rpc-cookie' -d 'Cookie file to authenticate with.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index verify" rpc-user' -l 'rpc-user' -d 'RPC user name (env SOV_RPC_USER); the password comes from SOV_RPC_PASSWORD or --rpc-password.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index verify" rpc-password' -l 'rpc-password' -d 'RPC password (prefer SOV_RPC_PASSWORD: arguments are visible to other users). Never echoed.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index verify" timeout' -l 'timeout' -d 'Seconds to wait for a node that is still starting (and for --wait-synced).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index verify" data-dir' -l 'data-dir' -d 'Where sov keeps its index (default ~/.sov/<network>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index verify" blocks-dir' -l 'blocks-dir' -d 'Core\'s blocks folder, read directly when readable (default <node-datadir>/<network>/blocks).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index verify" no-node' -l 'no-node' -d 'Do not contact a node: read the block files alone (best chain = most work).'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index verify" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index verify" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index compact" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index compact" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index compact" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index compact" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index compact" data-dir' -l 'data-dir' -d 'Where sov keeps its index (default ~/.sov/<network>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index compact" blocks-dir' -l 'blocks-dir' -d 'Core\'s blocks folder, read directly when readable (default <node-datadir>/<network>/blocks).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index compact" no-node' -l 'no-node' -d 'Do not contact a node: read the block files alone (best chain = most work).'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index compact" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index compact" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index drop" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index drop" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index drop" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index drop" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index drop" data-dir' -l 'data-dir' -d 'Where sov keeps its index (default ~/.sov/<network>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index drop" blocks-dir' -l 'blocks-dir' -d 'Core\'s blocks folder, read directly when readable (default <node-datadir>/<network>/blocks).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index drop" no-node' -l 'no-node' -d 'Do not contact a node: read the block files alone (best chain = most work).'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index drop" yes' -l 'yes' -d 'Really delete.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index drop" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov index drop" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" node' -l 'node' -d 'Node RPC URL (env SOV_NODE; default http://127.0.0.1:<network\'s RPC port>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" node-datadir' -l 'node-datadir' -d 'Bitcoin Core\'s data directory, where the cookie file is found (default ~/.bitcoin, with Core\'s per-network subfolders).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" rpc-cookie' -l 'rpc-cookie' -d 'Cookie file to authenticate with.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" rpc-user' -l 'rpc-user' -d 'RPC user name (env SOV_RPC_USER); the password comes from SOV_RPC_PASSWORD or --rpc-password.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" rpc-password' -l 'rpc-password' -d 'RPC password (prefer SOV_RPC_PASSWORD: arguments are visible to other users). Never echoed.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" timeout' -l 'timeout' -d 'Seconds to wait for a node that is still starting (and for --wait-synced).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" data-dir' -l 'data-dir' -d 'Where sov keeps its index (default ~/.sov/<network>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" blocks-dir' -l 'blocks-dir' -d 'Core\'s blocks folder, read directly when readable (default <node-datadir>/<network>/blocks).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" no-node' -l 'no-node' -d 'Do not contact a node: read the block files alone (best chain = most work).'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve"' -l 'tcp' -d 'Electrum over TCP on HOST:PORT (repeatable).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve"' -l 'tls' -d 'Electrum over TLS on HOST:PORT (repeatable).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve"' -l 'ws' -d 'Electrum over WebSocket on HOST:PORT (repeatable).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve"' -l 'wss' -d 'Electrum over secure WebSocket on HOST:PORT (repeatable).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" metrics' -l 'metrics' -d 'Prometheus metrics on HOST:PORT (at /metrics).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" tls-cert' -l 'tls-cert' -d 'Server certificate (PEM) for TLS and wss.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" tls-key' -l 'tls-key' -d 'Private key (PEM) of --tls-cert.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve"' -l 'allow-ip' -d 'Serve remote clients from this address or CIDR range (repeatable).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" no-auth' -l 'no-auth' -d 'Serve every client that connects, remote ones too.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" banner' -l 'banner' -d 'Text of server.banner.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve"' -l 'set' -d 'Any setting by its TOML name (repeatable), e.g. limits.max_connections=200.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" config' -l 'config' -d 'The TOML configuration file (default <data-dir>/sov.toml when present).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" print-config' -l 'print-config' -d 'Print the effective configuration, each value with its source, and exit.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" interval' -l 'interval' -d 'Seconds between polls of the node.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" zmq' -l 'zmq' -d 'The node\'s zmqpubhashblock address (default: asked of the node).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" reorg-limit' -l 'reorg-limit' -d 'Deepest reorganization to undo before refusing.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov serve" -eq 1' -fa 'auth' -d 'Issue and revoke what lets clients not on this machine use the server.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov serve auth" -eq 1' -fa 'token' -d 'Issue a token for a client (printed once).'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov serve auth" -eq 1' -fa 'certificate' -d 'Issue a TLS client certificate signed by the server\'s client CA.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov serve auth" -eq 1' -fa 'allow-ip' -d 'Serve clients from an address or CIDR range.'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov serve auth" -eq 1' -fa 'list' -d 'List the credentials issued (revoked ones marked).'
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov serve auth" -eq 1' -fa 'revoke' -d 'Revoke a credential by name.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth token" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth token" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth token" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth token" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth token" data-dir' -l 'data-dir' -d 'sov\'s data directory (default ~/.sov/<network>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth token" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth token" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth certificate" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth certificate" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth certificate" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth certificate" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth certificate" data-dir' -l 'data-dir' -d 'sov\'s data directory (default ~/.sov/<network>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth certificate" out' -l 'out' -d 'Where to write NAME.crt, NAME.key and NAME.pem (default: the current directory).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth certificate" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth certificate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth allow-ip" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth allow-ip" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth allow-ip" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth allow-ip" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth allow-ip" data-dir' -l 'data-dir' -d 'sov\'s data directory (default ~/.sov/<network>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth allow-ip" name' -l 'name' -d 'A name for the entry (default: the range).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth allow-ip" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth allow-ip" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth list" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth list" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth list" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth list" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth list" data-dir' -l 'data-dir' -d 'sov\'s data directory (default ~/.sov/<network>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth list" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth revoke" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth revoke" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth revoke" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth revoke" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth revoke" data-dir' -l 'data-dir' -d 'sov\'s data directory (default ~/.sov/<network>).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth revoke" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov serve auth revoke" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov demo" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov demo" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov demo" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov demo" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov demo" data-dir' -l 'data-dir' -d 'Where the demo keeps its blocks, index and certificate (default ~/.sov/demo).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov demo" tcp' -l 'tcp' -d 'Electrum over TCP on HOST:PORT.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov demo" tls' -l 'tls' -d 'Electrum over TLS on HOST:PORT.' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov demo" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov demo" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov help" version' -l 'version' -d 'Show the version.'