#!/usr/bin/env python3
"""BDK (bdkpython) on the other side of sov's PSBTs: signs a PSBT sov made, or makes one for sov to sign.

usage:
  bdk_psbt.py sign DESCRIPTOR CHANGE_DESCRIPTOR PSBT_BASE64 [--no-finalize]
      A wallet of the two (private) descriptors signs and finalizes the PSBT (only signs with --no-finalize);
      prints {"psbt", "finalized"}.
  bdk_psbt.py create SERVER DESCRIPTOR CHANGE_DESCRIPTOR ADDRESS SATS FEE_RATE
      A wallet of the two descriptors syncs from tcp://SERVER (full scan) and builds an unsigned payment;
      prints {"psbt"}.
Regtest. On failure: one line on stderr, exit 1.
"""
import json
import sys

import bdkpython as bdk

KIND = bdk.NetworkKind.TEST
NETWORK = bdk.Network.REGTEST


def wallet(descriptor, change):
    w = bdk.Wallet(bdk.Descriptor(descriptor, KIND), bdk.Descriptor(change, KIND), NETWORK, bdk.Persister.new_in_memory())
    # Let the wallet know its first scripts, so it recognises the inputs it is asked to sign.
    for keychain in (bdk.KeychainKind.EXTERNAL, bdk.KeychainKind.INTERNAL):
        w.reveal_addresses_to(keychain, 100)
    return w


def main():
    mode = sys.argv[1]
    if mode == "sign":
        w = wallet(sys.argv[2], sys.argv[3])
        psbt = bdk.Psbt(sys.argv[4])
        if sys.argv[5:] == ["--no-finalize"]:
            finalized = w.sign(psbt, bdk.SignOptions(trust_witness_utxo=False, assume_height=None, allow_all_sighashes=False,
                                                     try_finalize=False, sign_with_tap_internal_key=True, allow_grinding=True))
        else:
            finalized = w.sign(psbt)
        print(json.dumps({"psbt": psbt.serialize(), "finalized": finalized}))
    elif mode == "create":
        server, descriptor, change, address, sats, rate = sys.argv[2:8]
        w = wallet(descriptor, change)
        client = bdk.ElectrumClient("tcp://" + server)
        w.apply_update(client.full_scan(w.start_full_scan().build(), 20, 10, True))
        script = bdk.Address(address, NETWORK).script_pubkey()
        psbt = (bdk.TxBuilder().add_recipient(script, bdk.Amount.from_sat(int(sats)))
                .fee_rate(bdk.FeeRate.from_sat_per_vb(int(rate))).finish(w))
        print(json.dumps({"psbt": psbt.serialize()}))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # noqa: BLE001 - the binding raises its own types
        print(f"bdk: {error}", file=sys.stderr)
        sys.exit(1)
