#!/usr/bin/env python3
"""A lying Electrum server for sov's wallet tests: a proxy in front of a real `sov serve` that forwards every
request and falsifies one kind of answer, as a malicious or broken server would.

usage: lying_electrum.py UPSTREAM_HOST:PORT MODE
MODE: honest | header | merkle | withhold | swap | status | omit | future
("omit" leaves the newest transaction out of every history and announces the status of what it returns:
a consistent liar that a wallet can only catch by asking a second server. "future" places the newest
confirmed transaction of every history 1,000 blocks above the tip, its statuses consistent with that.)
Prints "listening PORT" once it accepts connections; serves until killed.
"""
import hashlib
import json
import socket
import sys
import threading

upstream_host, upstream_port = sys.argv[1].rsplit(":", 1)
mode = sys.argv[2]


def flip_hex(text, index):
    """`text` with the hex digit at `index` changed."""
    digit = "0" if text[index] != "0" else "1"
    return text[:index] + digit + text[index + 1:]


def status_of(history):
    if not history:
        return None
    text = "".join(f"{item['tx_hash']}:{item['height']}:" for item in history)
    return hashlib.sha256(text.encode()).hexdigest()


def upstream_history(scripthash):
    """The honest history of `scripthash`, asked on a connection of its own."""
    with socket.create_connection((upstream_host, int(upstream_port))) as connection:
        stream = connection.makefile("rb")
        hello = {"jsonrpc": "2.0", "id": 0, "method": "server.version", "params": ["lying_electrum", "1.4"]}
        request = {"jsonrpc": "2.0", "id": 1, "method": "blockchain.scripthash.get_history", "params": [scripthash]}
        connection.sendall((json.dumps(hello) + "\n" + json.dumps(request) + "\n").encode())
        stream.readline()
        return json.loads(stream.readline())["result"]


def future(history):
    """`history` with its newest confirmed transaction placed 1,000 blocks higher (above any tip here)."""
    confirmed = [item for item in history if item["height"] > 0]
    if confirmed:
        confirmed[-1]["height"] += 1000
    return history


def tamper(method, params, response):
    if "result" not in response or response.get("error") is not None:
        return response
    result = response["result"]
    if mode == "header" and method == "blockchain.block.headers":
        start = params[0]
        if start <= 100 < start + result.get("count", 0) and "hex" in result:
            # Header 100's merkle root starts at byte 36: its hash changes, so header 101 no longer connects.
            offset = (100 - start) * 160 + 72
            result["hex"] = flip_hex(result["hex"], offset)
    elif mode == "merkle" and method == "blockchain.transaction.get_merkle":
        if result.get("merkle"):
            result["merkle"][0] = flip_hex(result["merkle"][0], 0)
        else:
            result["pos"] = result.get("pos", 0) + 1
    elif mode == "withhold" and method == "blockchain.transaction.get":
        return {"jsonrpc": "2.0", "id": response.get("id"), "error": {"code": 2, "message": "no such mempool or blockchain transaction"}}
    elif mode == "swap" and method == "blockchain.transaction.get":
        # Another transaction: the same bytes with a different lock time.
        response["result"] = flip_hex(result, len(result) - 8)
    elif mode == "status" and method == "blockchain.scripthash.subscribe" and result is not None:
        response["result"] = hashlib.sha256(b"a lie").hexdigest()
    elif mode == "omit" and method == "blockchain.scripthash.subscribe" and result is not None:
        response["result"] = status_of(upstream_history(params[0])[:-1])
    elif mode == "omit" and method == "blockchain.scripthash.get_history":
        response["result"] = result[:-1]
    elif mode == "future" and method == "blockchain.scripthash.subscribe" and result is not None:
        response["result"] = status_of(future(upstream_history(params[0])))
    elif mode == "future" and method == "blockchain.scripthash.get_history":
        response["result"] = future(result)
    return response


def serve(client):
    upstream = socket.create_connection((upstream_host, int(upstream_port)))
    client_file = client.makefile("rb")
    upstream_file = upstream.makefile("rb")
    try:
        for line in client_file:
            request = json.loads(line)
            upstream.sendall(line)
            answer = json.loads(upstream_file.readline())
            requests = request if isinstance(request, list) else [request]
            answers = answer if isinstance(answer, list) else [answer]
            by_id = {r.get("id"): r for r in requests}
            changed = []
            for a in answers:
                r = by_id.get(a.get("id"), {})
                changed.append(tamper(r.get("method"), r.get("params", []), a))
            out = changed if isinstance(answer, list) else changed[0]
            client.sendall((json.dumps(out) + "\n").encode())
    except (OSError, ValueError):
        pass
    finally:
        client.close()
        upstream.close()


listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
print("listening", listener.getsockname()[1], flush=True)
while True:
    connection, _ = listener.accept()
    threading.Thread(target=serve, args=(connection,), daemon=True).start()
