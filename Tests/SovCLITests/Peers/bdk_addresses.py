#!/usr/bin/env python3
"""BDK (bdkpython, rust-miniscript underneath) derives the addresses of a descriptor: an independent
implementation of descriptors and miniscript to compare sov's with.

usage: bdk_addresses.py DESCRIPTOR COUNT
Prints a JSON list of the addresses at indexes 0…COUNT-1 (regtest). On failure: one line on stderr, exit 1.
"""
import json
import sys

import bdkpython as bdk


def main():
    descriptor, count = sys.argv[1], int(sys.argv[2])
    wallet = bdk.Wallet.create_single(bdk.Descriptor(descriptor, bdk.NetworkKind.TEST), bdk.Network.REGTEST,
                                      bdk.Persister.new_in_memory())
    print(json.dumps([str(wallet.peek_address(bdk.KeychainKind.EXTERNAL, i).address) for i in range(count)]))


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # noqa: BLE001 - one line for the test to show
        print(f"bdk: {error}", file=sys.stderr)
        sys.exit(1)
