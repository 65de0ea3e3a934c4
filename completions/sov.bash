#!/bin/bash

__sov_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__sov_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__sov_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__sov_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_sov() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __sov_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    decode|node|index|serve|pair|status|service|wallet|tx|demo|help)
        # Offer subcommand argument completions
        "_sov_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'decode node index serve pair status service wallet tx demo help' -- "${cur}"))
        ;;
    esac
}

_sov_decode() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --lines --version -h --help)
    repeating_options=()
    non_repeating_options=(--network -f)
    __sov_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '-f')
        __sov_add_completions -f
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __sov_add_completions -W 'tx'$'\n''block'$'\n''header'$'\n''script'$'\n''psbt'$'\n''address'$'\n''key'$'\n''descriptor'
        return
        ;;
    esac
}

_sov_node() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __sov_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    status|rpc|peers|mempool|config|snapshot)
        # Offer subcommand argument completions
        "_sov_node_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'status rpc peers mempool config snapshot' -- "${cur}"))
        ;;
    esac
}

_sov_node_status() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --watch --wait-synced --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --node --node-datadir --rpc-cookie --rpc-user --rpc-password --timeout --interval)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--node')
        return
        ;;
    '--node-datadir')
        __sov_add_completions -d
        return
        ;;
    '--rpc-cookie')
        __sov_add_completions -f
        return
        ;;
    '--rpc-user')
        return
        ;;
    '--rpc-password')
        return
        ;;
    '--timeout')
        return
        ;;
    '--interval')
        return
        ;;
    esac
}

_sov_node_rpc() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose -named --named -stdin --stdin --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --node --node-datadir --rpc-cookie --rpc-user --rpc-password --timeout --wallet -rpcwallet)
    __sov_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--node')
        return
        ;;
    '--node-datadir')
        __sov_add_completions -d
        return
        ;;
    '--rpc-cookie')
        __sov_add_completions -f
        return
        ;;
    '--rpc-user')
        return
        ;;
    '--rpc-password')
        return
        ;;
    '--timeout')
        return
        ;;
    '--wallet'|'-rpcwallet')
        return
        ;;
    esac
}

_sov_node_peers() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --node --node-datadir --rpc-cookie --rpc-user --rpc-password --timeout)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--node')
        return
        ;;
    '--node-datadir')
        __sov_add_completions -d
        return
        ;;
    '--rpc-cookie')
        __sov_add_completions -f
        return
        ;;
    '--rpc-user')
        return
        ;;
    '--rpc-password')
        return
        ;;
    '--timeout')
        return
        ;;
    esac
}

_sov_node_mempool() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --node --node-datadir --rpc-cookie --rpc-user --rpc-password --timeout --top)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--node')
        return
        ;;
    '--node-datadir')
        __sov_add_completions -d
        return
        ;;
    '--rpc-cookie')
        __sov_add_completions -f
        return
        ;;
    '--rpc-user')
        return
        ;;
    '--rpc-password')
        return
        ;;
    '--timeout')
        return
        ;;
    '--top')
        return
        ;;
    esac
}

_sov_node_config() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --write --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --node --node-datadir --rpc-cookie --rpc-user --rpc-password --timeout --user --zmq --conf)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--node')
        return
        ;;
    '--node-datadir')
        __sov_add_completions -d
        return
        ;;
    '--rpc-cookie')
        __sov_add_completions -f
        return
        ;;
    '--rpc-user')
        return
        ;;
    '--rpc-password')
        return
        ;;
    '--timeout')
        return
        ;;
    '--user')
        return
        ;;
    '--zmq')
        return
        ;;
    '--conf')
        __sov_add_completions -o plusdirs -fX '!*.@(conf)'
        return
        ;;
    esac
}

_sov_node_snapshot() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __sov_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    load)
        # Offer subcommand argument completions
        "_sov_node_snapshot_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'load' -- "${cur}"))
        ;;
    esac
}

_sov_node_snapshot_load() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --node --node-datadir --rpc-cookie --rpc-user --rpc-password --timeout)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--node')
        return
        ;;
    '--node-datadir')
        __sov_add_completions -d
        return
        ;;
    '--rpc-cookie')
        __sov_add_completions -f
        return
        ;;
    '--rpc-user')
        return
        ;;
    '--rpc-password')
        return
        ;;
    '--timeout')
        return
        ;;
    esac
}

_sov_index() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __sov_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    build|status|query|verify|compact|drop)
        # Offer subcommand argument completions
        "_sov_index_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'build status query verify compact drop' -- "${cur}"))
        ;;
    esac
}

