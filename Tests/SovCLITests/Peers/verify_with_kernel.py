#!/usr/bin/env python3
"""Verifies every input of a transaction with Bitcoin Core's consensus engine (py-bitcoinkernel), all flags.

stdin: {"tx": "<hex>", "spent": [{"script": "<hex>", "amount": <sats>}, ...]} (one per input, in order)
stdout: {"verified": <inputs>} ; exit 1 with the failure on stderr.
"""
import json
import sys

import pbk

request = json.load(sys.stdin)
tx = pbk.Transaction(bytes.fromhex(request["tx"]))
outputs = [pbk.TransactionOutput(pbk.ScriptPubkey(bytes.fromhex(s["script"])), s["amount"]) for s in request["spent"]]
precomputed = pbk.script.PrecomputedTransactionData(tx, outputs)
for index, spent in enumerate(request["spent"]):
    script = pbk.ScriptPubkey(bytes.fromhex(spent["script"]))
    try:
        ok = script.verify(spent["amount"], tx, precomputed, index, pbk.ScriptVerificationFlags.ALL)
    except Exception as error:  # ScriptVerifyException carries the status
        print(f"input {index}: {error!r}", file=sys.stderr)
        sys.exit(1)
    if not ok:
        print(f"input {index}: verification returned false", file=sys.stderr)
        sys.exit(1)
print(json.dumps({"verified": len(request["spent"])}))
