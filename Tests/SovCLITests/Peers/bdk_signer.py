#!/usr/bin/env python3
"""A stand-in hardware wallet for sov's tests: speaks Bitcoin Core's -signer protocol (as HWI does) and signs with
BDK (bdkpython) from the private descriptors in $SOV_TEST_SIGNER_DESCRIPTORS (receive and change, joined by a
space). Its fingerprint is the descriptors' master key's, given in $SOV_TEST_SIGNER_FINGERPRINT.

  bdk_signer.py enumerate                                  -> [{"fingerprint": ..., "type": "bdk", "model": "test"}]
  bdk_signer.py --fingerprint FP --chain CHAIN signtx PSBT -> {"psbt": ...} or {"error": ...}
"""
import json
import os
import sys

import bdkpython as bdk


def main():
    fingerprint = os.environ["SOV_TEST_SIGNER_FINGERPRINT"]
    args = sys.argv[1:]
    if args == ["enumerate"]:
        print(json.dumps([{"fingerprint": fingerprint, "type": "bdk", "model": "test"}]))
        return
    if len(args) != 6 or args[0] != "--fingerprint" or args[2] != "--chain" or args[4] != "signtx":
        print(json.dumps({"error": f"unexpected arguments {args}"}))
        return
    if args[1] != fingerprint:
        print(json.dumps({"error": f"no device with fingerprint {args[1]}"}))
        return
    if args[3] != "regtest":
        print(json.dumps({"error": f"this device is set up for regtest, not {args[3]}"}))
        return
    receive, change = os.environ["SOV_TEST_SIGNER_DESCRIPTORS"].split(" ")
    wallet = bdk.Wallet(bdk.Descriptor(receive, bdk.NetworkKind.TEST), bdk.Descriptor(change, bdk.NetworkKind.TEST),
                        bdk.Network.REGTEST, bdk.Persister.new_in_memory())
    for keychain in (bdk.KeychainKind.EXTERNAL, bdk.KeychainKind.INTERNAL):
        wallet.reveal_addresses_to(keychain, 100)
    psbt = bdk.Psbt(args[5])
    # A device signs; finalizing is the host's job.
    wallet.sign(psbt, bdk.SignOptions(trust_witness_utxo=True, assume_height=None, allow_all_sighashes=False, try_finalize=False,
                                      sign_with_tap_internal_key=True, allow_grinding=True))
    print(json.dumps({"psbt": psbt.serialize()}))


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # noqa: BLE001
        print(json.dumps({"error": str(error)}))