_sov_index_build() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-node --follow --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --node --node-datadir --rpc-cookie --rpc-user --rpc-password --timeout --data-dir --blocks-dir --interval --zmq --reorg-limit --batch-blocks)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--node')
        return
        ;;
    '--node-datadir')
        __sov_add_completions -d
        return
        ;;
    '--rpc-cookie')
        __sov_add_completions -f
        return
        ;;
    '--rpc-user')
        return
        ;;
    '--rpc-password')
        return
        ;;
    '--timeout')
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--blocks-dir')
        __sov_add_completions -d
        return
        ;;
    '--interval')
        return
        ;;
    '--zmq')
        return
        ;;
    '--reorg-limit')
        return
        ;;
    '--batch-blocks')
        return
        ;;
    esac
}

_sov_index_status() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-node --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --node --node-datadir --rpc-cookie --rpc-user --rpc-password --timeout --data-dir --blocks-dir)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--node')
        return
        ;;
    '--node-datadir')
        __sov_add_completions -d
        return
        ;;
    '--rpc-cookie')
        __sov_add_completions -f
        return
        ;;
    '--rpc-user')
        return
        ;;
    '--rpc-password')
        return
        ;;
    '--timeout')
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--blocks-dir')
        __sov_add_completions -d
        return
        ;;
    esac
}

_sov_index_query() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-node --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --node --node-datadir --rpc-cookie --rpc-user --rpc-password --timeout --data-dir --blocks-dir)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--node')
        return
        ;;
    '--node-datadir')
        __sov_add_completions -d
        return
        ;;
    '--rpc-cookie')
        __sov_add_completions -f
        return
        ;;
    '--rpc-user')
        return
        ;;
    '--rpc-password')
        return
        ;;
    '--timeout')
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--blocks-dir')
        __sov_add_completions -d
        return
        ;;
    esac
}

_sov_index_verify() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-node --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --node --node-datadir --rpc-cookie --rpc-user --rpc-password --timeout --data-dir --blocks-dir)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--node')
        return
        ;;
    '--node-datadir')
        __sov_add_completions -d
        return
        ;;
    '--rpc-cookie')
        __sov_add_completions -f
        return
        ;;
    '--rpc-user')
        return
        ;;
    '--rpc-password')
        return
        ;;
    '--timeout')
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--blocks-dir')
        __sov_add_completions -d
        return
        ;;
    esac
}

_sov_index_compact() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-node --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir --blocks-dir)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--blocks-dir')
        __sov_add_completions -d
        return
        ;;
    esac
}

_sov_index_drop() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-node --yes --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir --blocks-dir)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--blocks-dir')
        __sov_add_completions -d
        return
        ;;
    esac
}

_sov_serve() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-node --tor --no-auth --print-config --version -h --help)
    repeating_options=(--tcp --tls --ws --wss --allow-ip --set)
    non_repeating_options=(--network --node --node-datadir --rpc-cookie --rpc-user --rpc-password --timeout --data-dir --blocks-dir --metrics --status --tls-cert --tls-key --banner --config --interval --zmq --reorg-limit)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--node')
        return
        ;;
    '--node-datadir')
        __sov_add_completions -d
        return
        ;;
    '--rpc-cookie')
        __sov_add_completions -f
        return
        ;;
    '--rpc-user')
        return
        ;;
    '--rpc-password')
        return
        ;;
    '--timeout')
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--blocks-dir')
        __sov_add_completions -d
        return
        ;;
    '--tcp')
        return
        ;;
    '--tls')
        return
        ;;
    '--ws')
        return
        ;;
    '--wss')
        return
        ;;
    '--metrics')
        return
        ;;
    '--status')
        return
        ;;
    '--tls-cert')
        __sov_add_completions -f
        return
        ;;
    '--tls-key')
        __sov_add_completions -f
        return
        ;;
    '--allow-ip')
        return
        ;;
    '--banner')
        return
        ;;
    '--set')
        return
        ;;
    '--config')
        __sov_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--interval')
        return
        ;;
    '--zmq')
        return
        ;;
    '--reorg-limit')
        return
        ;;
    esac

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    auth)
        # Offer subcommand argument completions
        "_sov_serve_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'auth' -- "${cur}"))
        ;;
    esac
}

_sov_serve_auth() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __sov_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    token|certificate|allow-ip|list|revoke)
        # Offer subcommand argument completions
        "_sov_serve_auth_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'token certificate allow-ip list revoke' -- "${cur}"))
        ;;
    esac
}

_sov_serve_auth_token() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-node --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir --blocks-dir)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--blocks-dir')
        __sov_add_completions -d
        return
        ;;
    esac
}

_sov_serve_auth_certificate() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-node --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir --blocks-dir --out)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--blocks-dir')
        __sov_add_completions -d
        return
        ;;
    '--out')
        return
        ;;
    esac
}

