#!/usr/bin/env python3
"""A BDK wallet (bdkpython) as a real, independent client of an Electrum server.

Usage: bdk_full_scan.py SERVER DESCRIPTOR CHANGE_DESCRIPTOR [--network regtest] [--stop-gap 20] [--batch-size 10]

Creates an in-memory wallet from the two descriptors, runs BDK's full_scan against tcp://SERVER and prints
one JSON object: how long the scan took, the balance (satoshis), every transaction with its confirmation
height (null when unconfirmed) and what it sent and received, and every address the scan revealed.
Exit 0 on success; on any failure one line on stderr and exit 1 (69 when the server cannot be reached).
"""
import argparse
import json
import sys
import time

import bdkpython as bdk


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("server")
    parser.add_argument("descriptor")
    parser.add_argument("change_descriptor")
    parser.add_argument("--network", default="regtest")
    parser.add_argument("--stop-gap", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=10)
    args = parser.parse_args()
    network = getattr(bdk.Network, args.network.upper())
    kind = bdk.NetworkKind.MAIN if network == bdk.Network.BITCOIN else bdk.NetworkKind.TEST
    wallet = bdk.Wallet(bdk.Descriptor(args.descriptor, kind), bdk.Descriptor(args.change_descriptor, kind),
                        network, bdk.Persister.new_in_memory())
    try:
        client = bdk.ElectrumClient("tcp://" + args.server)
    except Exception as error:  # noqa: BLE001 - the binding raises its own types
        print(f"bdk: cannot reach {args.server}: {error}", file=sys.stderr)
        return 69
    started = time.monotonic()
    request = wallet.start_full_scan().build()
    update = client.full_scan(request, args.stop_gap, args.batch_size, True)
    wallet.apply_update(update)
    seconds = time.monotonic() - started

    balance = wallet.balance()
    transactions = []
    for canonical in wallet.transactions():
        tx = canonical.transaction
        position = canonical.chain_position
        height = position.confirmation_block_time.block_id.height if position.is_CONFIRMED() else None
        amounts = wallet.sent_and_received(tx)
        transactions.append({"txid": str(tx.compute_txid()), "height": height,
                             "sent": amounts.sent.to_sat(), "received": amounts.received.to_sat()})
    addresses = []
    for keychain in (bdk.KeychainKind.EXTERNAL, bdk.KeychainKind.INTERNAL):
        last = wallet.derivation_index(keychain)
        for index in range(0, (last if last is not None else -1) + 1):
            addresses.append(str(wallet.peek_address(keychain, index).address))
    print(json.dumps({
        "seconds": seconds,
        "balance": {name: getattr(balance, name).to_sat() for name in
                    ("immature", "trusted_pending", "untrusted_pending", "confirmed", "total")},
        "transactions": transactions,
        "addresses": addresses,
    }))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # noqa: BLE001 - one line, whatever failed
        print(f"bdk: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
