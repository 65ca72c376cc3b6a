"""A subscriber that reads as fast as Python can: websocket-client, as a third-party app would.

Usage: burst_client.py WS_URL CONN_ID EXPECTED RCVBUF [BYTES_PER_S]

Opens WS_URL/ws?conn_id=CONN_ID with a receive buffer of RCVBUF bytes (so the kernel cannot hold
a burst for it), prints "open", then reads until EXPECTED messages ({"seq": n} payloads) arrived,
the server closed the socket, or 120 s passed; with BYTES_PER_S, never faster than that (a steady
reader slower than the burst). Every event of a frame's array counts. Prints one JSON line:
received, frames, in_order, close_code (null while open).
"""
import json
import socket
import sys
import time

import websocket


def main():
    url, conn_id, expected, rcvbuf = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rate = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    ws = websocket.create_connection(url + "/ws?conn_id=" + conn_id, timeout=60,
                                     sockopt=((socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf),))
    print("open", flush=True)
    received, frames, last, in_order, close_code = 0, 0, -1, True, None
    start, taken = time.time(), 0
    deadline = start + 120
    while received < expected and time.time() < deadline:
        opcode, frame = ws.recv_data_frame()
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            close_code = int.from_bytes(frame.data[:2], "big") if len(frame.data) >= 2 else 1005
            break
        frames += 1
        taken += len(frame.data)
        if rate:
            ahead = taken / rate - (time.time() - start)
            if ahead > 0:
                time.sleep(ahead)
        for event in json.loads(frame.data.decode("utf-8")):
            if event.get("type") != "message":
                continue
            seq = event["message"]["seq"]
            in_order = in_order and seq == last + 1
            last = seq
            received += 1
    print(json.dumps({"received": received, "frames": frames, "in_order": in_order, "close_code": close_code}),
          flush=True)
    ws.close()


if __name__ == "__main__":
    main()