_sov_serve_auth_allow-ip() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-node --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir --blocks-dir --name)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--blocks-dir')
        __sov_add_completions -d
        return
        ;;
    '--name')
        return
        ;;
    esac
}

_sov_serve_auth_list() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-node --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir --blocks-dir)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--blocks-dir')
        __sov_add_completions -d
        return
        ;;
    esac
}

_sov_serve_auth_revoke() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-node --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir --blocks-dir)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--blocks-dir')
        __sov_add_completions -d
        return
        ;;
    esac
}

_sov_pair() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-node --tor --no-auth --uri --onion --client-auth --discover --version -h --help)
    repeating_options=(--tcp --tls --ws --wss --allow-ip --set)
    non_repeating_options=(--network --data-dir --blocks-dir --metrics --status --tls-cert --tls-key --banner --config --host --format --output --level --expires --window --device)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--blocks-dir')
        __sov_add_completions -d
        return
        ;;
    '--tcp')
        return
        ;;
    '--tls')
        return
        ;;
    '--ws')
        return
        ;;
    '--wss')
        return
        ;;
    '--metrics')
        return
        ;;
    '--status')
        return
        ;;
    '--tls-cert')
        __sov_add_completions -f
        return
        ;;
    '--tls-key')
        __sov_add_completions -f
        return
        ;;
    '--allow-ip')
        return
        ;;
    '--banner')
        return
        ;;
    '--set')
        return
        ;;
    '--config')
        __sov_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--host')
        return
        ;;
    '--format')
        __sov_add_completions -W 'utf8'$'\n''svg'$'\n''png'
        return
        ;;
    '--output')
        __sov_add_completions -f
        return
        ;;
    '--level')
        return
        ;;
    '--expires')
        return
        ;;
    '--window')
        return
        ;;
    '--device')
        return
        ;;
    esac
}

_sov_status() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-node --tor --no-auth --watch --kiosk --version -h --help)
    repeating_options=(--tcp --tls --ws --wss --allow-ip --set)
    non_repeating_options=(--network --node --node-datadir --rpc-cookie --rpc-user --rpc-password --timeout --data-dir --blocks-dir --metrics --status --tls-cert --tls-key --banner --config --interval)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--node')
        return
        ;;
    '--node-datadir')
        __sov_add_completions -d
        return
        ;;
    '--rpc-cookie')
        __sov_add_completions -f
        return
        ;;
    '--rpc-user')
        return
        ;;
    '--rpc-password')
        return
        ;;
    '--timeout')
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--blocks-dir')
        __sov_add_completions -d
        return
        ;;
    '--tcp')
        return
        ;;
    '--tls')
        return
        ;;
    '--ws')
        return
        ;;
    '--wss')
        return
        ;;
    '--metrics')
        return
        ;;
    '--status')
        return
        ;;
    '--tls-cert')
        __sov_add_completions -f
        return
        ;;
    '--tls-key')
        __sov_add_completions -f
        return
        ;;
    '--allow-ip')
        return
        ;;
    '--banner')
        return
        ;;
    '--set')
        return
        ;;
    '--config')
        __sov_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--interval')
        return
        ;;
    esac
}

_sov_service() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __sov_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    install)
        # Offer subcommand argument completions
        "_sov_service_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'install' -- "${cur}"))
        ;;
    esac
}

_sov_service_install() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-node --tor --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir --blocks-dir --user --config --binary --output)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--blocks-dir')
        __sov_add_completions -d
        return
        ;;
    '--user')
        return
        ;;
    '--config')
        __sov_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--binary')
        __sov_add_completions -f
        return
        ;;
    '--output')
        __sov_add_completions -f
        return
        ;;
    esac
}

_sov_wallet() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __sov_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    create|import|export|list|info|delete|address|connect|sync|balance|utxos|history|tx|lock|label)
        # Offer subcommand argument completions
        "_sov_wallet_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'create import export list info delete address connect sync balance utxos history tx lock label' -- "${cur}"))
        ;;
    esac
}

_sov_wallet_create() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --mnemonic-stdin --keep-keys --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet --descriptor --change-descriptor --passphrase-fd --key-passphrase-fd --type --account --gap-limit)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    '--descriptor')
        return
        ;;
    '--change-descriptor')
        return
        ;;
    '--passphrase-fd')
        return
        ;;
    '--key-passphrase-fd')
        return
        ;;
    '--type')
        __sov_add_completions -W 'pkh'$'\n''sh-wpkh'$'\n''wpkh'$'\n''tr'
        return
        ;;
    '--account')
        return
        ;;
    '--gap-limit')
        return
        ;;
    esac
}

