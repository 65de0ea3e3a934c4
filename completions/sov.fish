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
complete -c 'sov' -n '__sov_should_offer_completions_for_positional "sov" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" network' -l 'network' -d 'Network: main, test, testnet4, signet or regtest (env SOV_NETWORK; default main).' -rfka 'main test testnet4 signet regtest'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" json' -l 'json' -d 'Machine-readable JSON output, no progress or decoration.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" q quiet' -s 'q' -l 'quiet' -d 'Print only results and errors.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" v verbose' -s 'v' -l 'verbose' -d 'Print more detail about what is being done.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" f' -s 'f' -d 'Read the input from a file (- for standard input).' -rfka ''
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" lines' -l 'lines' -d 'Read one input per line from standard input; write one compact JSON object per line.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" version' -l 'version' -d 'Show the version.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov decode" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'sov' -n '__sov_should_offer_completions_for_flags_or_options "sov help" version' -l 'version' -d 'Show the version.'