_sov_wallet_import() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet --type --gap-limit)
    __sov_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    '--type')
        __sov_add_completions -W 'pkh'$'\n''sh-wpkh'$'\n''wpkh'$'\n''tr'
        return
        ;;
    '--gap-limit')
        return
        ;;
    esac
}

_sov_wallet_export() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --private --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet --key-passphrase-fd)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    '--key-passphrase-fd')
        return
        ;;
    esac
}

_sov_wallet_list() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    esac
}

_sov_wallet_info() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    esac
}

_sov_wallet_delete() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --yes --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    esac
}

_sov_wallet_address() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --change --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet --index)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    '--index')
        return
        ;;
    esac
}

_sov_wallet_connect() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet --timeout)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    '--timeout')
        return
        ;;
    esac
}

_sov_wallet_sync() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=(--server --tls-fingerprint)
    non_repeating_options=(--network --data-dir -w --wallet --timeout)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    '--server')
        return
        ;;
    '--tls-fingerprint')
        return
        ;;
    '--timeout')
        return
        ;;
    esac
}

_sov_wallet_balance() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    esac
}

_sov_wallet_utxos() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    esac
}

_sov_wallet_history() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    esac
}

_sov_wallet_tx() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    esac
}

_sov_wallet_lock() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --unlock --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet)
    __sov_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    esac
}

_sov_wallet_label() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __sov_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    set|import|export)
        # Offer subcommand argument completions
        "_sov_wallet_label_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'set import export' -- "${cur}"))
        ;;
    esac
}

_sov_wallet_label_set() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet)
    __sov_offer_flags_options 3

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __sov_add_completions -W 'tx'$'\n''addr'$'\n''pubkey'$'\n''input'$'\n''output'$'\n''xpub'
        return
        ;;
    esac
}

_sov_wallet_label_import() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    esac
}

_sov_wallet_label_export() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    esac
}

_sov_tx() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __sov_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    create|bump|cpfp|sign|combine|finalize|extract|analyze|broadcast)
        # Offer subcommand argument completions
        "_sov_tx_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'create bump cpfp sign combine finalize extract analyze broadcast' -- "${cur}"))
        ;;
    esac
}

_sov_tx_create() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --max --no-rbf --force --version -h --help)
    repeating_options=(--to --utxo --exclude --subtract-fee-from)
    non_repeating_options=(--network --data-dir -w --wallet --fee-rate --conf-target --server --change-to --locktime --data --psbt-version)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    '--to')
        return
        ;;
    '--fee-rate')
        return
        ;;
    '--conf-target')
        return
        ;;
    '--server')
        return
        ;;
    '--utxo')
        return
        ;;
    '--exclude')
        return
        ;;
    '--change-to')
        return
        ;;
    '--locktime')
        return
        ;;
    '--data')
        return
        ;;
    '--subtract-fee-from')
        return
        ;;
    '--psbt-version')
        return
        ;;
    esac
}

_sov_tx_bump() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --force --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet --fee-rate --conf-target --server)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    '--fee-rate')
        return
        ;;
    '--conf-target')
        return
        ;;
    '--server')
        return
        ;;
    esac
}

_sov_tx_cpfp() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --force --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet --fee-rate --conf-target --server)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    '--fee-rate')
        return
        ;;
    '--conf-target')
        return
        ;;
    '--server')
        return
        ;;
    esac
}

_sov_tx_sign() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --no-finalize --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet --mnemonic-fd --passphrase-fd --key-passphrase-fd --signer)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    '--mnemonic-fd')
        return
        ;;
    '--passphrase-fd')
        return
        ;;
    '--key-passphrase-fd')
        return
        ;;
    '--signer')
        return
        ;;
    esac
}

_sov_tx_combine() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network)
    __sov_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    esac
}

_sov_tx_finalize() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    esac
}

_sov_tx_extract() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    esac
}

_sov_tx_analyze() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network)
    __sov_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    esac
}

_sov_tx_broadcast() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --package --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir -w --wallet --server --tls-fingerprint)
    __sov_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '-w'|'--wallet')
        return
        ;;
    '--server')
        return
        ;;
    '--tls-fingerprint')
        return
        ;;
    esac
}

_sov_demo() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--network --data-dir --tcp --tls)
    __sov_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--network')
        __sov_add_completions -W 'main'$'\n''test'$'\n''testnet4'$'\n''signet'$'\n''regtest'
        return
        ;;
    '--data-dir')
        __sov_add_completions -d
        return
        ;;
    '--tcp')
        return
        ;;
    '--tls')
        return
        ;;
    esac
}

_sov_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __sov_offer_flags_options -1
}

complete -o filenames -F _sov sov